package io.ledgerline.credit.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An order credit checked, and where it stands (the held-order queue reads the HELD ones). */
@Entity
@Table(name = "order_view")
public class OrderView extends PanacheEntityBase {
    @Id
    @Column(name = "order_id")
    public String orderId;
    @Column(name = "customer_id")
    public String customerId;
    public String currency;
    public BigDecimal amount;
    public String outcome;
    /** RELEASED, HELD, REJECTED or CLOSED. */
    public String status;
    public String reasons;
    @Column(name = "checked_date")
    public LocalDate checkedDate;
    @Column(name = "expires_on")
    public LocalDate expiresOn;
    @Column(name = "decided_date")
    public LocalDate decidedDate;
    @Column(name = "decided_by")
    public String decidedBy;
    public String closure;
}
