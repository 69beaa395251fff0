package io.ledgerline.collections.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Facts from receivables and disputes as the tests' customer C-1 would produce them. */
public final class Facts {

    public static final String CUSTOMER = "C-1";
    public static final Actor COLLECTOR = new Actor("jo", List.of("collector"));
    public static final Actor SUPERVISOR = new Actor("ines", List.of("collector", "supervisor"));

    private Facts() {
    }

    public static ReceivablesEvent.CustomerUpdated customer(String country, String zone) {
        return new ReceivablesEvent.CustomerUpdated(CUSTOMER, "Nordwind Logistik", country, zone, 30, "EUR",
                List.of(new Contact("Ana Ruiz", "ap@nordwind.example", "+49 30 1", "accounts-payable"),
                        new Contact("Max Roth", "cfo@nordwind.example", "+49 30 2", "escalation")));
    }

    public static ReceivablesEvent.InvoiceIssued invoice(String id, String amount, LocalDate due) {
        return new ReceivablesEvent.InvoiceIssued(CUSTOMER, id, due.minusDays(30), due, "EUR", new BigDecimal(amount),
                null, null);
    }

    public static ReceivablesEvent.PaymentReceived payment(String id, String amount, LocalDate on) {
        return new ReceivablesEvent.PaymentReceived(CUSTOMER, id, on, "EUR", new BigDecimal(amount),
                io.ledgerline.events.ingest.PaymentMethod.SEPA, null, List.of());
    }

    public static ReceivablesEvent.PaymentApplied applied(String payment, String invoice, String amount, LocalDate on) {
        return new ReceivablesEvent.PaymentApplied(CUSTOMER, SourceKind.PAYMENT, payment, invoice, "EUR",
                new BigDecimal(amount), on, ApplicationRule.REMITTANCE);
    }

    public static ReceivablesEvent.AccountDelinquent delinquent(LocalDate asOf, LocalDate oldestDue, String pastDue) {
        return new ReceivablesEvent.AccountDelinquent(CUSTOMER, asOf, oldestDue,
                (int) java.time.temporal.ChronoUnit.DAYS.between(oldestDue, asOf),
                List.of(new CurrencyAmount("EUR", new BigDecimal(pastDue))), "1-30");
    }

    public static ReceivablesEvent.AccountCured cured(LocalDate asOf) {
        return new ReceivablesEvent.AccountCured(CUSTOMER, asOf);
    }

    public static DisputesEvent.DisputeOpened disputeOpened(String disputeId, String invoice, String amount, LocalDate on) {
        return new DisputesEvent.DisputeOpened(CUSTOMER, disputeId, DisputesEvent.DisputeKind.DISPUTE, "PRICE", "price",
                "EUR", List.of(new DisputesEvent.DisputedInvoice(invoice, new BigDecimal(amount))), null, null, on,
                on.plusDays(14), COLLECTOR);
    }

    public static DisputesEvent.DisputeResolved disputeResolved(String disputeId, String invoice, LocalDate on) {
        return new DisputesEvent.DisputeResolved(CUSTOMER, disputeId, "RES-" + disputeId,
                DisputesEvent.Outcome.REJECTED, "EUR", List.of(new DisputesEvent.ResolvedInvoice(invoice,
                new BigDecimal("1.00"), BigDecimal.ZERO, null)), "no", on, COLLECTOR, null);
    }
}
