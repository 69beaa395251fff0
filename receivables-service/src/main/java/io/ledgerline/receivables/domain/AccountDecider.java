package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.receivables.domain.Account.Application;
import io.ledgerline.receivables.domain.Account.ApplicationKey;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.ledgerline.receivables.domain.RejectionCode.CONFLICTING_DUPLICATE;
import static io.ledgerline.receivables.domain.RejectionCode.CURRENCY_MISMATCH;
import static io.ledgerline.receivables.domain.RejectionCode.DATE_BEFORE_DOCUMENT;
import static io.ledgerline.receivables.domain.RejectionCode.INVOICE_NOT_CANCELLABLE;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_INVOICE;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_PAYMENT;

/**
 * The receivables account as a decider: {@link #decide} turns a validated input into events (or a rejection) without
 * touching the state it is given; {@link Account#evolve} folds events into state. No framework, no I/O, no clock.
 */
public final class AccountDecider {

    private AccountDecider() {
    }

    public static Account initialState(String customerId) {
        return new Account(customerId);
    }

    public static Account evolve(Account state, ReceivablesEvent event) {
        return state.evolve(event);
    }

    public static Account replay(String customerId, List<ReceivablesEvent> events) {
        Account account = initialState(customerId);
        events.forEach(account::evolve);
        return account;
    }

    public static Decision decide(IngestEvent input, Account state) {
        return decide(input, state, LedgerRules.DEFAULT);
    }

    public static Decision decide(IngestEvent input, Account state, LedgerRules rules) {
        return decide(input, state, rules, Account::copy);
    }

    /**
     * The same decision, with its events already folded into {@code working}, an account the caller owns: the ingest
     * path decides thousands of inputs a second and cannot copy every account for each. A rejection leaves
     * {@code working} as it was; the one rejection that is only found after folding cannot come from ingest input,
     * and is reported as an {@link IllegalStateException} with {@code working} no longer usable.
     */
    public static Decision decideAndFold(IngestEvent input, Account working, LedgerRules rules) {
        Decision decision = decide(input, working, rules, UnaryOperator.identity());
        if (decision instanceof Decision.Rejected r && r.rejection().code().equals(RejectionCode.OPEN_AMOUNT_BELOW_ZERO)) {
            throw new IllegalStateException("folding " + input + " left " + r.rejection().detail());
        }
        if (input instanceof IngestEvent.CustomerUpdated && decision instanceof Decision.Accepted a) {
            a.events().forEach(working::evolve);
        }
        return decision;
    }

    private static Decision decide(IngestEvent input, Account state, LedgerRules rules, UnaryOperator<Account> next) {
        return switch (input) {
            case IngestEvent.CustomerUpdated c -> customerUpdated(c, state);
            case IngestEvent.InvoiceIssued i -> invoiceIssued(i, state, rules, next);
            case IngestEvent.InvoiceCancelled c -> invoiceCancelled(c, state, rules, next);
            case IngestEvent.CreditNoteIssued c -> creditNoteIssued(c, state, rules, next);
            case IngestEvent.PaymentReceived p -> paymentReceived(p, state, rules, next);
            case IngestEvent.PaymentReturned r -> paymentReturned(r, state, rules, next);
        };
    }

    public static Decision decide(LedgerCommand command, Account state, LedgerRules rules) {
        return LedgerCommands.decide(command, state, rules);
    }

    private static Decision customerUpdated(IngestEvent.CustomerUpdated c, Account state) {
        var event = new ReceivablesEvent.CustomerUpdated(c.customerId(), c.name(), c.countryCode(), c.timeZone(),
                c.paymentTermsDays(), c.currency(), c.contacts());
        // A snapshot equal to the one we hold changes nothing; any other snapshot is simply newer.
        return Decision.accept(event.equals(state.profile()) ? List.of() : List.of(event));
    }

    private static Decision invoiceIssued(IngestEvent.InvoiceIssued i, Account state, LedgerRules rules,
                                          UnaryOperator<Account> next) {
        var event = new ReceivablesEvent.InvoiceIssued(i.customerId(), i.invoiceId(), i.issueDate(), i.dueDate(),
                i.currency(), i.amount(), i.purchaseOrder(), i.description());
        Account.Invoice known = state.invoice(i.invoiceId());
        if (known != null) {
            return known.issued().equals(event) ? Decision.accept(List.of())
                    : conflict("invoiceId", "invoice " + i.invoiceId() + " was already issued with different content");
        }
        Map<ApplicationKey, Application> alone = CashApplication.newInvoiceAlone(state, event);
        if (alone != null) {
            // Most invoices arrive in an account whose cash is all placed and where at most one remittance line waits
            // for them: what the whole allocation would give is known without running it over every document.
            return withApplications(state, event, alone, rules, i.issueDate(), next);
        }
        return withReallocation(state, List.of(event), rules, i.issueDate(), next);
    }

