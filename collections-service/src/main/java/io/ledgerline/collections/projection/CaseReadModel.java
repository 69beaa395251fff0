package io.ledgerline.collections.projection;

import io.ledgerline.collections.ledger.CollectionsEvents;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@code case_view} from collections' events, a batch per transaction: the rows of every customer in the batch
 * are loaded in one query, changed in memory and flushed with the checkpoint. Events that name no case (a kept or
 * broken promise, a contact without a case) go to the customer's case they belong to or its newest one.
 */
@ApplicationScoped
public class CaseReadModel implements Projection {

    public static final String NAME = "cases";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("case_view");
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> recorded) {
        List<CollectionsEvent> events = recorded.stream()
                .filter(r -> r.streamId().startsWith("collections-"))
                .map(CollectionsEvents::fromRecorded).toList();
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> customers = new LinkedHashSet<>();
        events.forEach(e -> customers.add(e.customerId()));
        return session.createQuery("from CaseView where customerId in :customers", CaseView.class)
                .setParameter("customers", customers).getResultList()
                .chain(rows -> {
                    Batch batch = new Batch(rows);
                    events.forEach(batch::apply);
                    return batch.created.isEmpty() ? Uni.createFrom().voidItem()
                            : session.persistAll(batch.created.toArray());
                });
    }

    private static final class Batch {
        final Map<String, CaseView> byCase = new HashMap<>();
        final Map<String, List<CaseView>> byCustomer = new HashMap<>();
        final List<Object> created = new ArrayList<>();

        Batch(List<CaseView> rows) {
            rows.forEach(this::index);
        }

        private void index(CaseView row) {
            byCase.put(row.caseId, row);
            byCustomer.computeIfAbsent(row.customerId, id -> new ArrayList<>()).add(row);
        }

        /** The case an event belongs to: the one it names, else the customer's open one, else its newest. */
        private CaseView caseOf(String customerId, String caseId) {
            if (caseId != null) {
                return byCase.get(caseId);
            }
            List<CaseView> rows = byCustomer.getOrDefault(customerId, List.of());
            return rows.stream().filter(r -> "OPEN".equals(r.status)).findFirst()
                    .orElseGet(() -> rows.stream().max(Comparator.comparing((CaseView r) -> r.openedDate)).orElse(null));
        }

        private CaseView withPromise(String customerId, String promiseId) {
            return byCustomer.getOrDefault(customerId, List.of()).stream()
                    .filter(r -> promiseId.equals(r.openPromiseId)).findFirst().orElse(null);
        }

        void apply(CollectionsEvent event) {
            String customer = event.customerId();
            switch (event) {
                case CollectionsEvent.CollectionCaseOpened e -> {
                    CaseView row = new CaseView();
                    row.caseId = e.caseId();
                    row.customerId = customer;
                    row.status = "OPEN";
                    row.strategy = e.strategy();
                    row.openedDate = e.asOf();
                    index(row);
                    created.add(row);
                }
                case CollectionsEvent.CollectionCaseAssigned e -> change(caseOf(customer, e.caseId()), r -> r.collector = e.collector());
                case CollectionsEvent.CollectionCaseClosed e -> change(caseOf(customer, e.caseId()), r -> {
                    r.status = "CLOSED";
                    r.closedDate = e.asOf();
                    r.closure = e.reason().name();
                });
                case CollectionsEvent.DunningLevelReached e -> change(caseOf(customer, e.caseId()), r -> {
                    r.level = e.level();
                    r.levelName = e.levelName();
                });
                case CollectionsEvent.ContactLogged e -> change(caseOf(customer, e.caseId()), r -> {
                    if (e.outcome() != CollectionsEvent.ContactOutcome.BOUNCED) {
                        r.lastContactAt = r.lastContactAt == null || e.contactedAt().isAfter(r.lastContactAt)
                                ? e.contactedAt() : r.lastContactAt;
                    }
                    if (e.direction() == CollectionsEvent.ContactDirection.INBOUND) {
                        if (r.inquiryOpenSince == null) {
                            r.inquiryOpenSince = e.contactedAt();
                        }
                    } else if (e.outcome() == CollectionsEvent.ContactOutcome.REACHED
                            || e.outcome() == CollectionsEvent.ContactOutcome.LEFT_MESSAGE
                            || e.outcome() == CollectionsEvent.ContactOutcome.DELIVERED) {
                        r.inquiryOpenSince = null;
                        r.inquiryOverdue = false;
                        if (e.channel() == CollectionsEvent.ContactChannel.PHONE) {
                            r.openCallTasks = 0;
                        }
                    }
                });
                case CollectionsEvent.InquiryResponseOverdue e -> change(caseOf(customer, e.caseId()), r -> {
                    if (r.inquiryOpenSince != null) {
                        r.inquiryOverdue = true;
                    }
                });
                case CollectionsEvent.CallTaskCreated e -> change(caseOf(customer, e.caseId()), r -> r.openCallTasks++);
                case CollectionsEvent.PromiseToPayMade e -> change(caseOf(customer, e.caseId()), r -> {
                    r.openPromiseId = e.promiseId();
                    r.openPromiseDue = e.dueDate();
                });
                case CollectionsEvent.PromiseToPayKept e -> change(withPromise(customer, e.promiseId()), r -> {
                    r.openPromiseId = null;
                    r.openPromiseDue = null;
                });
                case CollectionsEvent.PromiseToPayBroken e -> change(withPromise(customer, e.promiseId()), r -> {
                    r.openPromiseId = null;
                    r.openPromiseDue = null;
                    r.brokenPromises++;
                });
                case CollectionsEvent.AccountEscalated e -> change(caseOf(customer, e.caseId()), r -> r.escalatedTo = e.to().name());
                default -> {
                    // Holds, letters, plans and proposals are read from the case file itself (GET /cases/{id}).
                }
            }
        }

        private static void change(CaseView row, java.util.function.Consumer<CaseView> change) {
            if (row != null) {
                change.accept(row);
            }
        }
    }
}
