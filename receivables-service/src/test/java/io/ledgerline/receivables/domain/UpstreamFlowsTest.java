package io.ledgerline.receivables.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.eur;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static org.assertj.core.api.Assertions.assertThat;

/** flows.md §2 and §3 on the ledger: given an account, when disputes' or collections' event arrives, then ... */
class UpstreamFlowsTest {

    static final LocalDate OCT_29 = LocalDate.of(2026, 10, 29);
    static final Actor ANALYST = new Actor("analyst.kim", List.of("dispute-analyst"));
    static final Actor COLLECTOR = new Actor("collector.jo", List.of("collector"));
    static final Actor SUPERVISOR = new Actor("sup.ines", List.of("supervisor"));

    static final DisputesEvent.DisputeOpened OPENED = new DisputesEvent.DisputeOpened(CUSTOMER, "DED-1",
            DisputesEvent.DisputeKind.DEDUCTION, "SHORT_PAYMENT", "50.00 short", "EUR",
            List.of(new DisputedInvoice("INV-1", eur("50.00"))), "PAY-1", null, OCT_29, OCT_29.plusDays(14), null);
    static final DisputesEvent.DisputeResolved PARTLY = new DisputesEvent.DisputeResolved(CUSTOMER, "DED-1", "DED-1-R1",
            DisputesEvent.Outcome.PARTIALLY_ACCEPTED, "EUR",
            List.of(new ResolvedInvoice("INV-1", eur("50.00"), eur("30.00"), "CN-DED-1-R1-1")), "one pallet damaged",
            OCT_29.plusDays(10), ANALYST, null);

    /** An invoice of 1250.00 paid 1200.00 by remittance: 50.00 open, due 31 October. */
    static Account shortPaid() {
        Account account = AccountDecider.initialState(CUSTOMER);
        for (IngestEvent input : List.of(invoice("INV-1", "1250.00"), payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")))) {
            ((Decision.Accepted) AccountDecider.decide(input, account)).events().forEach(account::evolve);
        }
        return account;
    }

    static List<ReceivablesEvent> when(Account account, DomainEvent event) {
        Decision decision = UpstreamFlows.decide(event, account, LedgerRules.DEFAULT);
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        List<ReceivablesEvent> events = ((Decision.Accepted) decision).events();
        events.forEach(account::evolve);
        return events;
    }

    @Test
    void a_dispute_marks_its_invoice_and_the_marked_part_is_not_delinquent() {
        Account account = shortPaid();
        LocalDate nov30 = LocalDate.of(2026, 11, 30);
        assertThat(Delinquency.evaluate(account, nov30, LedgerRules.DEFAULT).delinquent()).isTrue();

        assertThat(when(account, OPENED)).containsExactly(new ReceivablesEvent.InvoiceDisputed(CUSTOMER, "INV-1", "DED-1",
                "EUR", eur("50.00"), OCT_29));
        var status = Delinquency.evaluate(account, nov30, LedgerRules.DEFAULT);
        assertThat(status.delinquent()).isFalse();
        assertThat(status.disputedExcluded()).singleElement().satisfies(item -> {
            assertThat(item.invoiceId()).isEqualTo("INV-1");
            assertThat(item.amount()).isEqualByComparingTo("50.00");
            assertThat(item.disputeIds()).containsExactly("DED-1");
        });
        Account.Invoice invoice = account.invoice("INV-1");
        assertThat(account.disputedOpen(invoice).add(account.undisputedOpen(invoice))).isEqualByComparingTo(invoice.openAmount());
        // Delivered again: nothing more.
        assertThat(when(account, OPENED)).isEmpty();
    }

    @Test
    void a_resolution_posts_its_credit_once_applied_to_the_invoice_and_lifts_the_mark() {
        Account account = shortPaid();
        when(account, OPENED);
        List<ReceivablesEvent> events = when(account, PARTLY);
        assertThat(events).filteredOn(ReceivablesEvent.CreditNoteIssued.class::isInstance).singleElement()
                .isEqualTo(new ReceivablesEvent.CreditNoteIssued(CUSTOMER, "CN-DED-1-R1-1", OCT_29.plusDays(10), "EUR",
                        eur("30.00"), "INV-1", "dispute DED-1 resolved PARTIALLY_ACCEPTED (DED-1-R1)"));
        assertThat(events).filteredOn(ReceivablesEvent.InvoiceDisputeCleared.class::isInstance).singleElement()
                .isEqualTo(new ReceivablesEvent.InvoiceDisputeCleared(CUSTOMER, "INV-1", "DED-1", "EUR", eur("50.00"),
                        "DED-1-R1", "CN-DED-1-R1-1", OCT_29.plusDays(10)));
        assertThat(events).filteredOn(ReceivablesEvent.PaymentApplied.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((ReceivablesEvent.PaymentApplied) e).amount()).isEqualByComparingTo("30.00"));
        assertThat(account.invoice("INV-1").openAmount()).isEqualByComparingTo("20.00");
        assertThat(account.marks().on("INV-1")).isEmpty();
        // Redelivered resolution, and the opening after it: no second credit, no new mark.
        assertThat(when(account, PARTLY)).isEmpty();
        assertThat(when(account, OPENED)).isEmpty();
    }