    private static Decision invoiceCancelled(IngestEvent.InvoiceCancelled c, Account state, LedgerRules rules,
                                          UnaryOperator<Account> next) {
        Account.Invoice invoice = state.invoice(c.invoiceId());
        if (invoice == null) {
            return Decision.reject(UNKNOWN_INVOICE, "invoiceId", "invoice " + c.invoiceId() + " is not in the ledger");
        }
        var event = new ReceivablesEvent.InvoiceCancelled(c.customerId(), c.invoiceId(), c.cancelledDate(), c.reason());
        if (invoice.isCancelled()) {
            return invoice.cancelled().equals(event) ? Decision.accept(List.of())
                    : conflict("invoiceId", "invoice " + c.invoiceId() + " was already cancelled with different content");
        }
        if (c.cancelledDate().isBefore(invoice.issued().issueDate())) {
            return Decision.reject(DATE_BEFORE_DOCUMENT, "cancelledDate", "invoice " + c.invoiceId() + " was issued on "
                    + invoice.issued().issueDate() + "; it cannot be cancelled on " + c.cancelledDate() + ", before that");
        }
        String blocking = whatBlocksCancel(state, invoice);
        if (blocking != null) {
            return Decision.reject(INVOICE_NOT_CANCELLABLE, "invoiceId", "invoice " + c.invoiceId() + " has " + blocking
                    + "; only an invoice nothing was applied to by remittance, credit note, clerk or adjustment can be"
                    + " cancelled");
        }
        List<ReceivablesEvent> facts = new ArrayList<>();
        facts.add(event);
        // A small balance Ledgerline wrote off itself goes with the invoice: the write-off only existed because the
        // rules had placed money there, and that money now moves elsewhere.
        for (Account.WriteOff w : state.writeOffs().values()) {
            if (w.invoiceId().equals(c.invoiceId()) && w.automatic() && !w.reversed()) {
                facts.add(new ReceivablesEvent.InvoiceWriteOffReversed(c.customerId(), c.invoiceId(), w.id(),
                        invoice.currency(), w.amount(), c.cancelledDate(), "invoice cancelled", "ledgerline"));
            }
        }
        return withReallocation(state, facts, rules, c.cancelledDate(), next);
    }

    /**
     * What keeps an invoice from being cancelled (ingest-v1, clarified 2026-12-01), or null: money applied by the
     * payer's remittance, by a credit note naming it or by a clerk, an adjustment, or a write-off by a person. Money
     * Ledgerline's own rules placed there (reference, exact amount, oldest first) does not count: those rules move it
     * elsewhere once the invoice is cancelled, exactly as if the cancel had arrived before the payment.
     */
    private static String whatBlocksCancel(Account state, Account.Invoice invoice) {
        if (invoice.adjustments().signum() != 0) {
            return "adjustments";
        }
        for (Account.WriteOff w : state.writeOffs().values()) {
            if (w.invoiceId().equals(invoice.id()) && !w.automatic() && !w.reversed()) {
                return "a write-off (" + w.id() + ")";
            }
        }
        if (invoice.applied().signum() == 0) {
            return null;
        }
        for (Map.Entry<ApplicationKey, Application> entry : state.applications().entrySet()) {
            ApplicationKey key = entry.getKey();
            if (!key.invoiceId().equals(invoice.id())) {
                continue;
            }
            boolean byPerson = state.isClerkManaged(key.sourceKind(), key.sourceId());
            switch (entry.getValue().rule()) {
                case REMITTANCE -> {
                    return "money applied by the payer's remittance (" + key.sourceId() + ")";
                }
                case CREDIT_NOTE_INVOICE -> {
                    return "a credit note applied to it (" + key.sourceId() + ")";
                }
                case MANUAL -> {
                    return "money a clerk applied (" + key.sourceId() + ")";
                }
                default -> {
                    if (byPerson) {
                        return "money a clerk placed (" + key.sourceId() + ")";
                    }
                }
            }
        }
        return null;
    }

