package io.ledgerline.credit.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.credit.CreditEvent.Financials;
import io.ledgerline.events.credit.CreditEvent.HoldScope;
import io.ledgerline.events.credit.CreditEvent.TradeReference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What people and systems ask of a customer's credit file. {@code asOf} is the business date it is decided for
 * (the service's clock); {@code by} the authenticated person, for people's commands.
 */
public sealed interface CreditCommand {

    String customerId();

    LocalDate asOf();

    /** A customer applies for credit; the scorecard decides within policy, or refers it to an analyst. */
    record SubmitApplication(String customerId, String applicationId, String currency, BigDecimal requestedLimit,
                             Financials financials, List<TradeReference> tradeReferences, Integer bureauScore,
                             LocalDate bureauScoreDate, LocalDate asOf, Actor by) implements CreditCommand {
    }

    /** An analyst decides a referred application (or a periodic review); {@code limit} when approving. */
    record DecideApplication(String customerId, String applicationId, Verdict verdict, BigDecimal limit,
                             String reason, LocalDate asOf, Actor by) implements CreditCommand {
    }

    /** The second person confirms or refuses an approval above the four-eyes amount. */
    record ConfirmApproval(String customerId, String applicationId, boolean confirm, String reason, LocalDate asOf,
                           Actor by) implements CreditCommand {
    }

    /** An analyst sets a limit (permanent, optionally until a date) or a temporary increase between two dates. */
    record ChangeLimit(String customerId, String currency, BigDecimal limit, LocalDate validFrom, LocalDate validTo,
                       boolean temporary, String reason, LocalDate asOf, Actor by) implements CreditCommand {
    }

    record PlaceHold(String customerId, HoldScope scope, String reason, LocalDate asOf, Actor by)
            implements CreditCommand {
    }

    record ReleaseHold(String customerId, String holdId, String note, LocalDate asOf, Actor by)
            implements CreditCommand {
    }

    /** Order management asks before releasing an order (idempotent on the order id). */
    record CheckOrder(String customerId, String orderId, String currency, BigDecimal amount, LocalDate asOf)
            implements CreditCommand {
    }

    record ReleaseOrder(String customerId, String orderId, String reason, LocalDate asOf, Actor by)
            implements CreditCommand {
    }

    record RejectOrder(String customerId, String orderId, String reason, LocalDate asOf, Actor by)
            implements CreditCommand {
    }

    /** The ERP cancelled the order: it stops counting as exposure. */
    record CancelOrder(String customerId, String orderId, LocalDate asOf) implements CreditCommand {
    }

    /** The customer heads a credit group with these members (the whole list; empty dissolves it). */
    record DefineGroup(String customerId, String groupId, List<String> members, LocalDate asOf, Actor by)
            implements CreditCommand {
    }

    /** The day's time-driven decisions: orders expiring, temporary limits ending, reviews due, rules re-weighed. */
    record RunDay(String customerId, LocalDate asOf) implements CreditCommand {
    }

    enum Verdict { APPROVED, DECLINED }
}
