package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.ledgerline.receivables.domain.RejectionCode.ADJUSTMENT_BELOW_ZERO;
import static io.ledgerline.receivables.domain.RejectionCode.AMOUNT_EXCEEDS_APPLICATION;
import static io.ledgerline.receivables.domain.RejectionCode.AMOUNT_EXCEEDS_OPEN_AMOUNT;
import static io.ledgerline.receivables.domain.RejectionCode.AMOUNT_EXCEEDS_UNAPPLIED;
import static io.ledgerline.receivables.domain.RejectionCode.CURRENCY_MISMATCH;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_AMOUNT;
import static io.ledgerline.receivables.domain.RejectionCode.INVOICE_CANCELLED;
import static io.ledgerline.receivables.domain.RejectionCode.NOTHING_TO_WRITE_OFF;
import static io.ledgerline.receivables.domain.RejectionCode.NO_SUCH_APPLICATION;
import static io.ledgerline.receivables.domain.RejectionCode.PAYMENT_RETURNED;
import static io.ledgerline.receivables.domain.RejectionCode.REQUEST_ALREADY_DECIDED;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_WRITE_OFF_REQUEST;
import static io.ledgerline.receivables.domain.RejectionCode.TOO_MANY_DECIMALS;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_CREDIT_NOTE;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_INVOICE;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_PAYMENT;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_WRITE_OFF;
import static io.ledgerline.receivables.domain.RejectionCode.WRITE_OFF_ALREADY_REVERSED;

/** The decider's half for {@link LedgerCommand}s: clerks' corrections, policy changes and delinquency runs. */
final class LedgerCommands {

    private LedgerCommands() {
    }