    private static Decision creditNoteIssued(IngestEvent.CreditNoteIssued c, Account state, LedgerRules rules,
                                          UnaryOperator<Account> next) {
        var event = new ReceivablesEvent.CreditNoteIssued(c.customerId(), c.creditNoteId(), c.issueDate(),
                c.currency(), c.amount(), c.invoiceId(), c.reason());
        Account.CreditNote known = state.creditNote(c.creditNoteId());
        if (known != null) {
            return known.issued().equals(event) ? Decision.accept(List.of())
                    : conflict("creditNoteId", "credit note " + c.creditNoteId() + " was already issued with different content");
        }
        Account.Invoice target = c.invoiceId() == null ? null : state.invoice(c.invoiceId());
        if (target != null && !target.currency().equals(c.currency())) {
            return currencyMismatch("invoiceId", c.invoiceId(), target.currency(), c.currency());
        }
        return withReallocation(state, List.of(event), rules, c.issueDate(), next);
    }

    private static Decision paymentReceived(IngestEvent.PaymentReceived p, Account state, LedgerRules rules,
                                          UnaryOperator<Account> next) {
        var event = new ReceivablesEvent.PaymentReceived(p.customerId(), p.paymentId(), p.receivedDate(), p.currency(),
                p.amount(), p.method(), p.reference(), p.allocations());
        Account.Payment known = state.payment(p.paymentId());
        if (known != null) {
            return known.received().equals(event) ? Decision.accept(List.of())
                    : conflict("paymentId", "payment " + p.paymentId() + " was already received with different content");
        }
        if (p.allocations() != null) {
            for (int n = 0; n < p.allocations().size(); n++) {
                PaymentAllocation line = p.allocations().get(n);
                Account.Invoice target = state.invoice(line.invoiceId());
                if (target != null && !target.currency().equals(p.currency())) {
                    return currencyMismatch("allocations[" + n + "].invoiceId", line.invoiceId(), target.currency(),
                            p.currency());
                }
            }
        }
        Map<ApplicationKey, Application> remittance = CashApplication.remittanceAlone(state, event);
        if (remittance != null) {
            // Most payments say which invoices they pay, and those invoices have nothing on them yet: the payment
            // takes what it asks for and the whole allocation would move nothing else.
            return withApplications(state, event, remittance, rules, p.receivedDate(), next);
        }
        return withReallocation(state, List.of(event), rules, p.receivedDate(), next);
    }

    private static Decision paymentReturned(IngestEvent.PaymentReturned r, Account state, LedgerRules rules,
                                          UnaryOperator<Account> next) {
        Account.Payment payment = state.payment(r.paymentId());
        if (payment == null) {
            return Decision.reject(UNKNOWN_PAYMENT, "paymentId", "payment " + r.paymentId() + " is not in the ledger");
        }
        var event = new ReceivablesEvent.PaymentReturned(r.customerId(), r.paymentId(), r.returnedDate(),
                payment.received().currency(), payment.received().amount(), r.reasonCode(), r.reason());
        if (payment.isReturned()) {
            return payment.returned().equals(event) ? Decision.accept(List.of())
                    : conflict("paymentId", "payment " + r.paymentId() + " was already returned with different content");
        }
        if (r.returnedDate().isBefore(payment.received().receivedDate())) {
            return Decision.reject(DATE_BEFORE_DOCUMENT, "returnedDate", "payment " + r.paymentId() + " was received on "
                    + payment.received().receivedDate() + "; it cannot be returned on " + r.returnedDate()
                    + ", before that");
        }
        // The return itself takes the payment out of the allocation, so the recomputation unapplies all it had paid
        // (and may let other cash flow to the reopened invoices).
        List<ReceivablesEvent> facts = new ArrayList<>();
        facts.add(event);
        facts.addAll(smallBalanceReversals(state, event));
        return withReallocation(state, facts, rules, r.returnedDate(), next);
    }

    /**
     * What {@link #withReallocation} decides when cash application has said, without running over every document,
     * that the input's own event adds these applications (in this order) and changes no other: the same events, dated
     * the same way, and the same small-balance and delinquency decisions after them.
     */
    private static Decision withApplications(Account state, ReceivablesEvent fact, Map<ApplicationKey, Application> added,
                                             LedgerRules rules, LocalDate businessDate, UnaryOperator<Account> working) {
        Account next = working.apply(state);
        next.evolve(fact);
        List<ReceivablesEvent> events = new ArrayList<>(1 + added.size());
        events.add(fact);
        added.forEach((key, application) -> events.add(new ReceivablesEvent.PaymentApplied(next.customerId(),
                key.sourceKind(), key.sourceId(), key.invoiceId(), next.invoice(key.invoiceId()).currency(),
                application.amount(), BusinessDate.later(businessDate, next.earliestApplicationDate(key)),
                application.rule())));
        for (int n = 1; n < events.size(); n++) {
            next.evolve(events.get(n));
        }
        events.addAll(smallBalanceWriteOffs(next, rules, businessDate));
        delinquencyAfter(next, rules, businessDate).ifPresent(events::add);
        return Decision.accept(events);
    }

