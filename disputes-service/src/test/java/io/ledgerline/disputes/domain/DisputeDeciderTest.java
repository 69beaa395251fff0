package io.ledgerline.disputes.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.Outcome;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.ledgerline.disputes.domain.DisputeScenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class DisputeDeciderTest {

    static final Actor KIM = new Actor("analyst.kim", List.of("dispute-analyst"));
    static final Actor INES = new Actor("sup.ines", List.of("supervisor"));
    // Monday 2 November 2026
    static final LocalDate MON = LocalDate.of(2026, 11, 2);

    static final DisputesEvent.DisputeOpened OPENED = new DisputesEvent.DisputeOpened("C-1", "DSP-000001",
            DisputesEvent.DisputeKind.DISPUTE, "PRICE", "price list not applied", "EUR",
            List.of(new DisputedInvoice("INV-1", new BigDecimal("120.00")), new DisputedInvoice("INV-2", new BigDecimal("30.00"))),
            null, null, MON, MON.plusDays(14), KIM);
    static final DisputesEvent.DisputeAssigned ASSIGNED = new DisputesEvent.DisputeAssigned("C-1", "DSP-000001",
            "dispute-desk", null, "rules", MON, null);

    static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void a_person_opens_a_case_with_its_sla_in_business_days_and_an_owner_by_the_rules() {
        given().when(new DisputeCommand.OpenDispute("DSP-000001", "C-1", "PRICE", "price list not applied", "EUR",
                        List.of(new DisputedInvoice("INV-1", eur("120")), new DisputedInvoice("INV-2", eur("30.0"))),
                        null, MON, KIM))
                .then(OPENED, new DisputesEvent.DisputeAssigned("C-1", "DSP-000001", "dispute-desk", null,
                        "assignment rules: reason PRICE, 150.00 EUR", MON, null));
    }

    @Test
    void a_large_case_goes_to_the_owner_its_amount_calls_for() {
        var events = given().when(new DisputeCommand.OpenDispute("DSP-2", "C-1", "TAX", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("25000"))), null, MON, KIM)).events();
        assertThat(((DisputesEvent.DisputeAssigned) events.get(1)).owner()).isEqualTo("dispute-leads");
    }

    @Test
    void an_unknown_reason_code_or_too_many_decimals_or_an_invoice_twice_is_refused_naming_the_field() {
        given().when(new DisputeCommand.OpenDispute("D", "C-1", "BECAUSE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("1"))), null, MON, KIM)).thenRejected("UNKNOWN_REASON_CODE", "reasonCode");
        given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("1.001"))), null, MON, KIM)).thenRejected("TOO_MANY_DECIMALS", "invoices[0].amount");
        given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("1")), new DisputedInvoice("INV-1", eur("2"))), null, MON, KIM))
                .thenRejected("DUPLICATE_INVOICE", "invoices[1].invoiceId");
        given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("0"))), null, MON, KIM)).thenRejected("INVALID_AMOUNT", "invoices[0].amount");
    }

    @Test
    void an_amount_no_ledger_holds_is_refused_before_anything_expands_it() {
        // 1E+999999999 has a billion digits written out: scaling or printing it would take the service down.
        for (String amount : List.of("1E+16", "1E+999999999")) {
            given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                    List.of(new DisputedInvoice("INV-1", eur(amount))), null, MON, KIM))
                    .thenRejected("INVALID_AMOUNT", "invoices[0].amount");
            given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.PARTIALLY_ACCEPTED,
                            List.of(new DisputeCommand.InvoiceCredit("INV-1", eur(amount))), "x", MON, KIM))
                    .thenRejected("INVALID_AMOUNT", "invoices[0].creditAmount");
            given(OPENED, ASSIGNED, new DisputesEvent.DisputeClosed("C-1", "DSP-000001",
                    DisputesEvent.Closure.WITHDRAWN, null, MON, KIM)).when(new DisputeCommand.Reopen("DSP-000001",
                    "x", List.of(new DisputedInvoice("INV-1", eur(amount))), MON, KIM))
                    .thenRejected("INVALID_AMOUNT", "invoices[0].amount");
        }
        // 15 digits before the point is the ledger's largest amount (the ingest contract's limit).
        given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("999999999999999.99"))), null, MON, KIM)).events();
        // Decimals written out of all proportion are named as such, without writing the amount out either.
        assertThat(given().when(new DisputeCommand.OpenDispute("D", "C-1", "PRICE", null, "EUR",
                List.of(new DisputedInvoice("INV-1", eur("1E-999999999"))), null, MON, KIM)).rejected().detail())
                .contains("1E-999999999").hasSizeLessThan(200);
    }

    @Test
    void a_deduction_is_opened_once_whatever_arrives_twice() {
        var open = new DisputeCommand.OpenDeduction("DED-1", "C-1", "INV-1", "PAY-1", "EUR", eur("50"), eur("1200"), MON);
        var events = given().when(open).events();
        var opened = (DisputesEvent.DisputeOpened) events.getFirst();
        assertThat(opened.kind()).isEqualTo(DisputesEvent.DisputeKind.DEDUCTION);
        assertThat(opened.sourcePaymentId()).isEqualTo("PAY-1");
        assertThat(opened.reasonCode()).isEqualTo("SHORT_PAYMENT");
        assertThat(opened.invoices()).containsExactly(new DisputedInvoice("INV-1", eur("50.00")));
        assertThat(opened.by()).isNull();
        given(events.toArray(DisputesEvent[]::new)).when(open).thenNothing();
    }

    @Test
    void review_escalation_and_the_sla_breach_escalate_once_per_round() {
        var started = new DisputesEvent.DisputeReviewStarted("C-1", "DSP-000001", MON.plusDays(1), KIM);
        given(OPENED, ASSIGNED).when(new DisputeCommand.StartReview("DSP-000001", MON.plusDays(1), KIM)).then(started);
        given(OPENED, ASSIGNED, started).when(new DisputeCommand.StartReview("DSP-000001", MON.plusDays(2), KIM)).thenNothing();
        // Due on the 16th: not breached that day, breached the day after.
        given(OPENED, ASSIGNED, started).when(new DisputeCommand.CheckSla("DSP-000001", MON.plusDays(14))).thenNothing();
        var breach = given(OPENED, ASSIGNED, started).when(new DisputeCommand.CheckSla("DSP-000001", MON.plusDays(15))).events();
        assertThat(breach).singleElement().satisfies(e -> {
            var escalated = (DisputesEvent.DisputeEscalated) e;
            assertThat(escalated.cause()).isEqualTo(DisputesEvent.EscalationCause.SLA_BREACHED);
            assertThat(escalated.asOf()).isEqualTo(MON.plusDays(15));
            assertThat(escalated.slaDueDate()).isEqualTo(MON.plusDays(14));
            assertThat(escalated.escalatedTo()).isEqualTo("dispute-leads");
        });
        given(OPENED, ASSIGNED, started, (DisputesEvent) breach.getFirst())
                .when(new DisputeCommand.CheckSla("DSP-000001", MON.plusDays(30))).thenNothing();
        given(OPENED, ASSIGNED, (DisputesEvent) breach.getFirst())
                .when(new DisputeCommand.Escalate("DSP-000001", "cfo", "again", MON.plusDays(30), KIM))
                .thenRejected("ALREADY_ESCALATED", null);
    }

    @Test
    void a_partial_acceptance_credits_per_invoice_with_a_credit_note_id_for_each_credit() {
        given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.PARTIALLY_ACCEPTED,
                        List.of(new DisputeCommand.InvoiceCredit("INV-1", eur("80"))), "price list applies from Nov",
                        MON.plusDays(5), KIM))
                .then(new DisputesEvent.DisputeResolved("C-1", "DSP-000001", "DSP-000001-R1", Outcome.PARTIALLY_ACCEPTED,
                        "EUR", List.of(new ResolvedInvoice("INV-1", eur("120.00"), eur("80.00"), "CN-DSP-000001-R1-1"),
                                new ResolvedInvoice("INV-2", eur("30.00"), eur("0.00"), null)),
                        "price list applies from Nov", MON.plusDays(5), KIM, null));
    }

    @Test
    void accepted_credits_everything_rejected_nothing_and_more_than_disputed_is_refused() {
        var accepted = (DisputesEvent.DisputeResolved) given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve(
                "DSP-000001", Outcome.ACCEPTED, null, "agreed", MON, KIM)).events().getFirst();
        assertThat(accepted.invoices()).extracting(ResolvedInvoice::creditAmount).containsExactly(eur("120.00"), eur("30.00"));
        given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.PARTIALLY_ACCEPTED,
                        List.of(new DisputeCommand.InvoiceCredit("INV-2", eur("30.01"))), "x", MON, KIM))
                .thenRejected("CREDIT_EXCEEDS_DISPUTED", "invoices[0].creditAmount");
        given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.REJECTED,
                List.of(new DisputeCommand.InvoiceCredit("INV-2", eur("1"))), "x", MON, KIM)).thenRejected("REJECTED_WITH_CREDIT", "invoices");
        given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.REJECTED, null, " ", MON, KIM))
                .thenRejected("MISSING_FIELD", "reason");
        given(OPENED, ASSIGNED).when(new DisputeCommand.Resolve("DSP-000001", Outcome.PARTIALLY_ACCEPTED,
                        List.of(new DisputeCommand.InvoiceCredit("INV-9", eur("1"))), "x", MON, KIM))
                .thenRejected("INVOICE_NOT_DISPUTED", "invoices[0].invoiceId");
    }

    @Test
    void above_the_approval_amount_a_second_person_approves_and_the_proposer_cannot() {
        var big = new DisputesEvent.DisputeOpened("C-1", "DSP-9", DisputesEvent.DisputeKind.DISPUTE, "PRICE", null,
                "EUR", List.of(new DisputedInvoice("INV-1", eur("5000.00"))), null, null, MON, MON.plusDays(14), KIM);
        var proposed = (DisputesEvent.DisputeResolutionProposed) given(big).when(new DisputeCommand.Resolve("DSP-9",
                Outcome.ACCEPTED, null, "agreed", MON, KIM)).events().getFirst();
        assertThat(proposed.resolutionId()).isEqualTo("DSP-9-R1");
        given(big, proposed).when(new DisputeCommand.ApproveResolution("DSP-9", "DSP-9-R1", MON, KIM)).thenRejected("FOUR_EYES", "by");
        given(big, proposed).when(new DisputeCommand.Resolve("DSP-9", Outcome.REJECTED, null, "no", MON, INES))
                .thenRejected("RESOLUTION_PENDING", null);
        given(big, proposed).when(new DisputeCommand.ApproveResolution("DSP-9", null, MON.plusDays(1), INES))
                .then(new DisputesEvent.DisputeResolved("C-1", "DSP-9", "DSP-9-R1", Outcome.ACCEPTED, "EUR",
                        proposed.invoices(), "agreed", MON.plusDays(1), KIM, INES));
        // Declined: back in review; the next resolution has a new id.
        var declined = new DisputesEvent.DisputeResolutionDeclined("C-1", "DSP-9", "DSP-9-R1", "no proof", MON, INES);
        given(big, proposed).when(new DisputeCommand.DeclineResolution("DSP-9", "DSP-9-R1", "no proof", MON, INES)).then(declined);
        var after = given(big, proposed, declined).when(new DisputeCommand.Resolve("DSP-9", Outcome.REJECTED, null,
                "no proof of damage", MON, KIM)).events();
        assertThat(((DisputesEvent.DisputeResolved) after.getFirst()).resolutionId()).isEqualTo("DSP-9-R2");
    }

    @Test
    void credits_in_parts_over_reopened_rounds_need_a_second_person_once_they_add_up_to_the_approval_amount() {
        var big = new DisputesEvent.DisputeOpened("C-1", "DSP-9", DisputesEvent.DisputeKind.DISPUTE, "PRICE", null,
                "EUR", List.of(new DisputedInvoice("INV-1", eur("3000.00"))), null, null, MON, MON.plusDays(14), KIM);
        var first = (DisputesEvent.DisputeResolved) given(big).when(new DisputeCommand.Resolve("DSP-9",
                Outcome.PARTIALLY_ACCEPTED, List.of(new DisputeCommand.InvoiceCredit("INV-1", eur("900"))), "part",
                MON, KIM)).events().getFirst();
        var reopened = new DisputesEvent.DisputeReopened("C-1", "DSP-9", "more", "EUR",
                List.of(new DisputedInvoice("INV-1", eur("2100.00"))), MON, KIM);
        // 900.00 credited alone already: another 900.00 takes the case to 1,800.00 on one person's word.
        assertThat(given(big, first, reopened).when(new DisputeCommand.Resolve("DSP-9", Outcome.PARTIALLY_ACCEPTED,
                List.of(new DisputeCommand.InvoiceCredit("INV-1", eur("900"))), "part", MON, KIM)).events())
                .singleElement().isInstanceOf(DisputesEvent.DisputeResolutionProposed.class);
        // Up to the approval amount in all, one person may still resolve; a rejection credits nothing.
        assertThat(given(big, first, reopened).when(new DisputeCommand.Resolve("DSP-9", Outcome.PARTIALLY_ACCEPTED,
                List.of(new DisputeCommand.InvoiceCredit("INV-1", eur("100"))), "part", MON, KIM)).events().getFirst())
                .isInstanceOf(DisputesEvent.DisputeResolved.class);
        assertThat(given(big, first, reopened).when(new DisputeCommand.Resolve("DSP-9", Outcome.REJECTED, null,
                "no", MON, KIM)).events().getFirst()).isInstanceOf(DisputesEvent.DisputeResolved.class);
        // What a second person approved does not count against the next round.
        var approved = new DisputesEvent.DisputeResolved("C-1", "DSP-9", "DSP-9-R1", Outcome.PARTIALLY_ACCEPTED, "EUR",
                List.of(new ResolvedInvoice("INV-1", eur("3000.00"), eur("2900.00"), "CN-DSP-9-R1-1")), "part", MON,
                KIM, INES);
        var again = new DisputesEvent.DisputeReopened("C-1", "DSP-9", "more", "EUR",
                List.of(new DisputedInvoice("INV-1", eur("100.00"))), MON, KIM);
        assertThat(given(big, approved, again).when(new DisputeCommand.Resolve("DSP-9", Outcome.ACCEPTED, null,
                "rest", MON, KIM)).events().getFirst()).isInstanceOf(DisputesEvent.DisputeResolved.class);
    }

    @Test
    void close_withdraw_and_reopen_follow_the_workflow() {
        var resolved = new DisputesEvent.DisputeResolved("C-1", "DSP-000001", "DSP-000001-R1", Outcome.PARTIALLY_ACCEPTED,
                "EUR", List.of(new ResolvedInvoice("INV-1", eur("120.00"), eur("80.00"), "CN-DSP-000001-R1-1"),
                new ResolvedInvoice("INV-2", eur("30.00"), eur("0.00"), null)), "r", MON, KIM, null);
        given(OPENED, ASSIGNED).when(new DisputeCommand.Close("DSP-000001", null, MON, KIM)).thenRejected("NOT_RESOLVED", null);
        given(OPENED, ASSIGNED, resolved).when(new DisputeCommand.Withdraw("DSP-000001", null, MON, KIM))
                .thenRejected("DISPUTE_NOT_ACTIVE", null);
        given(OPENED, ASSIGNED).when(new DisputeCommand.Withdraw("DSP-000001", "customer paid", MON, KIM))
                .then(new DisputesEvent.DisputeClosed("C-1", "DSP-000001", DisputesEvent.Closure.WITHDRAWN, "customer paid", MON, KIM));
        // Reopen without invoices disputes again what was not credited.
        given(OPENED, ASSIGNED, resolved).when(new DisputeCommand.Reopen("DSP-000001", "new delivery note", null,
                        MON.plusDays(20), KIM))
                .then(new DisputesEvent.DisputeReopened("C-1", "DSP-000001", "new delivery note", "EUR",
                        List.of(new DisputedInvoice("INV-1", eur("40.00")), new DisputedInvoice("INV-2", eur("30.00"))),
                        MON.plusDays(20), KIM));
        given(OPENED, ASSIGNED).when(new DisputeCommand.Reopen("DSP-000001", "x", null, MON, KIM)).thenRejected("NOT_RESOLVED", null);
        given().when(new DisputeCommand.StartReview("NOPE", MON, KIM)).thenRejected("UNKNOWN_DISPUTE", "disputeId");
    }

    @Test
    void the_disputed_part_of_each_invoice_follows_the_case() {
        Dispute open = Dispute.replay(List.of(OPENED, ASSIGNED));
        assertThat(Dispute.disputedChange(Dispute.NONE, open)).containsEntry("INV-1", eur("120.00")).containsEntry("INV-2", eur("30.00"));
        var resolved = new DisputesEvent.DisputeResolved("C-1", "DSP-000001", "DSP-000001-R1", Outcome.REJECTED, "EUR",
                List.of(new ResolvedInvoice("INV-1", eur("120.00"), eur("0.00"), null)), "no", MON, KIM, null);
        Dispute done = open.evolve(resolved);
        assertThat(Dispute.disputedChange(open, done)).containsEntry("INV-1", eur("-120.00")).containsEntry("INV-2", eur("-30.00"));
        assertThat(done.status()).isEqualTo(DisputeStatus.RESOLVED);
    }
}