    static Decision decide(LedgerCommand command, Account state, LedgerRules rules) {
        return switch (command) {
            case LedgerCommand.ApplyCash c -> applyCash(c, state, rules);
            case LedgerCommand.UnapplyCash c -> unapplyCash(c, state, rules);
            case LedgerCommand.AdjustInvoice c -> adjust(c, state, rules);
            case LedgerCommand.WriteOff c -> writeOff(c, state, rules);
            case LedgerCommand.ApproveWriteOff c -> approveWriteOff(c, state, rules);
            case LedgerCommand.DeclineWriteOff c -> declineWriteOff(c, state);
            case LedgerCommand.ReverseWriteOff c -> reverseWriteOff(c, state, rules);
            case LedgerCommand.ChangeCashApplicationPolicy c -> c.policy() == state.policy() ? Decision.accept(List.of())
                    : AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.CashApplicationPolicyChanged(
                    c.customerId(), c.policy(), c.date(), c.by())), rules, c.date());
            case LedgerCommand.EvaluateDelinquency c -> evaluate(c, state, rules);
            case LedgerCommand.ApproveWriteOffProposal c -> WriteOffProposals.approve(c, state, rules);
            case LedgerCommand.DeclineWriteOffProposal c -> WriteOffProposals.decline(c, state);
        };
    }

    static String nextWriteOffId(Account account) {
        return "WO-" + (account.writeOffs().size() + 1);
    }

    private static Decision applyCash(LedgerCommand.ApplyCash c, Account state, LedgerRules rules) {
        Source source = source(state, c.sourceKind(), c.sourceId());
        if (source.rejection != null) {
            return source.rejection;
        }
        Account.Invoice invoice = state.invoice(c.invoiceId());
        if (invoice == null) {
            return Decision.reject(UNKNOWN_INVOICE, "invoiceId", "invoice " + c.invoiceId() + " is not in the ledger");
        }
        if (invoice.isCancelled()) {
            return Decision.reject(INVOICE_CANCELLED, "invoiceId", "invoice " + c.invoiceId() + " is cancelled");
        }
        if (!invoice.currency().equals(source.currency)) {
            return Decision.reject(CURRENCY_MISMATCH, "invoiceId", "invoice " + c.invoiceId() + " is in "
                    + invoice.currency() + ", " + c.sourceId() + " in " + source.currency);
        }
        Decision badAmount = checkAmount(c.amount(), invoice.currency(), "amount");
        if (badAmount != null) {
            return badAmount;
        }
        BigDecimal amount = Currencies.normalize(c.amount().stripTrailingZeros(), invoice.currency());
        if (amount.compareTo(source.unapplied) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_UNAPPLIED, "amount", c.sourceId() + " has only " + source.unapplied
                    + " " + source.currency + " unapplied; unapply it elsewhere first");
        }
        if (amount.compareTo(invoice.openAmount()) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_OPEN_AMOUNT, "amount", "invoice " + c.invoiceId() + " has only "
                    + invoice.openAmount() + " " + invoice.currency() + " open");
        }
        LocalDate earliest = state.earliestApplicationDate(new Account.ApplicationKey(c.sourceKind(), c.sourceId(), c.invoiceId()));
        LocalDate date = BusinessDate.later(c.date(), earliest);
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.PaymentApplied(c.customerId(),
                c.sourceKind(), c.sourceId(), c.invoiceId(), invoice.currency(), amount, date,
                ApplicationRule.MANUAL, c.by())), rules, date);
    }

    private static Decision unapplyCash(LedgerCommand.UnapplyCash c, Account state, LedgerRules rules) {
        Account.Application application = state.applications()
                .get(new Account.ApplicationKey(c.sourceKind(), c.sourceId(), c.invoiceId()));
        if (application == null) {
            return Decision.reject(NO_SUCH_APPLICATION, "invoiceId", c.sourceId() + " is not applied to invoice "
                    + c.invoiceId());
        }
        Account.Invoice invoice = state.invoice(c.invoiceId());
        Decision badAmount = c.amount() == null ? null : checkAmount(c.amount(), invoice.currency(), "amount");
        if (badAmount != null) {
            return badAmount;
        }
        BigDecimal amount = c.amount() == null ? application.amount()
                : Currencies.normalize(c.amount().stripTrailingZeros(), invoice.currency());
        if (amount.compareTo(application.amount()) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_APPLICATION, "amount", "only " + application.amount() + " "
                    + invoice.currency() + " of " + c.sourceId() + " is applied to " + c.invoiceId());
        }
        LocalDate date = BusinessDate.later(c.date(), state.applicationDate(new Account.ApplicationKey(c.sourceKind(), c.sourceId(),
                c.invoiceId())));
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.PaymentUnapplied(c.customerId(),
                c.sourceKind(), c.sourceId(), c.invoiceId(), invoice.currency(), amount, date, c.reason(), c.by())),
                rules, date);
    }

    private static Decision adjust(LedgerCommand.AdjustInvoice c, Account state, LedgerRules rules) {
        Account.Invoice invoice = liveInvoice(state, c.invoiceId());
        if (invoice == null) {
            return missingOrCancelled(state, c.invoiceId());
        }
        if (c.amount() == null || c.amount().signum() == 0) {
            return Decision.reject(INVALID_AMOUNT, "amount", "an adjustment raises (positive) or lowers (negative)"
                    + " the invoice; zero changes nothing");
        }
        Decision badAmount = checkAmount(c.amount().abs(), invoice.currency(), "amount");
        if (badAmount != null) {
            return badAmount;
        }
        BigDecimal amount = Currencies.normalize(c.amount().stripTrailingZeros(), invoice.currency());
        if (invoice.capacity().add(amount).signum() < 0) {
            return Decision.reject(ADJUSTMENT_BELOW_ZERO, "amount", "invoice " + c.invoiceId() + " asks for "
                    + invoice.capacity() + " " + invoice.currency() + "; it cannot be lowered below zero");
        }
        LocalDate date = BusinessDate.later(c.date(), invoice.issued().issueDate());
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.InvoiceAdjusted(c.customerId(),
                c.invoiceId(), "ADJ-" + (state.adjustmentCount() + 1), invoice.currency(), amount, date,
                c.reason(), c.by())), rules, date);
    }

    private static Decision writeOff(LedgerCommand.WriteOff c, Account state, LedgerRules rules) {
        Account.Invoice invoice = liveInvoice(state, c.invoiceId());
        if (invoice == null) {
            return missingOrCancelled(state, c.invoiceId());
        }
        if (invoice.openAmount().signum() <= 0) {
            return Decision.reject(NOTHING_TO_WRITE_OFF, "invoiceId", "invoice " + c.invoiceId() + " has nothing open");
        }
        Decision badAmount = c.amount() == null ? null : checkAmount(c.amount(), invoice.currency(), "amount");
        if (badAmount != null) {
            return badAmount;
        }
        BigDecimal amount = c.amount() == null ? invoice.openAmount()
                : Currencies.normalize(c.amount().stripTrailingZeros(), invoice.currency());
        if (amount.compareTo(invoice.openAmount()) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_OPEN_AMOUNT, "amount", "invoice " + c.invoiceId() + " has only "
                    + invoice.openAmount() + " " + invoice.currency() + " open");
        }
        LocalDate date = BusinessDate.later(c.date(), invoice.issued().issueDate());
        List<String> approvalNeeded = new java.util.ArrayList<>();
        if (amount.compareTo(c.authority().limitIn(invoice.currency())) > 0) {
            approvalNeeded.add("ABOVE_LIMIT");
        }
        if (invoice.issued().dueDate().isAfter(c.date()) && !c.authority().mayWriteOffBeforeDue()) {
            approvalNeeded.add("NOT_YET_DUE");
        }
        if (!approvalNeeded.isEmpty()) {
            // Nothing changes on the invoice yet: the request waits for a second person.
            return Decision.accept(List.of(new ReceivablesEvent.WriteOffRequested(c.customerId(),
                    "WOR-" + (state.writeOffRequests().size() + 1), c.invoiceId(), invoice.currency(), amount, date,
                    c.reasonCode(), c.reason(), c.by(), c.bySubject(), c.role(), List.copyOf(approvalNeeded))));
        }
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.InvoiceWrittenOff(c.customerId(),
                c.invoiceId(), nextWriteOffId(state), invoice.currency(), amount, date, c.reason(), c.by(), false,
                c.role(), c.reasonCode())), rules, date);
    }

    /**
     * The approval writes off what was asked, in the asker's name and role, and names the approver. The ledger may have
     * moved since the request: an invoice paid or cancelled meanwhile cannot be written off beyond what is open.
     */
    private static Decision approveWriteOff(LedgerCommand.ApproveWriteOff c, Account state, LedgerRules rules) {
        Account.WriteOffRequest request = pendingRequest(state, c.requestId());
        if (request == null) {
            return requestRejection(state, c.requestId());
        }
        var asked = request.requested();
        Account.Invoice invoice = liveInvoice(state, asked.invoiceId());
        if (invoice == null) {
            return missingOrCancelled(state, asked.invoiceId());
        }
        if (asked.amount().compareTo(invoice.openAmount()) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_OPEN_AMOUNT, "requestId", "invoice " + asked.invoiceId()
                    + " has only " + invoice.openAmount() + " " + invoice.currency() + " open now; decline this"
                    + " request and ask again");
        }
        LocalDate date = BusinessDate.later(c.date(), asked.requestedDate());
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.InvoiceWrittenOff(c.customerId(),
                asked.invoiceId(), nextWriteOffId(state), asked.currency(), asked.amount(), date, asked.reason(),
                asked.requestedBy(), false, asked.role(), asked.reasonCode(), asked.requestId(), c.by())), rules, date);
    }

    private static Decision declineWriteOff(LedgerCommand.DeclineWriteOff c, Account state) {
        Account.WriteOffRequest request = pendingRequest(state, c.requestId());
        if (request == null) {
            return requestRejection(state, c.requestId());
        }
        return Decision.accept(List.of(new ReceivablesEvent.WriteOffProposalDeclined(c.customerId(), c.requestId(),
                request.requested().invoiceId(), c.reason(),
                BusinessDate.later(c.date(), request.requested().requestedDate()),
                new io.ledgerline.events.common.Actor(c.by(), List.of()))));
    }

    private static Account.WriteOffRequest pendingRequest(Account state, String requestId) {
        Account.WriteOffRequest request = state.writeOffRequests().get(requestId);
        return request != null && request.isPending() ? request : null;
    }

    private static Decision requestRejection(Account state, String requestId) {
        return state.writeOffRequests().containsKey(requestId)
                ? Decision.reject(REQUEST_ALREADY_DECIDED, "requestId", "write-off request " + requestId
                + " was already " + state.writeOffRequests().get(requestId).status().name().toLowerCase())
                : Decision.reject(UNKNOWN_WRITE_OFF_REQUEST, "requestId", "there is no write-off request " + requestId);
    }

    private static Decision reverseWriteOff(LedgerCommand.ReverseWriteOff c, Account state, LedgerRules rules) {
        Account.WriteOff writeOff = state.writeOffs().get(c.writeOffId());
        if (writeOff == null) {
            return Decision.reject(UNKNOWN_WRITE_OFF, "writeOffId", "there is no write-off " + c.writeOffId());
        }
        if (writeOff.reversed()) {
            return Decision.reject(WRITE_OFF_ALREADY_REVERSED, "writeOffId", "write-off " + c.writeOffId()
                    + " was already reversed");
        }
        Account.Invoice invoice = state.invoice(writeOff.invoiceId());
        LocalDate date = BusinessDate.later(c.date(), invoice.issued().issueDate());
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.InvoiceWriteOffReversed(
                c.customerId(), writeOff.invoiceId(), c.writeOffId(), invoice.currency(), writeOff.amount(), date,
                c.reason(), c.by())), rules, date);
    }

    /**
     * A run as of a date the account was already decided past is no event: delinquency never moves back in time,
     * which is what keeps the sequence of delinquency events the same on every replay.
     */
    private static Decision evaluate(LedgerCommand.EvaluateDelinquency c, Account state, LedgerRules rules) {
        LocalDate last = state.lastDelinquencyEvaluation();
        if (last != null && c.asOf().isBefore(last)) {
            return Decision.accept(List.of());
        }
        // The daily run is also when a small balance left before its due date falls due and is written off.
        Account next = state.copy();
        List<ReceivablesEvent> events = new java.util.ArrayList<>(AccountDecider.smallBalanceWriteOffs(next, rules, c.asOf()));
        Delinquency.transition(next, c.asOf(), rules).ifPresent(events::add);
        return Decision.accept(events);
    }

    private record Source(String currency, BigDecimal unapplied, Decision rejection) {
        Source(Decision rejection) {
            this(null, null, rejection);
        }
    }

    private static Source source(Account state, SourceKind kind, String id) {
        return switch (kind) {
            case PAYMENT -> {
                Account.Payment p = state.payment(id);
                if (p == null) {
                    yield new Source(Decision.reject(UNKNOWN_PAYMENT, "sourceId", "payment " + id + " is not in the ledger"));
                }
                if (p.isReturned()) {
                    yield new Source(Decision.reject(PAYMENT_RETURNED, "sourceId", "payment " + id + " was returned"));
                }
                yield new Source(p.received().currency(), p.unapplied(), null);
            }
            case CREDIT_NOTE -> {
                Account.CreditNote cn = state.creditNote(id);
                yield cn == null
                        ? new Source(Decision.reject(UNKNOWN_CREDIT_NOTE, "sourceId", "credit note " + id + " is not in the ledger"))
                        : new Source(cn.issued().currency(), cn.unapplied(), null);
            }
        };
    }

    private static Account.Invoice liveInvoice(Account state, String invoiceId) {
        Account.Invoice invoice = state.invoice(invoiceId);
        return invoice == null || invoice.isCancelled() ? null : invoice;
    }

    private static Decision missingOrCancelled(Account state, String invoiceId) {
        return state.invoice(invoiceId) == null
                ? Decision.reject(UNKNOWN_INVOICE, "invoiceId", "invoice " + invoiceId + " is not in the ledger")
                : Decision.reject(INVOICE_CANCELLED, "invoiceId", "invoice " + invoiceId + " is cancelled");
    }

    /** Positive and at most the currency's minor units, as for ingest. */
    private static Decision checkAmount(BigDecimal amount, String currency, String field) {
        if (amount == null || amount.signum() <= 0) {
            return Decision.reject(INVALID_AMOUNT, field, field + " must be greater than zero");
        }
        int minorUnits = Currencies.minorUnits(currency).orElseThrow();
        if (amount.stripTrailingZeros().scale() > minorUnits) {
            return Decision.reject(TOO_MANY_DECIMALS, field, field + " " + amount.toPlainString()
                    + " has more decimals than " + currency + " allows (" + minorUnits + ")");
        }
        return null;
    }
}
