package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.receivables.domain.Account.Application;
import io.ledgerline.receivables.domain.Account.ApplicationKey;
import io.ledgerline.receivables.domain.Account.CreditNote;
import io.ledgerline.receivables.domain.Account.Invoice;
import io.ledgerline.receivables.domain.Account.Payment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which payment and credit pays which invoice, as a pure function of the account's documents.
 *
 * <p>Cross-topic arrival order is not under anyone's control (an invoice from the ERP, its payment from the bank), so
 * the ledger never lets it decide an application. Every change to the documents recomputes the whole allocation with
 * fixed priorities and fixed orderings, and the decider emits the difference as PaymentApplied / PaymentUnapplied. The
 * same documents therefore always end in the same applications, whatever order they came in.
 *
 * <p>Priorities, strongest evidence first: a credit note granted against an invoice; the payer's remittance
 * allocations; invoice ids in a payment's free-text reference; a payment whose amount matches exactly one open
 * invoice; then oldest due date first, where the customer's policy allows. A payment with remittance advice is applied
 * only as the payer said: what is left of it stays unapplied cash. Before all of these come the sources a clerk has
 * applied or unapplied by hand: they keep exactly the applications the clerk left them with.
 */
public final class CashApplication {

    private final Account account;
    /**
     * What each live invoice still has room for, by its sequence in the account (null: cancelled, or no such
     * invoice). This runs for every input over every invoice of the account, so it is an array the account's own
     * invoice index leads to, not maps of invoice ids built anew each time (building those was most of the cost).
     */
    private final BigDecimal[] room;
    /** Only if the sequences are not 0..n-1 (never in a ledger folded from events): invoice id to slot in {@link #room}. */
    private final Map<String, Integer> slots;
    private final Map<ApplicationKey, Application> result = new LinkedHashMap<>();
    private final List<Invoice> invoicesByAge;

    private CashApplication(Account account) {
        this.account = account;
        int count = account.invoices().size();
        BigDecimal[] rooms = new BigDecimal[count];
        boolean dense = true;
        List<Invoice> live = new ArrayList<>(count);
        for (Invoice invoice : account.invoices()) {
            int at = invoice.sequence();
            if (at < 0 || at >= count || rooms[at] != null) {
                dense = false;
            }
            if (!invoice.isCancelled()) {
                if (dense) {
                    rooms[at] = invoice.capacity();
                }
                live.add(invoice);
            }
        }
        if (dense) {
            this.slots = null;
        } else {
            // The array cannot be indexed by sequence: give every live invoice a slot of its own instead.
            rooms = new BigDecimal[count];
            Map<String, Integer> bySlot = new HashMap<>(count * 2);
            for (Invoice invoice : live) {
                bySlot.put(invoice.id(), bySlot.size());
                rooms[bySlot.size() - 1] = invoice.capacity();
            }
            this.slots = bySlot;
        }
        this.room = rooms;
        live.sort(CashApplication::byAge);
        this.invoicesByAge = live;
    }

    /** The slot of a live invoice in {@link #room}, or -1 when the ledger has no such invoice or it is cancelled. */
    private int slot(String invoiceId) {
        if (slots != null) {
            Integer at = slots.get(invoiceId);
            return at == null ? -1 : at;
        }
        Invoice invoice = account.invoice(invoiceId);
        return invoice == null || invoice.isCancelled() ? -1 : invoice.sequence();
    }

    private BigDecimal roomOf(Invoice invoice) {
        return room[slots == null ? invoice.sequence() : slots.get(invoice.id())];
    }

    /** Oldest due date first, then oldest issue date, then arrival: written out, this runs for every input. */
    private static int byAge(Invoice a, Invoice b) {
        int due = a.issued().dueDate().compareTo(b.issued().dueDate());
        if (due != 0) {
            return due;
        }
        int issued = a.issued().issueDate().compareTo(b.issued().issueDate());
        return issued != 0 ? issued : Integer.compare(a.sequence(), b.sequence());
    }

