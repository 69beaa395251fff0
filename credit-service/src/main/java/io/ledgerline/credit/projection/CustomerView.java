package io.ledgerline.credit.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A customer's credit in one row, for search and the reviews-due queue. */
@Entity
@Table(name = "customer_view")
public class CustomerView extends PanacheEntityBase {
    @Id
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "risk_class")
    public String riskClass;
    public Integer score;
    @Column(name = "next_review_date")
    public LocalDate nextReviewDate;
    @Column(name = "last_review_date")
    public LocalDate lastReviewDate;
    @Column(name = "review_due_since")
    public LocalDate reviewDueSince;
    @Column(name = "active_holds")
    public int activeHolds;
    @Column(name = "limit_currency")
    public String limitCurrency;
    @Column(name = "limit_amount")
    public BigDecimal limitAmount;
    @Column(name = "group_id")
    public String groupId;
}
