package io.ledgerline.disputes.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What disputes keeps of receivables' ledger, for the invoices one batch of events touches: each invoice's amount,
 * what is still open on it and how much of that open cases dispute, and remittance lines that name an invoice
 * receivables has not reported yet. Mutable and owned by one batch; {@link #changedInvoices()} and the pending
 * lines say what to write back.
 */
public final class ReceivablesCopy {

    /** One invoice as receivables reported it. {@code capacity} is what it asks for after adjustments. */
    public static final class Invoice {
        public final String customerId;
        public final String invoiceId;
        public final String currency;
        public final LocalDate issueDate;
        public final LocalDate dueDate;
        public BigDecimal capacity;
        public BigDecimal open;
        public BigDecimal disputed;
        public boolean cancelled;

        public Invoice(String customerId, String invoiceId, String currency, LocalDate issueDate, LocalDate dueDate,
                       BigDecimal capacity, BigDecimal open, BigDecimal disputed, boolean cancelled) {
            this.customerId = customerId;
            this.invoiceId = invoiceId;
            this.currency = currency;
            this.issueDate = issueDate;
            this.dueDate = dueDate;
            this.capacity = capacity;
            this.open = open;
            this.disputed = disputed;
            this.cancelled = cancelled;
        }

        /** What is open and not already disputed by an open case. */
        public BigDecimal undisputedOpen() {
            BigDecimal left = open.subtract(disputed);
            return left.signum() < 0 ? BigDecimal.ZERO : left;
        }
    }

    /** A remittance line naming an invoice receivables has not reported yet. */
    public record PendingLine(String customerId, String paymentId, String invoiceId, String currency,
                              BigDecimal amount, LocalDate receivedDate) {
    }

    public record Key(String customerId, String invoiceId) {
    }

    private final Map<Key, Invoice> invoices = new HashMap<>();
    private final Map<Key, List<PendingLine>> pending = new HashMap<>();
    private final Set<Key> changed = new LinkedHashSet<>();
    private final Set<Key> pendingChanged = new LinkedHashSet<>();

    public void load(Invoice invoice) {
        invoices.put(new Key(invoice.customerId, invoice.invoiceId), invoice);
    }

    public void loadPending(PendingLine line) {
        pending.computeIfAbsent(new Key(line.customerId(), line.invoiceId()), k -> new ArrayList<>()).add(line);
    }

    public Invoice invoice(String customerId, String invoiceId) {
        return invoices.get(new Key(customerId, invoiceId));
    }

    void put(Invoice invoice) {
        Key key = new Key(invoice.customerId, invoice.invoiceId);
        invoices.put(key, invoice);
        changed.add(key);
    }

    /** Marks an invoice for writing back. */
    public void touched(Invoice invoice) {
        changed.add(new Key(invoice.customerId, invoice.invoiceId));
    }

    void addPending(PendingLine line) {
        Key key = new Key(line.customerId(), line.invoiceId());
        pending.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        pendingChanged.add(key);
    }

    List<PendingLine> takePending(String customerId, String invoiceId) {
        Key key = new Key(customerId, invoiceId);
        List<PendingLine> lines = pending.remove(key);
        if (lines != null) {
            pendingChanged.add(key);
        }
        return lines == null ? List.of() : lines;
    }

    public List<Invoice> changedInvoices() {
        return changed.stream().map(invoices::get).filter(java.util.Objects::nonNull).toList();
    }

    /** The invoices whose pending lines changed, with the lines they now have (empty: delete them). */
    public Map<Key, List<PendingLine>> changedPending() {
        Map<Key, List<PendingLine>> out = new HashMap<>();
        pendingChanged.forEach(key -> out.put(key, pending.getOrDefault(key, List.of())));
        return out;
    }
}
