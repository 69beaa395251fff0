package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.ledgerline.receivables.domain.AccountScenario.given;
import static io.ledgerline.receivables.domain.AccountScenario.givenUnder;
import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.eur;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static io.ledgerline.receivables.domain.Samples.paymentReturned;
import static org.assertj.core.api.Assertions.assertThat;

/** The controls a controller expects on write-offs, small balances and policy changes, as given/when/then. */
class WriteOffControlsTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-02");
    /** A clerk: 100 alone, nothing before the due date. */
    private static final WriteOffAuthority CLERK = new WriteOffAuthority(currency -> new BigDecimal("100"), false);
    /** A supervisor: 10,000 alone, also before the due date. */
    private static final WriteOffAuthority SUPERVISOR = new WriteOffAuthority(currency -> new BigDecimal("10000"), true);

    private static LedgerCommand.WriteOff writeOff(String invoiceId, String amount, WriteOffAuthority authority,
                                                   String who) {
        return new LedgerCommand.WriteOff(CUSTOMER, invoiceId, amount == null ? null : eur(amount), TODAY, who,
                "u-" + who, authority == CLERK ? "ar-clerk" : "supervisor", "SHORT_PAYMENT", "note for " + who, authority);
    }

    @Test
    void within_the_limit_it_is_written_off_at_once_and_one_cent_more_becomes_a_request() {
        var atLimit = given(invoice("INV-1", "500.00")).when(writeOff("INV-1", "100.00", CLERK, "kim")).events();
        assertThat(atLimit).first().isInstanceOfSatisfying(ReceivablesEvent.InvoiceWrittenOff.class, w -> {
            assertThat(w.amount()).isEqualByComparingTo("100.00");
            assertThat(w.reasonCode()).isEqualTo("SHORT_PAYMENT");
            assertThat(w.requestId()).isNull();
        });
        var above = given(invoice("INV-1", "500.00")).when(writeOff("INV-1", "100.01", CLERK, "kim")).events();
        assertThat(above).singleElement().isInstanceOfSatisfying(ReceivablesEvent.WriteOffRequested.class, r -> {
            assertThat(r.requestId()).isEqualTo("WOR-1");
            assertThat(r.amount()).isEqualByComparingTo("100.01");
            assertThat(r.requestedBySubject()).isEqualTo("u-kim");
            assertThat(r.approvalNeeded()).containsExactly("ABOVE_LIMIT");
        });
        // the whole open amount, when none is named, counts against the limit too
        assertThat(given(invoice("INV-1", "10000.01")).when(writeOff("INV-1", null, SUPERVISOR, "sam")).events())
                .singleElement().isInstanceOf(ReceivablesEvent.WriteOffRequested.class);
        assertThat(given(invoice("INV-1", "10000.00")).when(writeOff("INV-1", null, SUPERVISOR, "sam")).events())
                .first().isInstanceOf(ReceivablesEvent.InvoiceWrittenOff.class);
    }

    @Test
    void an_invoice_not_yet_due_is_written_off_only_with_a_supervisor() {
        var notDue = invoice("INV-1", "50.00", "2026-11-01", "2026-12-01");
        assertThat(given(notDue).when(writeOff("INV-1", "10.00", CLERK, "kim")).events()).singleElement()
                .isInstanceOfSatisfying(ReceivablesEvent.WriteOffRequested.class,
                        r -> assertThat(r.approvalNeeded()).containsExactly("NOT_YET_DUE"));
        assertThat(given(notDue).when(writeOff("INV-1", "10.00", SUPERVISOR, "sam")).events()).first()
                .isInstanceOf(ReceivablesEvent.InvoiceWrittenOff.class);
    }

    @Test
    void an_approval_writes_off_in_the_askers_name_and_names_the_approver_and_a_request_is_decided_once() {
        var ask = writeOff("INV-1", "400.00", CLERK, "kim");
        var approve = new LedgerCommand.ApproveWriteOff(CUSTOMER, "WOR-1", TODAY, "sam");
        var written = given(invoice("INV-1", "500.00"), ask).when(approve).events();
        assertThat(written).first().isInstanceOfSatisfying(ReceivablesEvent.InvoiceWrittenOff.class, w -> {
            assertThat(w.amount()).isEqualByComparingTo("400.00");
            assertThat(w.writtenOffBy()).isEqualTo("kim");
            assertThat(w.role()).isEqualTo("ar-clerk");
            assertThat(w.approvedBy()).isEqualTo("sam");
            assertThat(w.requestId()).isEqualTo("WOR-1");
        });
        Account after = given(invoice("INV-1", "500.00"), ask, approve).thenStateAfterNothing();
        assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("100.00");
        assertThat(after.writeOffRequests().get("WOR-1").status()).isEqualTo(Account.WriteOffRequest.Status.APPROVED);

        given(invoice("INV-1", "500.00"), ask, approve).when(approve)
                .thenRejected(RejectionCode.REQUEST_ALREADY_DECIDED, "requestId");
        var decline = new LedgerCommand.DeclineWriteOff(CUSTOMER, "WOR-1", TODAY, "sam", "collect first");
        assertThat(given(invoice("INV-1", "500.00"), ask).when(decline).events()).singleElement()
                .isInstanceOf(ReceivablesEvent.WriteOffProposalDeclined.class);
        given(invoice("INV-1", "500.00"), ask, decline).when(approve)
                .thenRejected(RejectionCode.REQUEST_ALREADY_DECIDED, "requestId");
        given(invoice("INV-1", "500.00")).when(approve).thenRejected(RejectionCode.UNKNOWN_WRITE_OFF_REQUEST, "requestId");
        // paid in between: the approval cannot write off more than is open now
        given(invoice("INV-1", "500.00"), ask, payment("PAY-1", "200.00", allocate("INV-1", "200.00"))).when(approve)
                .thenRejected(RejectionCode.AMOUNT_EXCEEDS_OPEN_AMOUNT, "requestId");
    }

    // --- small balances -------------------------------------------------------------------------------------------

    private static final LedgerRules SMALL = new LedgerRules(0, Map.of("EUR", new BigDecimal("1.00")),
            Aging.Buckets.STANDARD, new BigDecimal("2"), Map.of());

    private static IngestEvent.PaymentReceived paid(String id, String amount, String date, String invoiceId) {
        return new IngestEvent.PaymentReceived(id, CUSTOMER, LocalDate.parse(date), "EUR", eur(amount),
                PaymentMethod.SEPA, null, invoiceId == null ? null : List.of(allocate(invoiceId, amount)));
    }

    private static List<ReceivablesEvent.InvoiceWrittenOff> automatic(List<ReceivablesEvent> events) {
        return events.stream().filter(e -> e instanceof ReceivablesEvent.InvoiceWrittenOff w && w.automatic())
                .map(ReceivablesEvent.InvoiceWrittenOff.class::cast).toList();
    }

    @Test
    void a_small_balance_is_written_off_on_or_after_the_due_date_not_before() {
        var dueOct31 = invoice("INV-1", "100.00", "2026-10-01", "2026-10-31");
        assertThat(automatic(givenUnder(SMALL, dueOct31).when(paid("PAY-1", "99.40", "2026-10-20", "INV-1")).events()))
                .as("paid early: the customer may still pay the rest").isEmpty();
        assertThat(automatic(givenUnder(SMALL, dueOct31).when(paid("PAY-1", "99.40", "2026-10-31", "INV-1")).events()))
                .singleElement().satisfies(w -> assertThat(w.amount()).isEqualByComparingTo("0.60"));
        // and the daily run writes off what was left early, once the invoice is due
        var daily = givenUnder(SMALL, dueOct31, paid("PAY-1", "99.40", "2026-10-20", "INV-1"))
                .when(new LedgerCommand.EvaluateDelinquency(CUSTOMER, LocalDate.parse("2026-10-31"))).events();
        assertThat(automatic(daily)).singleElement().satisfies(w -> {
            assertThat(w.amount()).isEqualByComparingTo("0.60");
            assertThat(w.reasonCode()).isEqualTo("SMALL_BALANCE");
        });
    }

    @Test
    void both_the_absolute_and_the_percentage_tolerance_must_hold() {
        // 0.90 is within 1.00 but 9 % of a 10.00 invoice: above 2 %
        var small = invoice("INV-1", "10.00", "2026-10-01", "2026-10-15");
        assertThat(automatic(givenUnder(SMALL, small).when(paid("PAY-1", "9.10", "2026-10-20", "INV-1")).events())).isEmpty();
        // 1.00 of 50.00 is exactly 2 % and exactly the absolute tolerance
        var fifty = invoice("INV-1", "50.00", "2026-10-01", "2026-10-15");
        assertThat(automatic(givenUnder(SMALL, fifty).when(paid("PAY-1", "49.00", "2026-10-20", "INV-1")).events())).hasSize(1);
        assertThat(automatic(givenUnder(SMALL, fifty).when(paid("PAY-1", "48.99", "2026-10-20", "INV-1")).events())).isEmpty();
    }

    @Test
    void no_small_balance_write_off_while_the_customer_has_unapplied_cash_in_that_currency() {
        var due = invoice("INV-1", "100.00", "2026-10-01", "2026-10-15");
        // the remittance names 99.40 for the invoice; the rest of the 150.00 stays unapplied cash
        var payment = new IngestEvent.PaymentReceived("PAY-1", CUSTOMER, LocalDate.parse("2026-10-20"), "EUR",
                eur("150.00"), PaymentMethod.SEPA, null, List.of(allocate("INV-1", "99.40")));
        assertThat(automatic(givenUnder(SMALL, due).when(payment).events())).isEmpty();
    }

    @Test
    void returning_the_payment_that_left_the_small_balance_reverses_its_write_off() {
        var due = invoice("INV-1", "100.00", "2026-10-01", "2026-10-15");
        var pay = paid("PAY-1", "99.40", "2026-10-20", "INV-1");
        var events = givenUnder(SMALL, due, pay).when(paymentReturned("PAY-1")).events();
        assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                ReceivablesEvent.InvoiceWriteOffReversed.class, r -> {
                    assertThat(r.writeOffId()).isEqualTo("WO-1");
                    assertThat(r.amount()).isEqualByComparingTo("0.60");
                }));
        Account after = givenUnder(SMALL, due, pay, paymentReturned("PAY-1")).thenStateAfterNothing();
        assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("100.00");
        assertThat(after.invoice("INV-1").writtenOff()).isZero();
    }

    // --- cash-application policy ----------------------------------------------------------------------------------

    @Test
    void leaving_cash_unapplied_from_now_on_never_reopens_an_invoice_paid_oldest_first() {
        var inv = invoice("INV-1", "300.00");
        var pay = payment("PAY-1", "500.00"); // no remittance, no exact match: oldest first pays INV-1
        var change = new LedgerCommand.ChangeCashApplicationPolicy(CUSTOMER, RemainderPolicy.LEAVE_UNAPPLIED, TODAY, "sam");
        var events = given(inv, pay).when(change).events();
        assertThat(events).noneMatch(e -> e instanceof ReceivablesEvent.PaymentUnapplied);
        Account after = given(inv, pay, change).thenStateAfterNothing();
        assertThat(after.invoice("INV-1").openAmount()).isZero();
        // a later invoice is not paid from the remaining cash any more...
        Account later = given(inv, pay, change, invoice("INV-2", "100.00", "2026-10-05", "2026-11-04")).thenStateAfterNothing();
        assertThat(later.invoice("INV-2").openAmount()).isEqualByComparingTo("100.00");
        assertThat(later.invoice("INV-1").openAmount()).as("...and the paid one stays paid").isZero();
        assertThat(later.payment("PAY-1").unapplied()).isEqualByComparingTo("200.00");
    }

    // --- statements -----------------------------------------------------------------------------------------------

    @Test
    void statements_show_customer_text_not_internal_notes_and_csv_cells_cannot_start_a_formula() {
        LedgerRules rules = new LedgerRules(0, Map.of(), Aging.Buckets.STANDARD, new BigDecimal("100"),
                Map.of("SHORT_PAYMENT", "Remaining balance waived"));
        List<ReceivablesEvent> history = List.of(
                new ReceivablesEvent.InvoiceIssued(CUSTOMER, "INV-1", LocalDate.parse("2026-10-01"),
                        LocalDate.parse("2026-10-31"), "EUR", eur("100.00"), null, "=HYPERLINK(\"http://x\")"),
                new ReceivablesEvent.InvoiceAdjusted(CUSTOMER, "INV-1", "ADJ-1", "EUR", eur("-5.00"),
                        LocalDate.parse("2026-10-02"), "customer is difficult, gave in", "kim"),
                new ReceivablesEvent.InvoiceWrittenOff(CUSTOMER, "INV-1", "WO-1", "EUR", eur("5.00"),
                        LocalDate.parse("2026-10-03"), "not worth the phone call", "kim", false, "ar-clerk",
                        "SHORT_PAYMENT"));
        Statement statement = Statement.of(CUSTOMER, history, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"), rules);
        assertThat(statement.currencies().getFirst().movements()).extracting(Statement.Movement::description)
                .containsExactly("=HYPERLINK(\"http://x\")", "Invoice amount reduced", "Remaining balance waived");
        String csv = statement.toCsv();
        assertThat(csv).doesNotContain("difficult", "phone call").contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
        for (String dangerous : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\uFF1D1+1", "\uFF0B1",
                "\uFF0D1", "\uFF20SUM(A1)", "  =1+1")) {
            assertThat(Statement.cell(dangerous)).as("cell for %s", dangerous.replace("\t", "\\t").replace("\r", "\\r"))
                    .matches("(?s)\"?'.*");
        }
        assertThat(Statement.cell("INV-2026-1")).isEqualTo("INV-2026-1");
    }
}
