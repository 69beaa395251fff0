package io.ledgerline.disputes.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One resolution of a case: what analytics count (cycle time, outcome, credit by reason and month). */
@Entity
@Table(name = "dispute_resolution_view")
public class DisputeResolutionView extends PanacheEntityBase {
    @Id
    @Column(name = "resolution_id")
    public String resolutionId;
    @Column(name = "dispute_id")
    public String disputeId;
    @Column(name = "customer_id")
    public String customerId;
    public String kind;
    @Column(name = "reason_code")
    public String reasonCode;
    public String outcome;
    public String currency;
    public BigDecimal disputed;
    public BigDecimal credited;
    @Column(name = "round_start")
    public LocalDate roundStart;
    @Column(name = "resolved_date")
    public LocalDate resolvedDate;
    /** Calendar days from the round's start (opened or reopened) to the resolution. */
    @Column(name = "cycle_days")
    public int cycleDays;
}