    /**
     * Records the input's own events, then brings the applications to what {@link CashApplication} says they should
     * be for the resulting documents: unapplications first (they free room), then applications.
     */
    static Decision withReallocation(Account state, List<ReceivablesEvent> facts, LedgerRules rules,
                                     LocalDate businessDate) {
        return withReallocation(state, facts, rules, businessDate, Account::copy);
    }

    /** {@code working} gives the account to fold into: a copy (pure) or the state itself (already the caller's). */
    private static Decision withReallocation(Account state, List<ReceivablesEvent> facts, LedgerRules rules,
                                             LocalDate businessDate, UnaryOperator<Account> working) {
        Account next = working.apply(state);
        facts.forEach(next::evolve);
        Map<ApplicationKey, Application> current = next.applications();
        Map<ApplicationKey, Application> target = CashApplication.allocate(next);

        List<ReceivablesEvent> unapplied = new ArrayList<>();
        List<ReceivablesEvent> applied = new ArrayList<>();
        // Dates keep every as-of view consistent: an unapplication is never dated before the application it undoes,
        // and an application never before the change that caused it, nor before the invoice had room and the source
        // had money (the unapplications just made count: they are folded in before the applications are dated).
        for (Map.Entry<ApplicationKey, Application> entry : current.entrySet()) {
            ApplicationKey key = entry.getKey();
            BigDecimal now = entry.getValue().amount();
            BigDecimal wanted = amountOf(target.get(key));
            if (wanted.compareTo(now) < 0) {
                Account.Invoice invoice = next.invoice(key.invoiceId());
                unapplied.add(new ReceivablesEvent.PaymentUnapplied(next.customerId(), key.sourceKind(), key.sourceId(),
                        key.invoiceId(), invoice.currency(), now.subtract(wanted),
                        BusinessDate.later(businessDate, next.applicationDate(key)), reasonFor(facts)));
            }
        }
        // Unapplications only lower what they touch, so the amounts the applications below compare against are
        // still the ones before this change.
        unapplied.forEach(next::evolve);
        for (Map.Entry<ApplicationKey, Application> entry : target.entrySet()) {
            ApplicationKey key = entry.getKey();
            BigDecimal now = amountOf(current.get(key));
            BigDecimal wanted = entry.getValue().amount();
            if (wanted.compareTo(now) > 0) {
                Account.Invoice invoice = next.invoice(key.invoiceId());
                applied.add(new ReceivablesEvent.PaymentApplied(next.customerId(), key.sourceKind(), key.sourceId(),
                        key.invoiceId(), invoice.currency(), wanted.subtract(now),
                        BusinessDate.later(businessDate, next.earliestApplicationDate(key)), entry.getValue().rule()));
            }
        }
        List<ReceivablesEvent> events = new ArrayList<>(facts.size() + unapplied.size() + applied.size());
        // A return reads best with its unapplications before it: the payment first lets go of the invoices.
        boolean returnFirst = facts.getFirst() instanceof ReceivablesEvent.PaymentReturned;
        if (!returnFirst) {
            events.addAll(facts);
        }
        events.addAll(unapplied);
        if (returnFirst) {
            events.addAll(facts);
        }
        events.addAll(applied);
        applied.forEach(next::evolve);
        for (Account.Invoice invoice : next.invoices()) {
            if (invoice.openAmount().signum() < 0) {
                // Only a clerk's own applications can hold an invoice above what it asks for: they must go first.
                return Decision.reject(RejectionCode.OPEN_AMOUNT_BELOW_ZERO, "invoiceId", "invoice " + invoice.id()
                        + " would have " + invoice.openAmount().negate() + " " + invoice.currency()
                        + " more applied than it asks for; unapply that first");
            }
        }
        events.addAll(smallBalanceWriteOffs(next, rules, businessDate));
        delinquencyAfter(next, rules, businessDate).ifPresent(events::add);
        return Decision.accept(events);
    }

