package io.ledgerline.receivables.projection;

import io.ledgerline.receivables.domain.InvoiceStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An invoice as the front ends see it: what it asks for, what is applied, what is still open. */
@Entity
@Table(name = "invoice_view")
public class InvoiceView extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "invoice_id")
    public String invoiceId;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "due_date")
    public LocalDate dueDate;
    public String currency;
    public BigDecimal amount;
    public BigDecimal adjustments;
    @Column(name = "written_off")
    public BigDecimal writtenOff;
    public BigDecimal applied;
    @Column(name = "open_amount")
    public BigDecimal openAmount;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public InvoiceStatus status;
    @Column(name = "purchase_order")
    public String purchaseOrder;
    public String description;
    /** What open disputes mark on the invoice (may exceed what is still open; answers show at most the open amount). */
    public BigDecimal disputed = BigDecimal.ZERO;

    public static String key(String customerId, String invoiceId) {
        return customerId + " " + invoiceId;
    }

    /**
     * Open amount and status follow from the amounts; kept in one place so no event handler gets them wrong.
     * Cancellation is final: a cancelled invoice stays cancelled whatever is recomputed later.
     */
    void recompute(boolean cancel) {
        boolean cancelled = cancel || status == InvoiceStatus.CANCELLED;
        openAmount = cancelled ? BigDecimal.ZERO : amount.add(adjustments).subtract(writtenOff).subtract(applied);
        status = InvoiceStatus.of(cancelled, writtenOff, applied, openAmount);
    }
}
