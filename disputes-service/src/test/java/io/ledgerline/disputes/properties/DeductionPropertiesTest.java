package io.ledgerline.disputes.properties;

import io.ledgerline.disputes.domain.DeductionDetector;
import io.ledgerline.disputes.domain.DeductionTolerance;
import io.ledgerline.disputes.domain.ReceivablesCopy;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deduction detection does not depend on how Kafka cuts receivables' stream into polls: the consumer keeps its copy
 * of the invoices (and the remittance lines waiting for one) in the database between polls, and a fresh copy per poll
 * must find exactly the deductions one copy over the whole stream finds, each (invoice, payment) once; and what it
 * counts as disputed on an invoice is the sum of the shortfalls found there.
 */
class DeductionPropertiesTest {

    private static final String CUSTOMER = "C-9";
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);
    private final DeductionDetector detector = new DeductionDetector(new DeductionTolerance(
            Map.of("EUR", DeductionTolerance.Limit.parse("5.00")), DeductionTolerance.Limit.parse("0")));

    @Property(tries = 300)
    void the_same_deductions_whatever_the_polls(@ForAll Random random) {
        List<ReceivablesEvent> stream = stream(random);
        ReceivablesCopy whole = new ReceivablesCopy();
        List<DeductionDetector.Deduction> once = new ArrayList<>();
        stream.forEach(e -> once.addAll(detector.apply(e, whole)));

        // The same stream in polls of random sizes, each with a fresh copy loaded from what earlier polls saved.
        Map<ReceivablesCopy.Key, ReceivablesCopy.Invoice> savedInvoices = new HashMap<>();
        Map<ReceivablesCopy.Key, List<ReceivablesCopy.PendingLine>> savedPending = new HashMap<>();
        List<DeductionDetector.Deduction> polled = new ArrayList<>();
        int at = 0;
        while (at < stream.size()) {
            int size = 1 + random.nextInt(6);
            List<ReceivablesEvent> poll = stream.subList(at, Math.min(stream.size(), at + size));
            at += poll.size();
            ReceivablesCopy copy = new ReceivablesCopy();
            Set<ReceivablesCopy.Key> keys = new LinkedHashSet<>();
            poll.forEach(e -> DeductionDetector.invoicesOf(e).forEach(i -> keys.add(new ReceivablesCopy.Key(CUSTOMER, i))));
            for (ReceivablesCopy.Key key : keys) {
                var saved = savedInvoices.get(key);
                if (saved != null) {
                    copy.load(new ReceivablesCopy.Invoice(saved.customerId, saved.invoiceId, saved.currency,
                            saved.issueDate, saved.dueDate, saved.capacity, saved.open, saved.disputed, saved.cancelled));
                }
                savedPending.getOrDefault(key, List.of()).forEach(copy::loadPending);
            }
            poll.forEach(e -> polled.addAll(detector.apply(e, copy)));
            copy.changedInvoices().forEach(i -> savedInvoices.put(new ReceivablesCopy.Key(i.customerId, i.invoiceId), i));
            copy.changedPending().forEach((key, lines) -> {
                if (lines.isEmpty()) {
                    savedPending.remove(key);
                } else {
                    savedPending.put(key, List.copyOf(lines));
                }
            });
        }

        assertThat(polled).isEqualTo(once);
        assertThat(once.stream().map(DeductionDetector.Deduction::disputeId).distinct().count()).isEqualTo(once.size());
        Map<String, BigDecimal> shortfalls = new HashMap<>();
        once.forEach(d -> shortfalls.merge(d.invoiceId(), d.shortfall(), BigDecimal::add));
        shortfalls.forEach((invoice, total) ->
                assertThat(whole.invoice(CUSTOMER, invoice).disputed).isEqualByComparingTo(total));
    }

    /**
     * Receivables' stream for one customer as its ledger would write it: invoices, payments with remittance (some
     * naming an invoice still to come, some paying short), the applications that follow a payment of a known invoice.
     */
    private static List<ReceivablesEvent> stream(Random random) {
        List<ReceivablesEvent> events = new ArrayList<>();
        Map<String, BigDecimal> open = new HashMap<>();
        List<String> invoices = new ArrayList<>();
        int count = 3 + random.nextInt(25);
        int invoiceNo = 0;
        int paymentNo = 0;
        for (int n = 0; n < count; n++) {
            if (invoices.isEmpty() || random.nextInt(3) == 0) {
                String id = "INV-" + (++invoiceNo);
                BigDecimal amount = BigDecimal.valueOf(1_000 + random.nextInt(200_000), 2);
                events.add(new ReceivablesEvent.InvoiceIssued(CUSTOMER, id, DAY, DAY.plusDays(30), "EUR", amount, null, null));
                invoices.add(id);
                open.put(id, amount);
            } else {
                // Mostly a known invoice, sometimes one still to come.
                boolean ahead = random.nextInt(6) == 0;
                String target = ahead ? "INV-" + (invoiceNo + 1) : invoices.get(random.nextInt(invoices.size()));
                BigDecimal left = open.getOrDefault(target, BigDecimal.valueOf(500_00, 2));
                if (left.signum() <= 0) {
                    continue;
                }
                BigDecimal paid = random.nextBoolean() ? left
                        : BigDecimal.valueOf(1 + random.nextInt(Math.max(1, left.movePointRight(2).intValue())), 2);
                String paymentId = "PAY-" + (++paymentNo);
                events.add(new ReceivablesEvent.PaymentReceived(CUSTOMER, paymentId, DAY.plusDays(10 + n), "EUR", paid,
                        PaymentMethod.SEPA, target, List.of(new PaymentAllocation(target, paid))));
                if (open.containsKey(target)) {
                    events.add(new ReceivablesEvent.PaymentApplied(CUSTOMER, ReceivablesEvent.SourceKind.PAYMENT,
                            paymentId, target, "EUR", paid, DAY.plusDays(10 + n), ReceivablesEvent.ApplicationRule.REMITTANCE));
                    open.put(target, left.subtract(paid));
                }
            }
        }
        return events;
    }
}