    public static Map<ApplicationKey, Application> allocate(Account account) {
        CashApplication run = new CashApplication(account);
        boolean clerks = account.hasClerkManagedSources();
        if (clerks) {
            run.asTheClerkLeftThem(account);
        }
        run.creditNotesOnTheirInvoices(account);
        List<Payment> payments = new ArrayList<>(account.payments().size());
        for (Payment p : account.payments()) {
            if (!p.isReturned() && !(clerks && account.isClerkManaged(SourceKind.PAYMENT, p.id()))) {
                payments.add(p);
            }
        }
        payments.sort((a, b) -> {
            int received = a.received().receivedDate().compareTo(b.received().receivedDate());
            return received != 0 ? received : Integer.compare(a.sequence(), b.sequence());
        });
        Map<String, BigDecimal> cash = new LinkedHashMap<>();
        payments.forEach(p -> cash.put(p.id(), p.received().amount()));

        for (Payment p : payments) {
            if (hasRemittance(p)) {
                for (PaymentAllocation line : p.received().allocations()) {
                    run.apply(SourceKind.PAYMENT, p.id(), p.received().currency(), line.invoiceId(),
                            line.amount().min(cash.get(p.id())), ApplicationRule.REMITTANCE, cash);
                }
            }
        }
        List<Payment> unadvised = payments.stream().filter(p -> !hasRemittance(p)).toList();
        for (Payment p : unadvised) {
            if (p.received().reference() != null) {
                for (String token : account.referenceTokens(p.id())) {
                    run.apply(SourceKind.PAYMENT, p.id(), p.received().currency(), token, cash.get(p.id()),
                            ApplicationRule.REFERENCE, cash);
                }
            }
        }
        run.exactAmounts(unadvised, cash);
        if (account.policy() == RemainderPolicy.OLDEST_FIRST) {
            run.oldestFirst(unadvised, cash);
        } else if (!account.keptFromEarlierPolicy().isEmpty()) {
            run.asKeptFromEarlierPolicy(account, unadvised, cash);
        }
        return run.result;
    }

    /**
     * What a new invoice (not yet in the ledger) is applied when that is all that changes, or null when the whole
     * allocation must decide it: most invoices arrive in an account where nothing is waiting for them, and the decider
     * need not run {@link #allocate} over every document for the commonest input there is. In an account whose
     * applications are its allocation (every decision leaves them so), the whole allocation gives the new invoice
     * exactly this and changes nothing else when
     * <ul>
     *   <li>no clerk-managed source and the oldest-first policy (the other policy's kept applications are not looked
     *   into here);</li>
     *   <li>no credit note names it, no word of a payment's reference, and at most one remittance line in all: a line
     *   of a payment whose later lines name only invoices still to come. The lines before it got what they got and
     *   those after it nothing, so what the payment has left is what this line can give; the invoice takes the least
     *   of the line, that and its amount (nothing if the payment is returned or in another currency), and every other
     *   source places what it placed before;</li>
     *   <li>every payment that cash application places itself (no remittance advice, not returned) in its currency
     *   has all its cash placed, names no invoice of the ledger in its reference (so it reaches the exact-amount step
     *   with its whole amount) and is not of the invoice's open amount after that line (so the new invoice matches no
     *   payment there and leaves every other match as unique as it was);</li>
     *   <li>it comes last in age order: oldest first gave every such payment's cash to invoices before it, and still
     *   does.</li>
     * </ul>
     * Anything else (and an amount that is not positive) is decided by the whole allocation. Property tests
     * ({@code LedgerPropertiesTest}) check the shortcut against the whole allocation for random ledgers.
     */
    public static Map<ApplicationKey, Application> newInvoiceAlone(Account account,
                                                                   ReceivablesEvent.InvoiceIssued issued) {
        if (issued.amount().signum() <= 0 || !shortcutsApply(account) || !account.comesLastByAge(issued)) {
            return null;
        }
        String invoiceId = issued.invoiceId();
        for (CreditNote c : account.creditNotes()) {
            if (invoiceId.equals(c.issued().invoiceId())) {
                return null;
            }
        }
        // The remittance lines naming it (a payment without remittance advice has its reference looked at with its
        // cash, below), from the account's index rather than every line of every payment.
        List<Account.RemittanceLine> naming = account.remittanceLinesNaming(invoiceId);
        if (naming.size() > 1) {
            return null;  // a second line names it
        }
        Payment payer = null;
        PaymentAllocation waiting = null;
        if (naming.size() == 1) {
            Account.RemittanceLine named = naming.getFirst();
            payer = account.payment(named.paymentId());
            List<PaymentAllocation> lines = payer.received().allocations();
            waiting = lines.get(named.line());
            for (int later = named.line() + 1; later < lines.size(); later++) {
                if (account.invoice(lines.get(later).invoiceId()) != null) {
                    return null;  // a later line got something this line would now take first
                }
            }
        }
        BigDecimal room = issued.amount();
        Map<ApplicationKey, Application> applied = Map.of();
        if (payer != null && !payer.isReturned() && payer.received().currency().equals(issued.currency())) {
            BigDecimal amount = waiting.amount().min(payer.unapplied()).min(room);
            if (amount.signum() > 0) {
                room = room.subtract(amount);
                applied = Map.of(new ApplicationKey(SourceKind.PAYMENT, payer.id(), invoiceId),
                        new Application(amount, ApplicationRule.REMITTANCE));
            }
        }
        return selfPlacedPaymentsStay(account, issued.currency(), List.of(room), invoiceId) ? applied : null;
    }

