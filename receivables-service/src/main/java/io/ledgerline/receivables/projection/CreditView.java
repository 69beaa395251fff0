package io.ledgerline.receivables.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Money on the account: a payment or a credit note, and how much of it is not applied to any invoice. */
@Entity
@Table(name = "credit_view")
public class CreditView extends PanacheEntityBase {

    public enum Kind { PAYMENT, CREDIT_NOTE }

    public enum Status { UNAPPLIED, PARTIALLY_APPLIED, APPLIED, RETURNED }

    @Id
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    @Enumerated(EnumType.STRING)
    public Kind kind;
    @Column(name = "source_id")
    public String sourceId;
    @Column(name = "document_date")
    public LocalDate documentDate;
    public String currency;
    public BigDecimal amount;
    public BigDecimal unapplied;
    @Enumerated(EnumType.STRING)
    public Status status;
    public String method;
    public String reference;

    public static String key(String customerId, Kind kind, String sourceId) {
        return customerId + " " + kind + " " + sourceId;
    }

    void recompute() {
        if (status == Status.RETURNED) {
            unapplied = BigDecimal.ZERO;
        } else if (unapplied.signum() == 0) {
            status = Status.APPLIED;
        } else if (unapplied.compareTo(amount) < 0) {
            status = Status.PARTIALLY_APPLIED;
        } else {
            status = Status.UNAPPLIED;
        }
    }
}
