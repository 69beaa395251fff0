package io.ledgerline.disputes.projection;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A case as lists and analytics see it: where it stands, who owns it, how much it disputes and credited. */
@Entity
@Table(name = "dispute_view")
public class DisputeView extends PanacheEntityBase {
    @Id
    @Column(name = "dispute_id")
    public String disputeId;
    @Column(name = "customer_id")
    public String customerId;
    public String kind;
    @Column(name = "reason_code")
    public String reasonCode;
    public String status;
    public String owner;
    public String currency;
    public BigDecimal disputed;
    public BigDecimal credited;
    @Column(name = "opened_date")
    public LocalDate openedDate;
    @Column(name = "round_start")
    public LocalDate roundStart;
    @Column(name = "sla_due_date")
    public LocalDate slaDueDate;
    @Column(name = "first_resolved")
    public LocalDate firstResolved;
    @Column(name = "last_outcome")
    public String lastOutcome;
    public boolean escalated;
    @Column(name = "awaiting_approval")
    public boolean awaitingApproval;
    @Column(name = "source_payment_id")
    public String sourcePaymentId;
    /** The invoices disputed in the current round, "INV-1=50.00,INV-2=10.00". */
    public String invoices;
    public String description;
    public long version;
    /** The day the open round ended without a resolution (withdrawn, closed), for "open on a past day". */
    @JsonIgnore
    @Column(name = "round_closed")
    public LocalDate roundClosed;
}
