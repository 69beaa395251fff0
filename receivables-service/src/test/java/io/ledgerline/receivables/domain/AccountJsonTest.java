package io.ledgerline.receivables.domain;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The account's JSON form (stream snapshots) keeps up with the class; the round trip itself is property 8. */
class AccountJsonTest {

    /**
     * A field added to {@link Account} must be added to {@link Account#toJson()} and {@link Account#fromJson}, and
     * {@link Account#JSON_SHAPE} bumped, or snapshots written before would load without it. When this fails, do both,
     * then add the field's name here. Transient fields are derived from the others and folded again by
     * {@link Account#fromJson}: they stay out of the form.
     */
    @Test
    void everyFieldOfTheAccountIsInItsJsonForm() {
        String[] fields = Arrays.stream(Account.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName)
                .sorted()
                .toArray(String[]::new);

        assertThat(fields).containsExactly("adjustments", "applicationDates", "applications", "clerkManaged",
                "creditNotes", "customerId", "delinquency", "invoices", "keptFromEarlierPolicy",
                "lastDelinquencyEvaluation", "marks", "moneyDates", "payments", "policy", "profile", "referenceTokens",
                "roomDates", "writeOffRequests", "writeOffs");
        assertThat(Account.JSON_SHAPE).isEqualTo(2);
    }

    @Test
    void anEmptyAccountReadsBack() {
        Account empty = AccountDecider.initialState("C-1");

        Account back = Account.fromJson(empty.toJson());

        assertThat(back).isEqualTo(empty);
        assertThat(back.toJson()).isEqualTo(empty.toJson());
    }

    @Test
    void disputeMarksAndPendingProposalsReadBack() {
        var day = java.time.LocalDate.of(2026, 10, 5);
        Account account = AccountDecider.replay("C-1", java.util.List.of(
                new io.ledgerline.events.receivables.ReceivablesEvent.InvoiceDisputed("C-1", "INV-1", "DSP-2", "EUR",
                        new java.math.BigDecimal("30.00"), day),
                new io.ledgerline.events.receivables.ReceivablesEvent.InvoiceDisputed("C-1", "INV-1", "DSP-1", "EUR",
                        new java.math.BigDecimal("20.50"), day),
                new io.ledgerline.events.receivables.ReceivablesEvent.InvoiceDisputed("C-1", "INV-2", "DSP-3", "EUR",
                        new java.math.BigDecimal("5.00"), day),
                new io.ledgerline.events.receivables.ReceivablesEvent.InvoiceDisputeCleared("C-1", "INV-2", "DSP-3",
                        "EUR", new java.math.BigDecimal("5.00"), "RES-1", "CN-1", day.plusDays(1)),
                new io.ledgerline.events.receivables.ReceivablesEvent.WriteOffProposalReceived("C-1", "WOP-1", "INV-1",
                        "EUR", new java.math.BigDecimal("9.99"), "uncollectible", "CASE-1", day.plusDays(2),
                        new io.ledgerline.events.common.Actor("collector.jo", java.util.List.of("collector")))));

        Account back = Account.fromJson(account.toJson());

        assertThat(back).isEqualTo(account);
        assertThat(back.marks().on("INV-1")).containsEntry("DSP-1", new java.math.BigDecimal("20.50"))
                .containsEntry("DSP-2", new java.math.BigDecimal("30.00"));
        assertThat(back.marks().pendingProposals()).containsOnlyKeys("WOP-1");
        assertThat(back.toJson()).isEqualTo(account.toJson());
    }

    @Test
    void jsonOfAnotherShapeOrNoAccountIsRefused() {
        String json = AccountDecider.initialState("C-1").toJson();

        assertThatThrownBy(() -> Account.fromJson(json.replace("\"shape\":2", "\"shape\":3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape 3");
        assertThatThrownBy(() -> Account.fromJson("{\"invoices\": 7}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Account.fromJson("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
