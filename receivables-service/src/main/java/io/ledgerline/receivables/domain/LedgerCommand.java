package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What people (and the daily run) ask of an account, as opposed to what the ERP and the bank report. {@code date} is
 * the business date the change is made on; {@code by} who made it.
 */
public sealed interface LedgerCommand {

    String customerId();

    /** Apply part of a payment or credit note to an invoice by hand. */
    record ApplyCash(String customerId, SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount,
                     LocalDate date, String by) implements LedgerCommand {
    }

    /** Take an application back; {@code amount} null takes all of it. */
    record UnapplyCash(String customerId, SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount,
                       LocalDate date, String by, String reason) implements LedgerCommand {
    }

    /** Raise (positive) or lower (negative) what an invoice asks for. */
    record AdjustInvoice(String customerId, String invoiceId, BigDecimal amount, LocalDate date, String by,
                         String reason) implements LedgerCommand {
    }

    /**
     * Write off part of an invoice's open amount; {@code amount} null writes off all that is open. Beyond what
     * {@code authority} allows the asker alone, it becomes a request for a second person's approval.
     * {@code bySubject} is the asker's token subject, {@code role} the role they asked in, {@code reasonCode} from the
     * catalogue, {@code reason} their internal note (may be null).
     */
    record WriteOff(String customerId, String invoiceId, BigDecimal amount, LocalDate date, String by, String bySubject,
                    String role, String reasonCode, String reason, WriteOffAuthority authority)
            implements LedgerCommand {
    }

    /** Approve a pending write-off request; who may (another person, an approving role) is checked before. */
    record ApproveWriteOff(String customerId, String requestId, LocalDate date, String by) implements LedgerCommand {
    }

    /** Turn a pending write-off request down. */
    record DeclineWriteOff(String customerId, String requestId, LocalDate date, String by, String reason)
            implements LedgerCommand {
    }

    record ReverseWriteOff(String customerId, String writeOffId, LocalDate date, String by, String reason)
            implements LedgerCommand {
    }

    record ChangeCashApplicationPolicy(String customerId, RemainderPolicy policy, LocalDate date, String by)
            implements LedgerCommand {
    }

    /**
     * A supervisor approves collections' pending write-off proposal: the invoice is written off under the proposal's
     * id. {@code by} is the authenticated supervisor.
     */
    record ApproveWriteOffProposal(String customerId, String proposalId, LocalDate date,
                                   io.ledgerline.events.common.Actor by) implements LedgerCommand {
    }

    /** A supervisor declines a pending write-off proposal; nothing is written off. */
    record DeclineWriteOffProposal(String customerId, String proposalId, String reason, LocalDate date,
                                   io.ledgerline.events.common.Actor by) implements LedgerCommand {
    }

    /** Decide delinquency as of a date: the daily run on the business clock, or an operator's run for a given day. */
    record EvaluateDelinquency(String customerId, LocalDate asOf) implements LedgerCommand {
    }
}