    @Test
    void a_withdrawn_dispute_lifts_its_mark_without_credit_and_a_reopened_one_marks_again() {
        Account account = shortPaid();
        when(account, OPENED);
        var withdrawn = new DisputesEvent.DisputeClosed(CUSTOMER, "DED-1", DisputesEvent.Closure.WITHDRAWN, "paid",
                OCT_29.plusDays(3), ANALYST);
        // Lifted on 1 November, the 50.00 past due since 31 October counts again: the account is delinquent.
        List<ReceivablesEvent> lifted = when(account, withdrawn);
        assertThat(lifted.getFirst()).isEqualTo(new ReceivablesEvent.InvoiceDisputeCleared(CUSTOMER,
                "INV-1", "DED-1", "EUR", eur("50.00"), null, null, OCT_29.plusDays(3)));
        assertThat(lifted.getLast()).isInstanceOf(ReceivablesEvent.AccountDelinquent.class);
        assertThat(account.creditNotes()).isEmpty();
        var reopened = new DisputesEvent.DisputeReopened(CUSTOMER, "DED-1", "customer insists", "EUR",
                List.of(new DisputedInvoice("INV-1", eur("20.00"))), OCT_29.plusDays(5), ANALYST);
        assertThat(when(account, reopened).getFirst()).isEqualTo(new ReceivablesEvent.InvoiceDisputed(CUSTOMER, "INV-1",
                "DED-1", "EUR", eur("20.00"), OCT_29.plusDays(5)));
    }

    @Test
    void a_write_off_proposal_waits_for_a_supervisor_who_is_not_the_proposer() {
        Account account = shortPaid();
        var proposed = new CollectionsEvent.WriteOffProposed(CUSTOMER, "WOP-3", "CASE-11", "INV-1", "EUR", eur("50.00"),
                "uncollectible", OCT_29.plusDays(60), COLLECTOR);
        assertThat(when(account, proposed)).containsExactly(new ReceivablesEvent.WriteOffProposalReceived(CUSTOMER,
                "WOP-3", "INV-1", "EUR", eur("50.00"), "uncollectible", "CASE-11", OCT_29.plusDays(60), COLLECTOR));
        assertThat(account.invoice("INV-1").openAmount()).isEqualByComparingTo("50.00");
        assertThat(when(account, proposed)).isEmpty();

        var byProposer = AccountDecider.decide(new LedgerCommand.ApproveWriteOffProposal(CUSTOMER, "WOP-3",
                OCT_29.plusDays(61), COLLECTOR), account, LedgerRules.DEFAULT);
        assertThat(((Decision.Rejected) byProposer).rejection().code()).isEqualTo("FOUR_EYES");

        var approved = (Decision.Accepted) AccountDecider.decide(new LedgerCommand.ApproveWriteOffProposal(CUSTOMER,
                "WOP-3", OCT_29.plusDays(61), SUPERVISOR), account, LedgerRules.DEFAULT);
        var writeOff = (ReceivablesEvent.InvoiceWrittenOff) approved.events().getFirst();
        assertThat(writeOff.writeOffId()).isEqualTo("WOP-3");
        assertThat(writeOff.amount()).isEqualByComparingTo("50.00");
        assertThat(writeOff.writtenOffBy()).isEqualTo("collector.jo");
        assertThat(writeOff.approvedBy()).isEqualTo("sup.ines");
        approved.events().forEach(account::evolve);
        assertThat(account.marks().pendingProposals()).isEmpty();
        var again = AccountDecider.decide(new LedgerCommand.DeclineWriteOffProposal(CUSTOMER, "WOP-3", "no",
                OCT_29.plusDays(62), SUPERVISOR), account, LedgerRules.DEFAULT);
        assertThat(((Decision.Rejected) again).rejection().code()).isEqualTo("PROPOSAL_NOT_PENDING");
        assertThat(when(account, proposed)).isEmpty();
    }

    @Test
    void a_declined_proposal_writes_nothing_off() {
        Account account = shortPaid();
        when(account, new CollectionsEvent.WriteOffProposed(CUSTOMER, "WOP-4", "CASE-11", "INV-1", "EUR",
                eur("50.00"), "uncollectible", OCT_29.plusDays(60), null));
        var declined = (Decision.Accepted) AccountDecider.decide(new LedgerCommand.DeclineWriteOffProposal(CUSTOMER,
                "WOP-4", "customer promised to pay", OCT_29.plusDays(61), SUPERVISOR), account, LedgerRules.DEFAULT);
        assertThat(declined.events()).containsExactly(new ReceivablesEvent.WriteOffProposalDeclined(CUSTOMER, "WOP-4",
                "INV-1", "customer promised to pay", OCT_29.plusDays(61), SUPERVISOR));
        declined.events().forEach(account::evolve);
        assertThat(account.invoice("INV-1").openAmount()).isEqualByComparingTo("50.00");
        var unknown = AccountDecider.decide(new LedgerCommand.ApproveWriteOffProposal(CUSTOMER, "WOP-9",
                OCT_29.plusDays(61), SUPERVISOR), account, LedgerRules.DEFAULT);
        assertThat(((Decision.Rejected) unknown).rejection().code()).isEqualTo("UNKNOWN_PROPOSAL");
    }

    @Test
    void a_small_balance_is_not_written_off_while_disputed() {
        var rules = new LedgerRules(0, java.util.Map.of("EUR", new BigDecimal("60.00")), Aging.Buckets.STANDARD);
        Account account = AccountDecider.initialState(CUSTOMER);
        ((Decision.Accepted) AccountDecider.decide(invoice("INV-1", "1250.00"), account, rules)).events().forEach(account::evolve);
        UpstreamFlows.decide(OPENED, account, rules);
        ((Decision.Accepted) UpstreamFlows.decide(OPENED, account, rules)).events().forEach(account::evolve);
        ((Decision.Accepted) AccountDecider.decide(payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")), account,
                rules)).events().forEach(account::evolve);
        assertThat(account.invoice("INV-1").openAmount()).isEqualByComparingTo("50.00");
        assertThat(account.writeOffs()).isEmpty();
    }
}
