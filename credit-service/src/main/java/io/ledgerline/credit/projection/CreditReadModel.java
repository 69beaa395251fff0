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
import java.util.stream.Collectors;

/**
 * Builds the analysts' read models (orders, applications and reviews, customers) from credit's own events. A batch
 * loads every row it touches in one query per table, changes them in memory and writes them back when the
 * transaction (which also moves the checkpoint) flushes.
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
        Set<String> orders = new LinkedHashSet<>();
        Set<String> applications = new LinkedHashSet<>();
        Set<String> customers = new LinkedHashSet<>();
        for (CreditEvent event : events) {
            customers.add(event.customerId());
            switch (event) {
                case CreditEvent.OrderReleased e -> orders.add(e.orderId());
                case CreditEvent.OrderRejected e -> orders.add(e.orderId());
                case CreditEvent.OrderClosed e -> orders.add(e.orderId());
                case CreditEvent.OrderCreditChecked e -> orders.add(e.orderId());
                case CreditEvent.CreditDecisionMade e -> applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                case CreditEvent.CreditApprovalRequested e ->
                        applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                case CreditEvent.CreditApplicationReceived e ->
                        applications.add(ApplicationView.key(e.customerId(), e.applicationId()));
                default -> {
                }
            }
        }
        return load(session, OrderView.class, orders, v -> v.orderId)
                .chain(orderRows -> load(session, ApplicationView.class, applications, v -> v.id)
                        .chain(applicationRows -> load(session, CustomerView.class, customers, v -> v.customerId)
                                .chain(customerRows -> {
                                    Batch batch = new Batch(orderRows, applicationRows, customerRows);
                                    events.forEach(batch::apply);
                                    return batch.created.isEmpty() ? Uni.createFrom().voidItem()
                                            : session.persistAll(batch.created.toArray());
                                })));
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
        final Map<String, OrderView> orders;
        final Map<String, ApplicationView> applications;
        final Map<String, CustomerView> customers;
        final List<Object> created = new ArrayList<>();

        Batch(Map<String, OrderView> orders, Map<String, ApplicationView> applications,
              Map<String, CustomerView> customers) {
            this.orders = orders;
            this.applications = applications;
            this.customers = customers;
        }

        void apply(CreditEvent event) {
            switch (event) {
                case CreditEvent.OrderCreditChecked e -> {
                    if (!orders.containsKey(e.orderId())) {
                        OrderView view = new OrderView();
                        view.orderId = e.orderId();
                        view.customerId = e.customerId();
                        view.currency = e.currency();
                        view.amount = e.amount();
                        view.outcome = e.outcome().name();
                        view.status = e.outcome().name();
                        view.reasons = e.reasons().stream().map(r -> r.code() + ": " + r.text())
                                .collect(Collectors.joining("; "));
                        view.checkedDate = e.checkedDate();
                        view.expiresOn = e.expiresOn();
                        orders.put(view.orderId, view);
                        created.add(view);
                    }
                }
                case CreditEvent.OrderReleased e -> order(e.orderId(), "RELEASED", e.releasedDate(), e.by());
                case CreditEvent.OrderRejected e -> order(e.orderId(), "REJECTED", e.rejectedDate(), e.by());
                case CreditEvent.OrderClosed e -> {
                    OrderView view = orders.get(e.orderId());
                    if (view != null) {
                        view.status = "CLOSED";
                        view.closure = e.closure().name();
                    }
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

        private void order(String orderId, String status, java.time.LocalDate date,
                           io.ledgerline.events.common.Actor by) {
            OrderView view = orders.get(orderId);
            if (view != null) {
                view.status = status;
                view.decidedDate = date;
                view.decidedBy = by == null ? null : by.subject();
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