    /**
     * What is left of an invoice within the currency's tolerance is written off, visibly, as an automatic write-off.
     * Only what really is a leftover: something was paid, the invoice is due (before that the customer may still pay
     * it; the daily run looks again once it is), the rest is within both the absolute and the percentage tolerance,
     * and the customer has no unapplied cash or credit in that currency that could pay it instead.
     */
    static List<ReceivablesEvent> smallBalanceWriteOffs(Account next, LedgerRules rules, LocalDate date) {
        List<ReceivablesEvent> writeOffs = new ArrayList<>();
        if (rules.smallBalanceTolerance().isEmpty()) {
            return writeOffs;
        }
        for (Account.Invoice invoice : List.copyOf(next.invoices())) {
            BigDecimal open = invoice.openAmount();
            // A disputed invoice is not written off as a small balance: the dispute decides what is left of it.
            boolean small = !invoice.isCancelled() && open.signum() > 0 && invoice.applied().signum() > 0
                    && next.marks().on(invoice.id()).isEmpty()
                    && !date.isBefore(invoice.issued().dueDate())
                    && rules.isSmallBalance(open, invoice.issued().amount().add(invoice.adjustments()), invoice.currency());
            if (small && !hasUnappliedMoney(next, invoice.currency())) {
                var event = new ReceivablesEvent.InvoiceWrittenOff(next.customerId(), invoice.id(),
                        LedgerCommands.nextWriteOffId(next), invoice.currency(), open, date,
                        "small balance within tolerance", "ledgerline", true, "SYSTEM", "SMALL_BALANCE");
                next.evolve(event);
                writeOffs.add(event);
            }
        }
        return writeOffs;
    }

    private static boolean hasUnappliedMoney(Account account, String currency) {
        for (Account.Payment p : account.payments()) {
            if (!p.isReturned() && p.received().currency().equals(currency) && p.unapplied().signum() > 0) {
                return true;
            }
        }
        for (Account.CreditNote c : account.creditNotes()) {
            if (c.issued().currency().equals(currency) && c.unapplied().signum() > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A small balance was written off because a payment left it; when that payment comes back, the write-off goes too:
     * the customer owes the whole invoice again, not the invoice less a courtesy.
     */
    private static List<ReceivablesEvent> smallBalanceReversals(Account state, ReceivablesEvent.PaymentReturned returned) {
        java.util.Set<String> paidByIt = new java.util.HashSet<>();
        state.applications().keySet().forEach(key -> {
            if (key.sourceKind() == ReceivablesEvent.SourceKind.PAYMENT && key.sourceId().equals(returned.paymentId())) {
                paidByIt.add(key.invoiceId());
            }
        });
        List<ReceivablesEvent> reversals = new ArrayList<>();
        for (Account.WriteOff w : state.writeOffs().values()) {
            if (w.automatic() && !w.reversed() && paidByIt.contains(w.invoiceId())) {
                reversals.add(new ReceivablesEvent.InvoiceWriteOffReversed(state.customerId(), w.invoiceId(), w.id(),
                        state.invoice(w.invoiceId()).currency(), w.amount(), returned.returnedDate(),
                        "payment " + returned.paymentId() + " that left the small balance was returned", "ledgerline"));
            }
        }
        return reversals;
    }

    /**
     * Delinquency is decided again on every ledger change, as of the ledger's own latest date (the change's business
     * date, never earlier than the last decision), so replaying the same history decides it the same way.
     */
    static Optional<ReceivablesEvent> delinquencyAfter(Account next, LedgerRules rules, LocalDate businessDate) {
        Optional<ReceivablesEvent> change = Delinquency.transition(next,
                BusinessDate.later(businessDate, next.lastDelinquencyEvaluation()), rules);
        change.ifPresent(next::evolve);
        return change;
    }

    private static String reasonFor(List<ReceivablesEvent> facts) {
        return switch (facts.getFirst()) {
            case ReceivablesEvent.PaymentReturned r -> "payment returned: " + r.reasonCode();
            case ReceivablesEvent.InvoiceCancelled c -> "invoice cancelled";
            default -> "reallocated by cash application";
        };
    }

    private static BigDecimal amountOf(Application application) {
        return application == null ? BigDecimal.ZERO : application.amount();
    }

    private static Decision conflict(String field, String detail) {
        return Decision.reject(CONFLICTING_DUPLICATE, field, detail + "; a business id can be sent again only unchanged");
    }

    private static Decision currencyMismatch(String field, String invoiceId, String invoiceCurrency, String currency) {
        return Decision.reject(CURRENCY_MISMATCH, field, "invoice " + invoiceId + " is in " + invoiceCurrency
                + ", this record is in " + currency);
    }
}
