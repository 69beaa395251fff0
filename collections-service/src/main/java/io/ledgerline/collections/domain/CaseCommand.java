package io.ledgerline.collections.domain;

import io.ledgerline.events.collections.CollectionsEvent.CaseClosure;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;
import io.ledgerline.events.collections.CollectionsEvent.EscalationTarget;
import io.ledgerline.events.collections.CollectionsEvent.PauseScope;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** People's commands on a customer's collection work; who gave them travels beside them, never inside. */
public sealed interface CaseCommand {

    String customerId();

    /** Dunning paused by a collector for a catalogued reason; {@code from} may lie in the past. */
    record PlaceHold(String customerId, PauseScope scope, String invoiceId, String currency, BigDecimal amount,
                     String reasonCode, String note, LocalDate from, LocalDate to) implements CaseCommand {
    }

    record ReleaseHold(String customerId, String holdId, String note) implements CaseCommand {
    }

    record MakePromise(String customerId, String currency, BigDecimal amount, LocalDate dueDate,
                       List<String> invoiceIds, String contactId) implements CaseCommand {
    }

    record AgreePlan(String customerId, String currency, List<InstalmentTerms> instalments, List<String> invoiceIds)
            implements CaseCommand {
    }

    record InstalmentTerms(LocalDate dueDate, BigDecimal amount) {
    }

    /**
     * A contact as it happened (or is about to): outbound ones are checked against the contact rules. With an
     * {@code overrideReason} a supervisor may make one the rules forbid.
     */
    record LogContact(String customerId, ContactChannel channel, ContactDirection direction, ContactOutcome outcome,
                      Instant contactedAt, String contactName, String notes, ContactRules.Purpose purpose,
                      String overrideReason) implements CaseCommand {
    }

    record ChangeContactPreferences(String customerId, boolean ceaseCommunication, Set<ContactChannel> optedOut,
                                    LocalDate receivedDate, String note) implements CaseCommand {
    }

    /** Assignment by the portfolio rules (no actor) or by a team lead with a reason. */
    record AssignCase(String customerId, String caseId, String collector, String reason) implements CaseCommand {
    }

    record Escalate(String customerId, String caseId, EscalationTarget to, String handedTo, String reason)
            implements CaseCommand {
    }

    record ProposeWriteOff(String customerId, String caseId, String invoiceId, BigDecimal amount, String reason)
            implements CaseCommand {
    }

    /** An e-mailed letter came back undelivered. */
    record RecordBounce(String customerId, String letterId, String reason, Instant at) implements CaseCommand {
    }

    record CloseCase(String customerId, String caseId, CaseClosure reason, String note) implements CaseCommand {
    }
}
