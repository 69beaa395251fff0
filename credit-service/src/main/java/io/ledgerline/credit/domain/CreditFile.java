package io.ledgerline.credit.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.credit.CreditEvent.CreditApplicationReceived;
import io.ledgerline.events.credit.CreditEvent.CreditApprovalRequested;
import io.ledgerline.events.credit.CreditEvent.CreditDecisionMade;
import io.ledgerline.events.credit.CreditEvent.CreditHoldPlaced;
import io.ledgerline.events.credit.CreditEvent.CreditLimitChanged;
import io.ledgerline.events.credit.CreditEvent.OrderCreditChecked;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's credit file as its own events made it: limits, holds, orders checked, applications and decisions,
 * risk class and review dates, and the credit group it heads. {@link #evolve} folds one event; it never decides.
 */
public final class CreditFile {

    /** A limit as it was set: permanent from {@code validFrom} (until {@code validTo} if given), or temporary. */
    public static final class LimitEntry {
        public final CreditLimitChanged event;
        boolean superseded;

        LimitEntry(CreditLimitChanged event) {
            this.event = event;
        }

        public boolean superseded() {
            return superseded;
        }

        LimitEntry copy() {
            LimitEntry copy = new LimitEntry(event);
            copy.superseded = superseded;
            return copy;
        }

        boolean covers(LocalDate day) {
            return !event.validFrom().isAfter(day) && (event.validTo() == null || !event.validTo().isBefore(day));
        }
    }

    /** The limit in force on a day: the permanent one and, during a temporary increase, the raised amount. */
    public record LimitInForce(String currency, BigDecimal amount, BigDecimal permanent, LocalDate temporaryUntil,
                               LocalDate validTo, String groupId) {
    }

    public static final class Hold {
        public final CreditHoldPlaced placed;
        CreditEvent.CreditHoldReleased released;

        Hold(CreditHoldPlaced placed) {
            this.placed = placed;
        }

        public boolean active() {
            return released == null;
        }

        Hold copy() {
            Hold copy = new Hold(placed);
            copy.released = released;
            return copy;
        }

        public CreditEvent.CreditHoldReleased released() {
            return released;
        }

        public String rule() {
            return placed.rule();
        }
    }

    public enum OrderStatus { RELEASED, HELD, REJECTED, CLOSED }

    public static final class Order {
        public final OrderCreditChecked check;
        OrderStatus status;
        CreditEvent.OrderClosure closure;
        String invoiceId;
        LocalDate decidedDate;
        Actor decidedBy;
        String decisionReason;

        Order(OrderCreditChecked check) {
            this.check = check;
            this.status = switch (check.outcome()) {
                case RELEASED -> OrderStatus.RELEASED;
                case HELD -> OrderStatus.HELD;
                case REJECTED -> OrderStatus.REJECTED;
            };
        }

        public OrderStatus status() {
            return status;
        }

        Order copy() {
            Order copy = new Order(check);
            copy.status = status;
            copy.closure = closure;
            copy.invoiceId = invoiceId;
            copy.decidedDate = decidedDate;
            copy.decidedBy = decidedBy;
            copy.decisionReason = decisionReason;
            return copy;
        }

        public CreditEvent.OrderClosure closure() {
            return closure;
        }

        public String invoiceId() {
            return invoiceId;
        }

        public LocalDate decidedDate() {
            return decidedDate;
        }

        public Actor decidedBy() {
            return decidedBy;
        }

        public String decisionReason() {
            return decisionReason;
        }

        /** Still waiting for the ERP or an analyst (held or released, not rejected, closed or past its expiry). */
        public boolean openOn(LocalDate day) {
            return (status == OrderStatus.RELEASED || status == OrderStatus.HELD)
                    && (check.expiresOn() == null || !day.isAfter(check.expiresOn()));
        }
    }

    public enum ApplicationKind { APPLICATION, REVIEW }

    public enum ApplicationStatus { REFERRED, AWAITING_SECOND_APPROVAL, APPROVED, DECLINED }

    public static final class Application {
        public final String applicationId;
        public final ApplicationKind kind;
        CreditApplicationReceived received;
        final List<CreditDecisionMade> decisions = new ArrayList<>();
        CreditApprovalRequested pendingApproval;
        ApplicationStatus status = ApplicationStatus.REFERRED;

        Application(String applicationId, ApplicationKind kind) {
            this.applicationId = applicationId;
            this.kind = kind;
        }

        public CreditApplicationReceived received() {
            return received;
        }

        Application copy() {
            Application copy = new Application(applicationId, kind);
            copy.received = received;
            copy.decisions.addAll(decisions);
            copy.pendingApproval = pendingApproval;
            copy.status = status;
            return copy;
        }

        public List<CreditDecisionMade> decisions() {
            return Collections.unmodifiableList(decisions);
        }

        public CreditDecisionMade lastDecision() {
            return decisions.isEmpty() ? null : decisions.getLast();
        }

        public CreditApprovalRequested pendingApproval() {
            return pendingApproval;
        }

        public ApplicationStatus status() {
            return status;
        }
    }

    /** One point of the score history: a decision's score and class. */
    public record ScorePoint(LocalDate asOf, int score, String riskClass, String applicationId,
                             CreditEvent.Decision decision) {
    }

    public record Group(String groupId, List<String> members) {
    }

    private final String customerId;
    private final List<LimitEntry> limits = new ArrayList<>();
    private final Map<String, Hold> holds = new LinkedHashMap<>();
    private final Map<String, Order> orders = new LinkedHashMap<>();
    private final Map<String, Application> applications = new LinkedHashMap<>();
    private final List<ScorePoint> scoreHistory = new ArrayList<>();
    private String riskClass;
    private Integer score;
    private LocalDate nextReviewDate;
    private LocalDate lastReviewDate;
    private LocalDate lastReviewDue;
    private CreditDecisionMade lastDecision;
    private Group group;
    private long version;

    public CreditFile(String customerId) {
        this.customerId = customerId;
    }

    /** An independent copy: changing it leaves this one as it is. */
    public CreditFile copy() {
        CreditFile copy = new CreditFile(customerId);
        limits.forEach(entry -> copy.limits.add(entry.copy()));
        holds.forEach((id, hold) -> copy.holds.put(id, hold.copy()));
        // Orders are shared, not copied: a check adds one to the copy and leaves the others as they are, and a file
        // changes an order only through its own copy of it (mutableOrder). Copying every order of the customer's
        // history made each check's cost grow with the orders ever checked.
        copy.orders.putAll(orders);
        applications.forEach((id, application) -> copy.applications.put(id, application.copy()));
        copy.scoreHistory.addAll(scoreHistory);
        copy.riskClass = riskClass;
        copy.score = score;
        copy.nextReviewDate = nextReviewDate;
        copy.lastReviewDate = lastReviewDate;
        copy.lastReviewDue = lastReviewDue;
        copy.lastDecision = lastDecision;
        copy.group = group;
        copy.version = version;
        return copy;
    }

    public void evolve(CreditEvent event) {
        version++;
        switch (event) {
            case CreditApplicationReceived e -> application(e.applicationId(), ApplicationKind.APPLICATION).received = e;
            case CreditDecisionMade e -> {
                Application application = application(e.applicationId(),
                        e.requestedLimit() == null && !applications.containsKey(e.applicationId())
                                ? ApplicationKind.REVIEW : ApplicationKind.APPLICATION);
                application.decisions.add(e);
                application.pendingApproval = null;
                application.status = switch (e.decision()) {
                    case APPROVED -> ApplicationStatus.APPROVED;
                    case DECLINED -> ApplicationStatus.DECLINED;
                    case REFERRED -> ApplicationStatus.REFERRED;
                };
                scoreHistory.add(new ScorePoint(e.asOf(), e.score(), e.riskClass(), e.applicationId(), e.decision()));
                lastDecision = e;
                if (e.decision() != CreditEvent.Decision.REFERRED) {
                    lastReviewDate = e.asOf();
                }
            }
            case CreditApprovalRequested e -> {
                Application application = application(e.applicationId(), ApplicationKind.APPLICATION);
                application.pendingApproval = e;
                application.status = ApplicationStatus.AWAITING_SECOND_APPROVAL;
            }
            case CreditLimitChanged e -> {
                for (LimitEntry entry : limits) {
                    if (entry.event.currency().equals(e.currency()) && entry.event.temporary()
                            && !e.validFrom().isBefore(entry.event.validFrom())) {
                        // A later limit in the same currency ends the temporary one (or records its end).
                        entry.superseded = true;
                    }
                }
                limits.add(new LimitEntry(e));
            }
            case CreditHoldPlaced e -> holds.putIfAbsent(e.holdId(), new Hold(e));
            case CreditEvent.CreditHoldReleased e -> {
                Hold hold = holds.get(e.holdId());
                if (hold != null) {
                    hold.released = e;
                }
            }
            case CreditEvent.RiskClassChanged e -> {
                riskClass = e.newRiskClass();
                score = e.score();
                nextReviewDate = e.nextReviewDate();
            }
            case OrderCreditChecked e -> orders.putIfAbsent(e.orderId(), new Order(e));
            case CreditEvent.OrderReleased e -> decided(e.orderId(), OrderStatus.RELEASED, e.releasedDate(), e.by(),
                    e.reason());
            case CreditEvent.OrderRejected e -> decided(e.orderId(), OrderStatus.REJECTED, e.rejectedDate(), e.by(),
                    e.reason());
            case CreditEvent.OrderClosed e -> {
                Order order = mutableOrder(e.orderId());
                if (order != null) {
                    order.status = OrderStatus.CLOSED;
                    order.closure = e.closure();
                    order.invoiceId = e.invoiceId();
                }
            }
            case CreditEvent.CreditReviewDue e -> lastReviewDue = e.asOf();
            case CreditEvent.CreditGroupChanged e -> group = e.members().isEmpty() ? null
                    : new Group(e.groupId(), List.copyOf(e.members()));
        }
    }

    private void decided(String orderId, OrderStatus status, LocalDate date, Actor by, String reason) {
        Order order = mutableOrder(orderId);
        if (order != null) {
            order.status = status;
            order.decidedDate = date;
            order.decidedBy = by;
            order.decisionReason = reason;
        }
    }

    /**
     * The order, as this file's own copy that may be changed: orders are shared between a file and its copies
     * ({@link #copy}), so an order is copied before it changes and the copy takes its place (in the same position).
     */
    private Order mutableOrder(String orderId) {
        Order shared = orders.get(orderId);
        if (shared == null) {
            return null;
        }
        Order own = shared.copy();
        orders.put(orderId, own);
        return own;
    }

    private Application application(String id, ApplicationKind kind) {
        return applications.computeIfAbsent(id, any -> new Application(id, kind));
    }

    /**
     * The limit in force on a day. The currency is that of the latest permanent limit set (a limit may be set in one
     * currency over exposure in several); a temporary increase in that currency raises it between its dates.
     */
    public LimitInForce limitOn(LocalDate day) {
        LimitEntry permanent = null;
        for (LimitEntry entry : limits) {
            if (!entry.event.temporary() && entry.covers(day)) {
                permanent = entry;
            }
        }
        if (permanent == null) {
            return null;
        }
        String currency = permanent.event.currency();
        LimitEntry temporary = null;
        for (LimitEntry entry : limits) {
            if (entry.event.temporary() && entry.event.currency().equals(currency) && entry.covers(day)
                    && !entry.superseded) {
                temporary = entry;
            }
        }
        BigDecimal base = permanent.event.newLimit();
        if (temporary != null && temporary.event.newLimit().compareTo(base) > 0) {
            return new LimitInForce(currency, temporary.event.newLimit(), base, temporary.event.validTo(),
                    permanent.event.validTo(), permanent.event.groupId());
        }
        return new LimitInForce(currency, base, base, null, permanent.event.validTo(), permanent.event.groupId());
    }

    /** The currency the customer's limits are kept in lately (null before any limit). */
    public String limitCurrency() {
        for (LimitEntry entry : limits.reversed()) {
            if (!entry.event.temporary()) {
                return entry.event.currency();
            }
        }
        return limits.isEmpty() ? null : limits.getLast().event.currency();
    }

    public String customerId() {
        return customerId;
    }

    public List<LimitEntry> limits() {
        return Collections.unmodifiableList(limits);
    }

    public Collection<Hold> holds() {
        return Collections.unmodifiableCollection(holds.values());
    }

    public List<Hold> activeHolds() {
        return holds.values().stream().filter(Hold::active).toList();
    }

    public Hold hold(String holdId) {
        return holds.get(holdId);
    }

    public int holdCount() {
        return holds.size();
    }

    public Collection<Order> orders() {
        return Collections.unmodifiableCollection(orders.values());
    }

    public Order order(String orderId) {
        return orders.get(orderId);
    }

    public Collection<Application> applications() {
        return Collections.unmodifiableCollection(applications.values());
    }

    public Application application(String applicationId) {
        return applications.get(applicationId);
    }

    /** The most recent application a customer made (not a review), or null. */
    public CreditApplicationReceived lastApplication() {
        CreditApplicationReceived last = null;
        for (Application application : applications.values()) {
            if (application.received != null) {
                last = application.received;
            }
        }
        return last;
    }

    public List<ScorePoint> scoreHistory() {
        return Collections.unmodifiableList(scoreHistory);
    }

    public String riskClass() {
        return riskClass;
    }

    public Integer score() {
        return score;
    }

    public LocalDate nextReviewDate() {
        return nextReviewDate;
    }

    public LocalDate lastReviewDate() {
        return lastReviewDate;
    }

    public LocalDate lastReviewDue() {
        return lastReviewDue;
    }

    public CreditDecisionMade lastDecision() {
        return lastDecision;
    }

    /** The group this customer heads, or null. */
    public Group group() {
        return group;
    }

    /** How many events made this file: its stream version. */
    public long version() {
        return version;
    }

    public boolean isEmpty() {
        return version == 0;
    }

    /** Outcome an order of this file was checked with, for callers that only need that. */
    public static CheckOutcome outcomeOf(Order order) {
        return order.check.outcome();
    }
}
