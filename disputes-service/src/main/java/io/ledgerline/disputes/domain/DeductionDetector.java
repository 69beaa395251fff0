package io.ledgerline.disputes.domain;

import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds deductions in receivables' events: a payment whose remittance names an invoice but pays less than what is
 * open on it and not already disputed, by more than the currency's tolerance. Each remittance line is judged once,
 * at the first moment both the payment and the invoice are known (the payment may come first: receivables lets a
 * remittance line wait for its invoice), against the invoice as it stood before that payment was applied. Pure:
 * the same events in the same order find the same deductions.
 */
public final class DeductionDetector {

    /** A shortfall to open a DEDUCTION case for; {@code disputeId} is derived from (customer, invoice, payment). */
    public record Deduction(String disputeId, String customerId, String invoiceId, String paymentId, String currency,
                            BigDecimal shortfall, BigDecimal remitted, LocalDate date) {
    }

    private final DeductionTolerance tolerance;

    public DeductionDetector(DeductionTolerance tolerance) {
        this.tolerance = tolerance;
    }

    /** The invoice ids an event needs from the copy (to load before {@link #apply}). */
    public static List<String> invoicesOf(ReceivablesEvent event) {
        return switch (event) {
            case ReceivablesEvent.InvoiceIssued e -> List.of(e.invoiceId());
            case ReceivablesEvent.InvoiceCancelled e -> List.of(e.invoiceId());
            case ReceivablesEvent.PaymentReceived e -> e.allocations() == null ? List.of()
                    : e.allocations().stream().map(PaymentAllocation::invoiceId).distinct().toList();
            case ReceivablesEvent.PaymentApplied e -> List.of(e.invoiceId());
            case ReceivablesEvent.PaymentUnapplied e -> List.of(e.invoiceId());
            case ReceivablesEvent.InvoiceAdjusted e -> List.of(e.invoiceId());
            case ReceivablesEvent.InvoiceWrittenOff e -> List.of(e.invoiceId());
            case ReceivablesEvent.InvoiceWriteOffReversed e -> List.of(e.invoiceId());
            default -> List.of();
        };
    }

    /** Folds one event into the copy; answers the deductions it reveals (their amounts already counted as disputed). */
    public List<Deduction> apply(ReceivablesEvent event, ReceivablesCopy copy) {
        String c = event.customerId();
        switch (event) {
            case ReceivablesEvent.InvoiceIssued e -> {
                if (copy.invoice(c, e.invoiceId()) != null) {
                    return List.of();
                }
                var invoice = new ReceivablesCopy.Invoice(c, e.invoiceId(), e.currency(), e.issueDate(), e.dueDate(),
                        e.amount(), e.amount(), BigDecimal.ZERO, false);
                copy.put(invoice);
                // Remittance lines that waited for this invoice, in the order their payments arrived; each pays its
                // part before the next one is judged.
                List<Deduction> found = new ArrayList<>();
                BigDecimal running = invoice.open;
                for (ReceivablesCopy.PendingLine line : copy.takePending(c, e.invoiceId())) {
                    if (line.currency().equals(invoice.currency)) {
                        LocalDate date = line.receivedDate().isAfter(e.issueDate()) ? line.receivedDate() : e.issueDate();
                        judge(copy, invoice, running, line.paymentId(), line.amount(), date).ifPresent(found::add);
                        running = running.subtract(line.amount());
                    }
                }
                return found;
            }
            case ReceivablesEvent.PaymentReceived e -> {
                if (e.allocations() == null || e.allocations().isEmpty()) {
                    return List.of();
                }
                Map<String, BigDecimal> remitted = new LinkedHashMap<>();
                e.allocations().forEach(a -> remitted.merge(a.invoiceId(), a.amount(), BigDecimal::add));
                List<Deduction> found = new ArrayList<>();
                remitted.forEach((invoiceId, amount) -> {
                    var invoice = copy.invoice(c, invoiceId);
                    if (invoice == null) {
                        copy.addPending(new ReceivablesCopy.PendingLine(c, e.paymentId(), invoiceId, e.currency(),
                                amount, e.receivedDate()));
                    } else if (invoice.currency.equals(e.currency())) {
                        judge(copy, invoice, invoice.open, e.paymentId(), amount, e.receivedDate()).ifPresent(found::add);
                    }
                });
                return found;
            }
            case ReceivablesEvent.InvoiceCancelled e -> change(copy, c, e.invoiceId(), i -> {
                i.cancelled = true;
                i.open = BigDecimal.ZERO;
            });
            case ReceivablesEvent.PaymentApplied e -> change(copy, c, e.invoiceId(), i -> i.open = i.open.subtract(e.amount()));
            case ReceivablesEvent.PaymentUnapplied e -> change(copy, c, e.invoiceId(), i -> i.open = i.open.add(e.amount()));
            case ReceivablesEvent.InvoiceAdjusted e -> change(copy, c, e.invoiceId(), i -> {
                i.capacity = i.capacity.add(e.amount());
                i.open = i.open.add(e.amount());
            });
            case ReceivablesEvent.InvoiceWrittenOff e -> change(copy, c, e.invoiceId(), i -> i.open = i.open.subtract(e.amount()));
            case ReceivablesEvent.InvoiceWriteOffReversed e -> change(copy, c, e.invoiceId(), i -> i.open = i.open.add(e.amount()));
            default -> {
                // Credit notes and returns reach invoices through PaymentApplied / PaymentUnapplied; the rest does not
                // change what is open.
            }
        }
        return List.of();
    }

    private static List<Deduction> change(ReceivablesCopy copy, String customerId, String invoiceId,
                                          java.util.function.Consumer<ReceivablesCopy.Invoice> change) {
        var invoice = copy.invoice(customerId, invoiceId);
        if (invoice != null) {
            change.accept(invoice);
            copy.touched(invoice);
        }
        return List.of();
    }

    /**
     * Judges one remittance line. A deduction found counts as disputed on the invoice at once, so a second line in
     * the same batch is judged against what is left undisputed.
     */
    private java.util.Optional<Deduction> judge(ReceivablesCopy copy, ReceivablesCopy.Invoice invoice, BigDecimal openBefore,
                                                String paymentId, BigDecimal remitted, LocalDate date) {
        if (invoice.cancelled) {
            return java.util.Optional.empty();
        }
        BigDecimal undisputed = openBefore.subtract(invoice.disputed);
        BigDecimal shortfall = undisputed.subtract(remitted);
        if (!tolerance.isDeduction(shortfall, invoice.currency, invoice.capacity)) {
            return java.util.Optional.empty();
        }
        invoice.disputed = invoice.disputed.add(shortfall);
        copy.touched(invoice);
        return java.util.Optional.of(new Deduction(deductionId(invoice.customerId, invoice.invoiceId, paymentId),
                invoice.customerId, invoice.invoiceId, paymentId, invoice.currency, shortfall, remitted, date));
    }

    /** The same (customer, invoice, payment) always gives the same case id: one case per shortfall, whatever arrives twice. */
    public static String deductionId(String customerId, String invoiceId, String paymentId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((customerId + "\u0000" + invoiceId + "\u0000"
                    + paymentId).getBytes(StandardCharsets.UTF_8));
            return "DED-" + HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