    /**
     * What a new payment with remittance advice is applied, in the order of its lines, when that is all that changes:
     * or null when the whole allocation must decide it. The remittance step gives each line of the payment what the
     * line asks, what the payment still holds and what the invoice still has room for, in line order; deciding that
     * alone is the whole allocation's answer when
     * <ul>
     *   <li>no clerk-managed source and the oldest-first policy (as for {@link #newInvoiceAlone});</li>
     *   <li>every invoice a line names that is in the ledger is live, in the payment's currency, and has nothing
     *   applied to it yet: then no credit note, no other remittance and no cash placed by the later steps holds
     *   any of it (any of those would have put something on it), so the payment takes room nobody had and whatever
     *   the others were given stays;</li>
     *   <li>the payments cash application places itself are as {@link #newInvoiceAlone} requires, their amounts
     *   neither the named invoices' open amounts before nor after: so the exact-amount step matches the same invoices,
     *   as uniquely, and oldest first (which never reached these invoices with cash, or it would have put some on
     *   them) walks the same way.</li>
     * </ul>
     * The same property test as the new invoice's checks it.
     */
    public static Map<ApplicationKey, Application> remittanceAlone(Account account,
                                                                   ReceivablesEvent.PaymentReceived received) {
        if (received.allocations() == null || received.allocations().isEmpty() || !shortcutsApply(account)) {
            return null;
        }
        BigDecimal cash = received.amount();
        Map<String, BigDecimal> room = new HashMap<>();
        List<BigDecimal> amounts = new ArrayList<>();
        Map<ApplicationKey, Application> applied = new LinkedHashMap<>();
        for (PaymentAllocation line : received.allocations()) {
            Invoice invoice = account.invoice(line.invoiceId());
            if (invoice == null || invoice.isCancelled()) {
                continue;  // an invoice still to come, or one that takes nothing
            }
            if (!invoice.currency().equals(received.currency()) || invoice.applied().signum() != 0) {
                return null;
            }
            BigDecimal left = room.get(invoice.id());
            if (left == null) {
                left = invoice.capacity();
                amounts.add(left);
            }
            BigDecimal amount = line.amount().min(cash).min(left);
            if (left.signum() <= 0 || amount.signum() <= 0) {
                continue;
            }
            room.put(invoice.id(), left.subtract(amount));
            cash = cash.subtract(amount);
            applied.merge(new ApplicationKey(SourceKind.PAYMENT, received.paymentId(), invoice.id()),
                    new Application(amount, ApplicationRule.REMITTANCE),
                    (a, b) -> new Application(a.amount().add(b.amount()), a.rule()));
        }
        amounts.addAll(room.values());
        return selfPlacedPaymentsStay(account, received.currency(), amounts, null) ? applied : null;
    }

