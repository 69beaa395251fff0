package io.ledgerline.receivables.projection;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The supervisors' queue of collections' write-off proposals (flows.md §3): received, then approved (the invoice
 * written off under the proposal's id) or declined. Only the proposal events and write-offs are looked at.
 */
@ApplicationScoped
public class WriteOffProposalReadModel implements Projection {

    public static final String NAME = "write-off-proposals";
    static final List<String> TABLES = List.of("write_off_proposal_view");

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
        return prepare(recorded).writeTo(session);
    }

    /**
     * Picks and decodes this projection's events (off the event loop, see {@link Projection#prepare});
     * the step returned finds the proposals they name and writes them.
     */
    @Override
    public Prepared prepare(List<RecordedEvent> recorded) {
        List<ReceivablesEvent> events = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (RecordedEvent r : recorded) {
            // Most of the ledger's events are none of this projection's business: skip them before decoding.
            switch (r.eventType()) {
                case "WriteOffProposalReceived", "WriteOffProposalDeclined", "InvoiceWrittenOff" -> {
                    ReceivablesEvent event = AccountEvents.fromRecorded(r);
                    events.add(event);
                    switch (event) {
                        case ReceivablesEvent.WriteOffProposalDeclined e ->
                                keys.add(WriteOffProposalView.key(e.customerId(), e.proposalId()));
                        case ReceivablesEvent.InvoiceWrittenOff e ->
                                keys.add(WriteOffProposalView.key(e.customerId(), e.writeOffId()));
                        default -> {
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (events.isEmpty()) {
            return session -> Uni.createFrom().voidItem();
        }
        return session -> write(session, events, keys);
    }

    private static Uni<Void> write(Mutiny.Session session, List<ReceivablesEvent> events, Set<String> keys) {
        Uni<List<WriteOffProposalView>> existing = keys.isEmpty() ? Uni.createFrom().item(List.of())
                : session.find(WriteOffProposalView.class, keys.toArray());
        return existing.chain(found -> {
            Map<String, WriteOffProposalView> views = new HashMap<>();
            for (WriteOffProposalView view : found) {
                if (view != null) {
                    views.put(view.id, view);
                }
            }
            List<Object> created = new ArrayList<>();
            for (ReceivablesEvent event : events) {
                switch (event) {
                    case ReceivablesEvent.WriteOffProposalReceived e -> {
                        WriteOffProposalView view = new WriteOffProposalView();
                        view.id = WriteOffProposalView.key(e.customerId(), e.proposalId());
                        view.customerId = e.customerId();
                        view.proposalId = e.proposalId();
                        view.invoiceId = e.invoiceId();
                        view.currency = e.currency();
                        view.amount = e.amount();
                        view.reason = e.reason();
                        view.caseId = e.caseId();
                        view.proposedBy = e.proposedBy() == null ? null : e.proposedBy().subject();
                        view.receivedDate = e.receivedDate();
                        view.status = "PENDING";
                        views.put(view.id, view);
                        created.add(view);
                    }
                    case ReceivablesEvent.WriteOffProposalDeclined e -> {
                        WriteOffProposalView view = views.get(WriteOffProposalView.key(e.customerId(), e.proposalId()));
                        if (view != null) {
                            view.status = "DECLINED";
                            view.decidedBy = e.by() == null ? null : e.by().subject();
                            view.decidedDate = e.declinedDate();
                            view.decisionNote = e.reason();
                        }
                    }
                    case ReceivablesEvent.InvoiceWrittenOff e -> {
                        // A write-off under a proposal's id is its approval; any other write-off is no proposal's.
                        WriteOffProposalView view = views.get(WriteOffProposalView.key(e.customerId(), e.writeOffId()));
                        if (view != null) {
                            view.status = "APPROVED";
                            view.decidedBy = e.approvedBy() != null ? e.approvedBy() : e.writtenOffBy();
                            view.decidedDate = e.writtenOffDate();
                        }
                    }
                    default -> {
                    }
                }
            }
            return created.isEmpty() ? Uni.createFrom().voidItem() : session.persistAll(created.toArray());
        });
    }
}
