package io.ledgerline.receivables.properties;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.receivables.domain.Currencies;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@link LedgerScenario}s of valid contract inputs (valid as the ingest validator lets them through: amounts
 * at the currency's scale, issue ≤ due, allocations not above the payment), which the ledger may still accept or
 * reject.
 *
 * <p>What is generated is a plan of small numbers (which currency, which day, which invoice an allocation names by
 * index), turned into inputs by {@link Plan#build()}. Indices wrap around whatever exists, so every plan is buildable
 * and jqwik can shrink each number and list on its own, down to a counterexample with few, small documents.
 */
final class LedgerScenarios {

    static final String CUSTOMER = "C-1042";
    static final LocalDate YEAR_START = LocalDate.of(2026, 1, 1);
    static final LocalDate YEAR_END = LocalDate.of(2026, 12, 31);
    /** No scenario issues this many invoices, so this id names an invoice that never arrives. */
    static final String NEVER_ISSUED = "INV-99";

    private LedgerScenarios() {
    }

    // ---- the plan: what jqwik generates and shrinks ----

    sealed interface InvoicesItem {
    }

    record Issue(int currency, int day, int termDays, long units) implements InvoicesItem {
    }

    /** A credit note; against an invoice (named by index) or not; now and then in another currency than it. */
    record Credit(int currency, int day, long units, boolean againstInvoice, int invoice, boolean otherCurrency)
            implements InvoicesItem {
    }

    record Cancel(int invoice, int daysAfterIssue) implements InvoicesItem {
    }

    /** The same record as an earlier one in the topic, sent again; {@code conflicting}: with one field changed. */
    record Again(int earlier, boolean conflicting) implements InvoicesItem, PaymentsItem {
    }

    sealed interface PaymentsItem {
    }

    /**
     * A payment. {@code matchInvoice} ≥ 0 makes its amount that of an invoice of its currency (exact-amount matching);
     * {@code lines} is the remittance (null: none sent); {@code referenceKind} picks what the free text says.
     */
    record Receive(int currency, int day, long units, int matchInvoice, List<Line> lines, int referenceKind,
                   int referenceInvoice, int method) implements PaymentsItem {
    }

    /** A remittance line: an invoice of the payment's currency by index (one past the end: an invoice never issued). */
    record Line(int invoice, boolean otherCurrency, boolean wholeInvoice, long units) {
    }

    record Return(int payment, int daysAfter) implements PaymentsItem {
    }

    record Plan(List<String> currencies, int customerSnapshots, List<InvoicesItem> invoices,
                List<PaymentsItem> payments, List<Integer> order, List<Integer> otherOrder, int asOfDay) {

        LedgerScenario build() {
            return new Builder(this).build();
        }
    }

    // ---- generators ----

    static Arbitrary<LedgerScenario> scenarios() {
        return plans().map(Plan::build);
    }

    static Arbitrary<Plan> plans() {
        Arbitrary<List<String>> currencies = Arbitraries.frequencyOf(
                        weighted(3, Arbitraries.just(List.of("EUR"))),
                        weighted(7, Arbitraries.of("EUR", "JPY", "BHD").list().uniqueElements().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<List<InvoicesItem>> invoices = invoicesItem().list().ofMaxSize(16)
                .filter(items -> items.stream().filter(Issue.class::isInstance).count() <= 12);
        Arbitrary<List<PaymentsItem>> payments = paymentsItem().list().ofMaxSize(10);
        Arbitrary<List<Integer>> order = Arbitraries.integers().between(0, 2).list().ofMaxSize(30);
        return Combinators.combine(currencies, Arbitraries.integers().between(0, 2), invoices, payments, order, order,
                day()).as(Plan::new);
    }

    private static Arbitrary<Integer> day() {
        return Arbitraries.integers().between(0, 364);
    }

    private static Arbitrary<Long> units() {
        // 1 .. 1,000,000 minor units of a 2-decimal currency: 0.01 .. 10,000.00 (scaled for JPY and BHD by money()).
        return Arbitraries.longs().between(1, 1_000_000);
    }

    private static Arbitrary<Integer> index() {
        return Arbitraries.integers().between(0, 15);
    }

    private static Arbitrary<InvoicesItem> invoicesItem() {
        Arbitrary<InvoicesItem> issue = Combinators.combine(index(), day(), Arbitraries.integers().between(0, 90), units())
                .as(Issue::new);
        Arbitrary<InvoicesItem> credit = Combinators.combine(index(), day(), units(), Arbitraries.of(true, true, false),
                        index(), Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Credit::new);
        Arbitrary<InvoicesItem> cancel = Combinators.combine(index(), Arbitraries.integers().between(0, 20))
                .as(Cancel::new);
        return Arbitraries.frequencyOf(
                LedgerScenarios.<InvoicesItem>weighted(8, issue), weighted(2, credit), weighted(1, cancel),
                weighted(1, again()));
    }

    private static Arbitrary<PaymentsItem> paymentsItem() {
        Arbitrary<Line> line = Combinators.combine(index(), Arbitraries.integers().between(0, 14).map(n -> n == 0),
                Arbitraries.of(true, false), units()).as(Line::new);
        Arbitrary<List<Line>> lines = Arbitraries.frequencyOf(
                weighted(5, Arbitraries.just((List<Line>) null)),
                weighted(1, Arbitraries.just(List.<Line>of())),
                weighted(5, line.list().ofMinSize(1).ofMaxSize(3)));
        Arbitrary<Integer> matchInvoice = Arbitraries.frequencyOf(
                weighted(3, Arbitraries.just(-1)), weighted(1, index()));
        Arbitrary<PaymentsItem> receive = Combinators.combine(index(), day(), units(), matchInvoice, lines,
                        Arbitraries.integers().between(0, 3), index(), Arbitraries.integers().between(0, 6))
                .as(Receive::new);
        Arbitrary<PaymentsItem> returned = Combinators.combine(index(), Arbitraries.integers().between(0, 40))
                .as(Return::new);
        return Arbitraries.frequencyOf(LedgerScenarios.<PaymentsItem>weighted(7, receive), weighted(1, returned),
                weighted(1, again()));
    }

    private static Arbitrary<Again> again() {
        return Combinators.combine(index(), Arbitraries.integers().between(0, 3).map(n -> n == 0)).as(Again::new);
    }

    /** One choice for frequencyOf, chosen {@code weight} times in the sum of all weights. */
    private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int weight, Arbitrary<? extends T> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }

    // ---- from plan to inputs ----

    /** Scales generated units to an amount the currency allows: EUR 0.01–10,000.00, JPY 1–10,000, BHD 0.009–10,000.000. */
    static BigDecimal money(long units, String currency) {
        BigDecimal amount = switch (currency) {
            case "JPY" -> BigDecimal.valueOf(Math.max(1, (units + 99) / 100));
            case "BHD" -> BigDecimal.valueOf(units * 10 - units % 9, 3);
            default -> BigDecimal.valueOf(units, 2);
        };
        return Currencies.normalize(amount, currency);
    }

    private static LocalDate date(int day) {
        return YEAR_START.plusDays(day);
    }

    private static LocalDate inYear(LocalDate date) {
        return date.isAfter(YEAR_END) ? YEAR_END : date;
    }

    private static final class Builder {
        private final Plan plan;
        private final List<IngestEvent.InvoiceIssued> allInvoices = new ArrayList<>();

        Builder(Plan plan) {
            this.plan = plan;
        }

        private String currency(int index) {
            return plan.currencies().get(index % plan.currencies().size());
        }

        LedgerScenario build() {
            List<IngestEvent> customers = new ArrayList<>();
            for (int n = 1; n <= plan.customerSnapshots(); n++) {
                customers.add(new IngestEvent.CustomerUpdated(CUSTOMER, "Nordwind-v" + n, "DE",
                        n % 2 == 0 ? null : "Europe/Berlin", 30 * n, "EUR", null));
            }
            // Every invoice of the scenario is known up front, so payments and credits can name invoices that arrive
            // after them.
            for (InvoicesItem item : plan.invoices()) {
                if (item instanceof Issue issue) {
                    LocalDate issued = date(issue.day());
                    String currency = currency(issue.currency());
                    allInvoices.add(new IngestEvent.InvoiceIssued("INV-" + (allInvoices.size() + 1), CUSTOMER, issued,
                            inYear(issued.plusDays(issue.termDays())), currency, money(issue.units(), currency),
                            null, null));
                }
            }
            return new LedgerScenario(CUSTOMER, List.copyOf(customers), invoicesTopic(), paymentsTopic(),
                    plan.order(), plan.otherOrder(), date(plan.asOfDay()));
        }

        private List<IngestEvent> invoicesTopic() {
            List<IngestEvent> topic = new ArrayList<>();
            int issued = 0;
            int credits = 0;
            for (InvoicesItem item : plan.invoices()) {
                switch (item) {
                    case Issue ignored -> topic.add(allInvoices.get(issued++));
                    case Credit c -> {
                        String id = "CN-" + (++credits);
                        IngestEvent.InvoiceIssued target = c.againstInvoice() && !allInvoices.isEmpty()
                                ? allInvoices.get(c.invoice() % allInvoices.size()) : null;
                        String currency = target == null ? currency(c.currency())
                                : c.otherCurrency() ? otherThan(target.currency(), c.currency()) : target.currency();
                        topic.add(new IngestEvent.CreditNoteIssued(id, CUSTOMER, date(c.day()), currency,
                                money(c.units(), currency), target == null ? null : target.invoiceId(), "goodwill"));
                    }
                    case Cancel c -> {
                        if (allInvoices.isEmpty()) {
                            topic.add(new IngestEvent.InvoiceCancelled(NEVER_ISSUED, CUSTOMER, date(0), "error"));
                        } else {
                            IngestEvent.InvoiceIssued target = allInvoices.get(c.invoice() % allInvoices.size());
                            topic.add(new IngestEvent.InvoiceCancelled(target.invoiceId(), CUSTOMER,
                                    inYear(target.issueDate().plusDays(c.daysAfterIssue())), "issued in error"));
                        }
                    }
                    case Again a -> again(topic, a);
                }
            }
            return List.copyOf(topic);
        }

        private List<IngestEvent> paymentsTopic() {
            List<IngestEvent> topic = new ArrayList<>();
            List<IngestEvent.PaymentReceived> paymentsSoFar = new ArrayList<>();
            for (PaymentsItem item : plan.payments()) {
                switch (item) {
                    case Receive r -> {
                        IngestEvent.PaymentReceived payment = payment(r, "PAY-" + (paymentsSoFar.size() + 1));
                        paymentsSoFar.add(payment);
                        topic.add(payment);
                    }
                    case Return r -> {
                        if (paymentsSoFar.isEmpty()) {
                            topic.add(new IngestEvent.PaymentReturned("PAY-99", CUSTOMER, date(r.daysAfter()), "AC04",
                                    "account closed"));
                        } else {
                            IngestEvent.PaymentReceived target = paymentsSoFar.get(r.payment() % paymentsSoFar.size());
                            topic.add(new IngestEvent.PaymentReturned(target.paymentId(), CUSTOMER,
                                    inYear(target.receivedDate().plusDays(r.daysAfter())), "AC04", "account closed"));
                        }
                    }
                    case Again a -> again(topic, a);
                }
            }
            return List.copyOf(topic);
        }

        private IngestEvent.PaymentReceived payment(Receive r, String id) {
            String currency = currency(r.currency());
            List<IngestEvent.InvoiceIssued> sameCurrency = allInvoices.stream()
                    .filter(i -> i.currency().equals(currency)).toList();
            List<IngestEvent.InvoiceIssued> otherCurrency = allInvoices.stream()
                    .filter(i -> !i.currency().equals(currency)).toList();
            List<PaymentAllocation> allocations = null;
            BigDecimal allocated = BigDecimal.ZERO;
            if (r.lines() != null) {
                allocations = new ArrayList<>();
                for (Line line : r.lines()) {
                    IngestEvent.InvoiceIssued invoice = line.otherCurrency() && !otherCurrency.isEmpty()
                            ? otherCurrency.get(line.invoice() % otherCurrency.size())
                            : pickOrNull(sameCurrency, line.invoice());
                    String invoiceId = invoice == null ? NEVER_ISSUED : invoice.invoiceId();
                    BigDecimal amount = line.wholeInvoice() && invoice != null && invoice.currency().equals(currency)
                            ? invoice.amount() : money(line.units(), currency);
                    allocations.add(new PaymentAllocation(invoiceId, amount));
                    allocated = allocated.add(amount);
                }
            }
            BigDecimal amount = r.matchInvoice() >= 0 && !sameCurrency.isEmpty()
                    ? sameCurrency.get(r.matchInvoice() % sameCurrency.size()).amount()
                    : money(r.units(), currency);
            // The validator lets through only remittances that fit in the payment: a payer's lines never add up to more.
            amount = amount.max(allocated);
            return new IngestEvent.PaymentReceived(id, CUSTOMER, date(r.day()), currency, amount,
                    PaymentMethod.values()[r.method() % PaymentMethod.values().length], reference(r, id, sameCurrency),
                    allocations);
        }

        /** One past the end of the list stands for an invoice that never arrives. */
        private static IngestEvent.InvoiceIssued pickOrNull(List<IngestEvent.InvoiceIssued> invoices, int index) {
            int pick = index % (invoices.size() + 1);
            return pick == invoices.size() ? null : invoices.get(pick);
        }

        private String reference(Receive r, String paymentId, List<IngestEvent.InvoiceIssued> sameCurrency) {
            return switch (r.referenceKind()) {
                case 1 -> {
                    IngestEvent.InvoiceIssued invoice = pickOrNull(sameCurrency, r.referenceInvoice());
                    yield (invoice == null ? NEVER_ISSUED : invoice.invoiceId()) + " thank you";
                }
                case 2 -> allInvoices.isEmpty() ? "no invoice"
                        : "inv " + allInvoices.get(r.referenceInvoice() % allInvoices.size()).invoiceId() + ", "
                        + allInvoices.get((r.referenceInvoice() + 1) % allInvoices.size()).invoiceId() + " less fee";
                default -> "transfer " + paymentId;
            };
        }

        private String otherThan(String currency, int pick) {
            List<String> others = plan.currencies().stream().filter(c -> !c.equals(currency)).toList();
            return others.isEmpty() ? currency : others.get(pick % others.size());
        }

        /** Sends an earlier record of the topic again: unchanged (a duplicate), or changed (a conflict). */
        private static void again(List<IngestEvent> topic, Again a) {
            if (topic.isEmpty()) {
                return;
            }
            IngestEvent earlier = topic.get(a.earlier() % topic.size());
            topic.add(a.conflicting() ? changed(earlier) : earlier);
        }

        private static IngestEvent changed(IngestEvent input) {
            return switch (input) {
                case IngestEvent.CustomerUpdated c -> c;
                case IngestEvent.InvoiceIssued i -> new IngestEvent.InvoiceIssued(i.invoiceId(), i.customerId(),
                        i.issueDate(), i.dueDate(), i.currency(), i.amount().add(BigDecimal.ONE), i.purchaseOrder(),
                        i.description());
                case IngestEvent.InvoiceCancelled c -> new IngestEvent.InvoiceCancelled(c.invoiceId(), c.customerId(),
                        c.cancelledDate(), c.reason() + " (again)");
                case IngestEvent.CreditNoteIssued c -> new IngestEvent.CreditNoteIssued(c.creditNoteId(),
                        c.customerId(), c.issueDate(), c.currency(), c.amount().add(BigDecimal.ONE), c.invoiceId(),
                        c.reason());
                case IngestEvent.PaymentReceived p -> new IngestEvent.PaymentReceived(p.paymentId(), p.customerId(),
                        p.receivedDate(), p.currency(), p.amount().add(BigDecimal.ONE), p.method(), p.reference(),
                        p.allocations());
                case IngestEvent.PaymentReturned r -> new IngestEvent.PaymentReturned(r.paymentId(), r.customerId(),
                        r.returnedDate(), "MS03", r.reason());
            };
        }
    }
}