    /** Shortcuts know the oldest-first policy's steps only, and leave sources a clerk manages to the whole allocation. */
    private static boolean shortcutsApply(Account account) {
        return !account.hasClerkManagedSources() && account.policy() == RemainderPolicy.OLDEST_FIRST;
    }

    /**
     * Whether the payments cash application places itself (no remittance advice, not returned) in this currency keep
     * what they have when invoices' open amounts change to or from {@code amounts} (or an invoice of such an amount
     * comes): each has all its cash placed, names no invoice of the ledger in its reference, nor {@code newInvoiceId}
     * (the invoice being decided, if any: so it reaches the exact-amount step whole) and is of none of those amounts.
     */
    private static boolean selfPlacedPaymentsStay(Account account, String currency, List<BigDecimal> amounts,
                                                  String newInvoiceId) {
        for (Payment p : account.payments()) {
            if (hasRemittance(p)) {
                continue;
            }
            for (String token : account.referenceTokens(p.id())) {
                if (token.equals(newInvoiceId) || account.invoice(token) != null) {
                    return false;
                }
            }
            if (p.isReturned() || !p.received().currency().equals(currency)) {
                continue;
            }
            if (p.unapplied().signum() != 0) {
                return false;
            }
            for (BigDecimal amount : amounts) {
                if (p.received().amount().compareTo(amount) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A payment whose unplaced cash equals the open amount of exactly one invoice pays that invoice. Invoices are
     * indexed by what is open on them, so the step costs one look-up per payment, not a scan of every invoice.
     */
    private void exactAmounts(List<Payment> unadvised, Map<String, BigDecimal> cash) {
        Map<String, Map<BigDecimal, List<String>>> byOpenAmount = new HashMap<>();
        for (Invoice invoice : invoicesByAge) {
            BigDecimal room = roomOf(invoice);
            if (room.signum() > 0) {
                byOpenAmount.computeIfAbsent(invoice.currency(), c -> new java.util.TreeMap<>())
                        .computeIfAbsent(room, r -> new ArrayList<>()).add(invoice.id());
            }
        }
        for (Payment p : unadvised) {
            BigDecimal left = cash.get(p.id());
            List<String> matches = left.signum() > 0
                    ? byOpenAmount.getOrDefault(p.received().currency(), Map.of()).get(left) : null;
            if (matches != null && matches.size() == 1) {
                String invoiceId = matches.getFirst();
                apply(SourceKind.PAYMENT, p.id(), p.received().currency(), invoiceId, left, ApplicationRule.EXACT_AMOUNT, cash);
                // Fully paid now: it matches nothing any more.
                byOpenAmount.get(p.received().currency()).remove(left);
            }
        }
    }

    /**
     * What is still unplaced pays the oldest due date first. Invoices fill in age order, so each currency keeps a
     * cursor at its oldest invoice with room left and no payment walks the paid ones again.
     */
    private void oldestFirst(List<Payment> unadvised, Map<String, BigDecimal> cash) {
        Map<String, List<Invoice>> byCurrency = new HashMap<>();
        invoicesByAge.forEach(i -> byCurrency.computeIfAbsent(i.currency(), c -> new ArrayList<>()).add(i));
        Map<String, Integer> cursor = new HashMap<>();
        for (Payment p : unadvised) {
            String currency = p.received().currency();
            List<Invoice> queue = byCurrency.getOrDefault(currency, List.of());
            int at = cursor.getOrDefault(currency, 0);
            while (at < queue.size() && cash.get(p.id()).signum() > 0) {
                Invoice invoice = queue.get(at);
                apply(SourceKind.PAYMENT, p.id(), currency, invoice.id(), cash.get(p.id()), ApplicationRule.OLDEST_FIRST, cash);
                if (roomOf(invoice).signum() <= 0) {
                    at++;
                }
            }
            cursor.put(currency, at);
        }
    }

    /**
     * Under "leave unapplied", what oldest first had applied before the policy changed stays applied (as far as the
     * cash and the invoice still allow): a policy change applies from then on and never reopens a paid invoice.
     */
    private void asKeptFromEarlierPolicy(Account account, List<Payment> unadvised, Map<String, BigDecimal> cash) {
        java.util.Set<String> eligible = new java.util.HashSet<>();
        unadvised.forEach(p -> eligible.add(p.id()));
        account.keptFromEarlierPolicy().forEach((key, amount) -> {
            if (key.sourceKind() == SourceKind.PAYMENT && eligible.contains(key.sourceId())) {
                Application already = result.get(key);
                BigDecimal wanted = already == null ? amount : amount.subtract(already.amount());
                apply(SourceKind.PAYMENT, key.sourceId(), account.payment(key.sourceId()).received().currency(),
                        key.invoiceId(), wanted, ApplicationRule.OLDEST_FIRST, cash);
            }
        });
    }

    private static boolean hasRemittance(Payment p) {
        return p.received().allocations() != null && !p.received().allocations().isEmpty();
    }

    private void asTheClerkLeftThem(Account account) {
        Map<String, BigDecimal> unlimited = new HashMap<>();
        account.applications().forEach((key, application) -> {
            boolean returned = key.sourceKind() == SourceKind.PAYMENT && account.payment(key.sourceId()).isReturned();
            if (!returned && account.isClerkManaged(key.sourceKind(), key.sourceId())) {
                unlimited.put(key.sourceId(), application.amount());
                Invoice invoice = account.invoice(key.invoiceId());
                apply(key.sourceKind(), key.sourceId(), invoice.currency(), key.invoiceId(), application.amount(),
                        application.rule(), unlimited);
            }
        });
    }

    private void creditNotesOnTheirInvoices(Account account) {
        Map<String, BigDecimal> credit = new HashMap<>();
        account.creditNotes().stream()
                .filter(c -> c.issued().invoiceId() != null && !(account.hasClerkManagedSources()
                        && account.isClerkManaged(SourceKind.CREDIT_NOTE, c.id())))
                .sorted(Comparator.comparing((CreditNote c) -> c.issued().issueDate()).thenComparingInt(CreditNote::sequence))
                .forEach(c -> {
                    credit.put(c.id(), c.issued().amount());
                    apply(SourceKind.CREDIT_NOTE, c.id(), c.issued().currency(), c.issued().invoiceId(),
                            c.issued().amount(), ApplicationRule.CREDIT_NOTE_INVOICE, credit);
                });
    }

    /**
     * Applies up to {@code wanted} of a source to an invoice, limited by what the invoice still has room for and what
     * the source still holds. Invoices not (yet) in the ledger or in another currency take nothing: a remittance line
     * naming an invoice that arrives later simply waits for the recomputation its arrival triggers.
     */
    private void apply(SourceKind kind, String sourceId, String currency, String invoiceId, BigDecimal wanted,
                       ApplicationRule rule, Map<String, BigDecimal> sourceLeft) {
        int at = slot(invoiceId);
        BigDecimal left = at < 0 ? null : room[at];
        if (left == null || left.signum() <= 0 || wanted.signum() <= 0
                || !account.invoice(invoiceId).currency().equals(currency)) {
            return;
        }
        BigDecimal amount = wanted.min(left).min(sourceLeft.get(sourceId));
        if (amount.signum() <= 0) {
            return;
        }
        room[at] = left.subtract(amount);
        sourceLeft.merge(sourceId, amount.negate(), BigDecimal::add);
        result.merge(new ApplicationKey(kind, sourceId, invoiceId), new Application(amount, rule),
                (a, b) -> new Application(a.amount().add(b.amount()), a.rule()));
    }
}
