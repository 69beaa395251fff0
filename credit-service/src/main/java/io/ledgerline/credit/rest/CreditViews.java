package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.CreditFile;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Exposure;
import io.ledgerline.credit.service.CreditQueries;
import io.ledgerline.credit.service.GroupDirectory;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.credit.CreditEvent.CheckReason;
import io.ledgerline.events.credit.CreditEvent.CreditDecisionMade;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the REST API answers with. Amounts are decimal strings (MoneyAsText), dates YYYY-MM-DD. */
final class CreditViews {

    private CreditViews() {
    }

    /** An order check's answer, the same on every retry of the same order. */
    record CheckResult(String orderId, String customerId, String currency, BigDecimal amount, CheckOutcome outcome,
                       List<CheckReason> reasons, String limitCurrency, BigDecimal exposureBefore,
                       BigDecimal exposureAfter, BigDecimal limit, List<String> holdIds, LocalDate checkedDate,
                       LocalDate expiresOn, String status, boolean repeated) {

        static CheckResult of(CreditFile.Order order, boolean repeated) {
            var c = order.check;
            return new CheckResult(c.orderId(), c.customerId(), c.currency(), c.amount(), c.outcome(), c.reasons(),
                    c.limitCurrency(), c.exposureBefore(), c.exposureAfter(), c.limit(), c.holdIds(), c.checkedDate(),
                    c.expiresOn(), order.status().name(), repeated);
        }
    }

    record Order(String orderId, String currency, BigDecimal amount, CheckOutcome outcome, String status,
                 List<CheckReason> reasons, LocalDate checkedDate, LocalDate expiresOn, String closure,
                 String invoiceId, LocalDate decidedDate, String decidedBy, String decisionReason) {

        static Order of(CreditFile.Order o) {
            var c = o.check;
            return new Order(c.orderId(), c.currency(), c.amount(), c.outcome(), o.status().name(), c.reasons(),
                    c.checkedDate(), c.expiresOn(), o.closure() == null ? null : o.closure().name(), o.invoiceId(),
                    o.decidedDate(), o.decidedBy() == null ? null : o.decidedBy().subject(), o.decisionReason());
        }
    }

    record Hold(String holdId, String rule, String reason, List<EventReference> sourceEvents, String scope,
                String groupId, LocalDate placedDate, String placedBy, boolean active, String releaseReason,
                String releaseNote, LocalDate releasedDate, String releasedBy) {

        static Hold of(CreditFile.Hold h) {
            var p = h.placed;
            var r = h.released();
            return new Hold(p.holdId(), p.rule(), p.reason(), p.sourceEvents(), p.scope().name(), p.groupId(),
                    p.placedDate(), subject(p.by()), h.active(), r == null ? null : r.reason().name(),
                    r == null ? null : r.note(), r == null ? null : r.releasedDate(), r == null ? null : subject(r.by()));
        }
    }

    record Limit(String currency, BigDecimal oldLimit, BigDecimal newLimit, LocalDate validFrom, LocalDate validTo,
                 boolean temporary, boolean superseded, String reason, String applicationId, String by) {

        static Limit of(CreditFile.LimitEntry e) {
            var l = e.event;
            return new Limit(l.currency(), l.oldLimit(), l.newLimit(), l.validFrom(), l.validTo(), l.temporary(),
                    e.superseded(), l.reason(), l.applicationId(), subject(l.by()));
        }
    }

    record Application(String applicationId, String kind, String status, CreditEvent.CreditApplicationReceived received,
                       List<CreditDecisionMade> decisions, CreditEvent.CreditApprovalRequested pendingApproval) {

        static Application of(CreditFile.Application a) {
            return new Application(a.applicationId, a.kind.name(), a.status().name(), a.received(), a.decisions(),
                    a.pendingApproval());
        }
    }

    record Group(String groupId, String parentId, List<String> members, boolean parent) {
        static Group of(GroupDirectory.Group g, String customerId) {
            return g == null ? null : new Group(g.groupId(), g.parentId(), g.members(), g.parentId().equals(customerId));
        }
    }

    /** Everything an analyst sees of one customer's credit. */
    record Profile(String customerId, String name, String riskClass, Integer score, LocalDate lastReviewDate,
                   LocalDate nextReviewDate, CreditFile.LimitInForce limit, Exposure exposure, Group group,
                   List<Hold> activeHolds, List<Order> openOrders, CreditDecisionMade lastDecision,
                   List<CreditFile.ScorePoint> scoreHistory, List<Limit> limits, List<Hold> holdHistory,
                   List<Application> applications, long version) {

        static Profile of(CustomerCredit credit, Exposure exposure, GroupDirectory.Group group, LocalDate today) {
            CreditFile file = credit.file();
            return new Profile(credit.customerId(), credit.facts().name(), file.riskClass(), file.score(),
                    file.lastReviewDate(), file.nextReviewDate(), file.limitOn(today), exposure,
                    Group.of(group, credit.customerId()),
                    file.activeHolds().stream().map(Hold::of).toList(),
                    file.orders().stream().filter(o -> o.openOn(today)).map(Order::of).toList(),
                    file.lastDecision(), file.scoreHistory(), file.limits().stream().map(Limit::of).toList(),
                    file.holds().stream().map(Hold::of).toList(),
                    file.applications().stream().map(Application::of).toList(), file.version());
        }
    }

    /** The events a command recorded. */
    record Recorded(String customerId, List<Event> events) {
    }

    record Event(String type, CreditEvent data) {
        static Event of(CreditEvent e) {
            return new Event(e.getClass().getSimpleName(), e);
        }
    }

    record Page<T>(List<T> items, int page, int size) {
    }

    record GroupExposureView(CreditQueries.GroupExposure exposure) {
    }

    static String subject(Actor actor) {
        return actor == null ? null : actor.subject();
    }
}
