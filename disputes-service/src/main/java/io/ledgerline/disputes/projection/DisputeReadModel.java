package io.ledgerline.disputes.projection;

import io.ledgerline.disputes.domain.Money;
import io.ledgerline.disputes.ledger.DisputeEvents;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the case list and the analytics rows from the event store. The runner hands it a batch in the global order
 * in the transaction that also moves its checkpoint; every case the batch touches is loaded in one query, changed in
 * memory and written back at the flush.
 */
@ApplicationScoped
public class DisputeReadModel implements Projection {

    public static final String NAME = "disputes";
    static final List<String> TABLES = List.of("dispute_view", "dispute_resolution_view");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> tables() {
        return TABLES;
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> recorded) {
        Set<String> ids = new LinkedHashSet<>();
        recorded.forEach(r -> ids.add(DisputeEvents.disputeIdOf(r.streamId())));
        return session.find(DisputeView.class, ids.toArray()).chain(found -> {
            Map<String, DisputeView> views = new HashMap<>();
            for (DisputeView view : found) {
                if (view != null) {
                    views.put(view.disputeId, view);
                }
            }
            List<Object> created = new ArrayList<>();
            for (RecordedEvent r : recorded) {
                apply(DisputeEvents.fromRecorded(r), r.version(), views, created);
            }
            return created.isEmpty() ? Uni.createFrom().voidItem() : session.persistAll(created.toArray());
        });
    }

    private static void apply(DisputesEvent event, long version, Map<String, DisputeView> views, List<Object> created) {
        if (event instanceof DisputesEvent.DisputeOpened e) {
            DisputeView view = new DisputeView();
            view.disputeId = e.disputeId();
            view.customerId = e.customerId();
            view.kind = e.kind().name();
            view.reasonCode = e.reasonCode();
            view.status = "OPEN";
            view.currency = e.currency();
            view.invoices = invoices(e.invoices());
            view.disputed = total(e.invoices());
            view.credited = Money.zero(e.currency()); // 0.00, not 0: lists show amounts in the currency's scale
            view.openedDate = e.openedDate();
            view.roundStart = e.openedDate();
            view.slaDueDate = e.slaDueDate();
            view.sourcePaymentId = e.sourcePaymentId();
            view.description = e.description();
            view.version = version;
            views.put(view.disputeId, view);
            created.add(view);
            return;
        }
        DisputeView view = views.get(disputeIdOf(event));
        if (view == null) {
            return;
        }
        view.version = version;
        switch (event) {
            case DisputesEvent.DisputeAssigned e -> view.owner = e.owner();
            case DisputesEvent.DisputeReviewStarted e -> view.status = "IN_REVIEW";
            case DisputesEvent.DisputeEscalated e -> {
                view.status = "ESCALATED";
                view.escalated = true;
            }
            case DisputesEvent.DisputeResolutionProposed e -> view.awaitingApproval = true;
            case DisputesEvent.DisputeResolutionDeclined e -> {
                view.awaitingApproval = false;
                view.status = "IN_REVIEW";
            }
            case DisputesEvent.DisputeResolved e -> {
                BigDecimal credit = e.invoices().stream().map(DisputesEvent.ResolvedInvoice::creditAmount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                view.status = "RESOLVED";
                view.awaitingApproval = false;
                view.lastOutcome = e.outcome().name();
                view.credited = view.credited.add(credit);
                if (view.firstResolved == null) {
                    view.firstResolved = e.resolvedDate();
                }
                DisputeResolutionView resolution = new DisputeResolutionView();
                resolution.resolutionId = e.resolutionId();
                resolution.disputeId = e.disputeId();
                resolution.customerId = e.customerId();
                resolution.kind = view.kind;
                resolution.reasonCode = view.reasonCode;
                resolution.outcome = e.outcome().name();
                resolution.currency = e.currency();
                resolution.disputed = e.invoices().stream().map(DisputesEvent.ResolvedInvoice::disputedAmount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                resolution.credited = credit;
                resolution.roundStart = view.roundStart;
                resolution.resolvedDate = e.resolvedDate();
                resolution.cycleDays = (int) ChronoUnit.DAYS.between(view.roundStart, e.resolvedDate());
                created.add(resolution);
            }
            case DisputesEvent.DisputeClosed e -> {
                if (!"RESOLVED".equals(view.status)) {
                    // Closed while open: the round ends here, not in a resolution.
                    view.roundClosed = e.closedDate();
                }
                view.status = "CLOSED";
                view.awaitingApproval = false;
                if (e.closure() == DisputesEvent.Closure.WITHDRAWN) {
                    view.lastOutcome = "WITHDRAWN";
                }
            }
            case DisputesEvent.DisputeReopened e -> {
                view.status = "REOPENED";
                view.roundClosed = null;
                view.escalated = false;
                view.roundStart = e.reopenedDate();
                view.slaDueDate = null;
                view.invoices = invoices(e.invoices());
                view.disputed = total(e.invoices());
            }
            default -> {
                // Notes and evidence change nothing listed here.
            }
        }
    }

    private static String disputeIdOf(DisputesEvent event) {
        return switch (event) {
            case DisputesEvent.DisputeOpened e -> e.disputeId();
            case DisputesEvent.DisputeAssigned e -> e.disputeId();
            case DisputesEvent.DisputeEscalated e -> e.disputeId();
            case DisputesEvent.DisputeResolved e -> e.disputeId();
            case DisputesEvent.DisputeClosed e -> e.disputeId();
            case DisputesEvent.DisputeReopened e -> e.disputeId();
            case DisputesEvent.DisputeReviewStarted e -> e.disputeId();
            case DisputesEvent.DisputeNoteAdded e -> e.disputeId();
            case DisputesEvent.DisputeEvidenceAttached e -> e.disputeId();
            case DisputesEvent.DisputeResolutionProposed e -> e.disputeId();
            case DisputesEvent.DisputeResolutionDeclined e -> e.disputeId();
        };
    }

    private static String invoices(List<DisputesEvent.DisputedInvoice> invoices) {
        return invoices.stream().map(i -> i.invoiceId() + "=" + i.amount().toPlainString()).collect(Collectors.joining(","));
    }

    private static BigDecimal total(List<DisputesEvent.DisputedInvoice> invoices) {
        return invoices.stream().map(DisputesEvent.DisputedInvoice::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
