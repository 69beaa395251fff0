package io.ledgerline.credit.projection;

import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the analysts' read models (orders, applications and reviews, customers) from credit's own events.
 * <p>
 * Orders, the table every order check adds a row to, are written set-based and nothing is read first
 * ({@link OrderRows}): the batch's checked orders in one {@code INSERT ... SELECT}, the batch's decisions and closures
 * on orders in one {@code UPDATE ... FROM}. Applications and customers (decisions, limits, holds, reviews: rare beside
 * checks) are loaded in one query per table, only the rows this batch's events touch, changed in memory and written
 * back when the transaction (which also moves the checkpoint) flushes.
 */
@ApplicationScoped
public class CreditReadModel implements Projection {

    public static final String NAME = "credit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("order_view", "application_view", "customer_view");
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> recorded) {
        List<CreditEvent> events = CreditEvents.fromRecorded(recorded);
        // Orders (nearly every event under load: one per check) are written set-based, without reading a row; the
        // rarer applications and customers are read (only those this batch's events touch) and written back.
        OrderRows orderRows = new OrderRows();
        Set<String> applications = new LinkedHashSet<>();
        Set<String> customers = new LinkedHashSet<>();
        for (CreditEvent event : events) {
            switch (event) {
                case CreditEvent.OrderCreditChecked e -> orderRows.checked(e);
                case CreditEvent.OrderReleased e -> orderRows.decided(e.orderId(), "RELEASED", e.releasedDate(), e.by());
                case CreditEvent.OrderRejected e -> orderRows.decided(e.orderId(), "REJECTED", e.rejectedDate(), e.by());
                case CreditEvent.OrderClosed e -> orderRows.closed(e.orderId(), e.closure().name());
                case CreditEvent.CreditDecisionMade e -> applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                case CreditEvent.CreditApprovalRequested e ->
                        applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                case CreditEvent.CreditApplicationReceived e ->
                        applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                case CreditEvent.RiskClassChanged e -> customers.add(e.customerId());
                case CreditEvent.CreditReviewDue e -> customers.add(e.customerId());
                case CreditEvent.CreditHoldPlaced e -> customers.add(e.customerId());
                case CreditEvent.CreditHoldReleased e -> customers.add(e.customerId());
                case CreditEvent.CreditLimitChanged e -> customers.add(e.customerId());
                case CreditEvent.CreditGroupChanged e -> customers.add(e.customerId());
            }
        }
        Uni<Void> orders = orderRows.write(session);
        if (applications.isEmpty() && customers.isEmpty()) {
            return orders;
        }
        return orders.chain(() -> load(session, ApplicationView.class, applications, v -> v.id))
                .chain(applicationRows -> load(session, CustomerView.class, customers, v -> v.customerId)
                        .chain(customerRows -> {
                            Batch batch = new Batch(applicationRows, customerRows);
                            events.forEach(batch::apply);
                            return batch.created.isEmpty() ? Uni.createFrom().voidItem()
                                    : session.persistAll(batch.created.toArray());
                        }));
    }

    private static <T> Uni<Map<String, T>> load(Mutiny.Session session, Class<T> type, Set<String> ids,
                                                Function<T, String> idOf) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return session.find(type, ids.toArray()).map(found -> {
            Map<String, T> byId = new HashMap<>();
            for (T row : found) {
                if (row != null) {
                    byId.put(idOf.apply(row), row);
                }
            }
            return byId;
        });
    }

    /** The rows of one batch in memory; rows created here are found by later events of the same batch. */
    private static final class Batch {
        final Map<String, ApplicationView> applications;
        final Map<String, CustomerView> customers;
        final List<Object> created = new ArrayList<>();

        Batch(Map<String, ApplicationView> applications, Map<String, CustomerView> customers) {
            this.applications = applications;
            this.customers = customers;
        }

        void apply(CreditEvent event) {
            switch (event) {
                case CreditEvent.OrderCreditChecked e -> {
                    // Orders: OrderRows.
                }
                case CreditEvent.OrderReleased e -> {
                }
                case CreditEvent.OrderRejected e -> {
                }
                case CreditEvent.OrderClosed e -> {
                }
                case CreditEvent.CreditApplicationReceived e -> {
                    ApplicationView view = application(e.customerId(), e.applicationId(), "APPLICATION");
                    view.currency = e.currency();
                    view.requestedLimit = e.requestedLimit();
                    view.receivedDate = e.receivedDate();
                    view.updatedDate = e.receivedDate();
                }
                case CreditEvent.CreditDecisionMade e -> {
                    ApplicationView view = application(e.customerId(), e.applicationId(),
                            e.requestedLimit() == null && e.applicationId().startsWith("REVIEW-") ? "REVIEW" : "APPLICATION");
                    view.status = e.decision().name();
                    view.currency = e.currency();
                    view.requestedLimit = e.requestedLimit();
                    view.recommendedLimit = e.recommendedLimit();
                    view.approvalLimit = e.approvedLimit();
                    view.score = e.score();
                    view.riskClass = e.riskClass();
                    view.updatedDate = e.asOf();
                    view.reason = e.reason();
                    view.approvalAskedBy = null;
                    if (view.receivedDate == null) {
                        view.receivedDate = e.asOf();
                    }
                }
                case CreditEvent.CreditApprovalRequested e -> {
                    ApplicationView view = application(e.customerId(), e.applicationId(), "APPLICATION");
                    view.status = "AWAITING_SECOND_APPROVAL";
                    view.approvalLimit = e.limit();
                    view.approvalAskedBy = e.by() == null ? null : e.by().subject();
                    view.updatedDate = e.requestedDate();
                    view.reason = e.reason();
                }
                case CreditEvent.RiskClassChanged e -> {
                    CustomerView view = customer(e.customerId());
                    view.riskClass = e.newRiskClass();
                    view.score = e.score();
                    view.nextReviewDate = e.nextReviewDate();
                    view.lastReviewDate = e.changedDate();
                    view.reviewDueSince = null;
                }
                case CreditEvent.CreditReviewDue e -> customer(e.customerId()).reviewDueSince = e.asOf();
                case CreditEvent.CreditHoldPlaced e -> customer(e.customerId()).activeHolds++;
                case CreditEvent.CreditHoldReleased e -> {
                    CustomerView view = customer(e.customerId());
                    view.activeHolds = Math.max(0, view.activeHolds - 1);
                }
                case CreditEvent.CreditLimitChanged e -> {
                    CustomerView view = customer(e.customerId());
                    view.limitCurrency = e.currency();
                    view.limitAmount = e.newLimit();
                }
                case CreditEvent.CreditGroupChanged e -> customer(e.customerId()).groupId =
                        e.members().isEmpty() ? null : e.groupId();
            }
        }

        private ApplicationView application(String customerId, String applicationId, String kind) {
            return applications.computeIfAbsent(ApplicationView.key(customerId, applicationId), key -> {
                ApplicationView view = new ApplicationView();
                view.id = key;
                view.customerId = customerId;
                view.applicationId = applicationId;
                view.kind = kind;
                view.status = "REFERRED";
                created.add(view);
                return view;
            });
        }

        private CustomerView customer(String customerId) {
            return customers.computeIfAbsent(customerId, id -> {
                CustomerView view = new CustomerView();
                view.customerId = id;
                created.add(view);
                return view;
            });
        }
    }
}
