package io.ledgerline.credit.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An application or periodic review and its state (the referral queue reads the undecided ones). */
@Entity
@Table(name = "application_view")
public class ApplicationView extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "application_id")
    public String applicationId;
    /** APPLICATION or REVIEW. */
    public String kind;
    /** REFERRED, AWAITING_SECOND_APPROVAL, APPROVED or DECLINED. */
    public String status;
    public String currency;
    @Column(name = "requested_limit")
    public BigDecimal requestedLimit;
    @Column(name = "recommended_limit")
    public BigDecimal recommendedLimit;
    @Column(name = "approval_limit")
    public BigDecimal approvalLimit;
    public Integer score;
    @Column(name = "risk_class")
    public String riskClass;
    @Column(name = "received_date")
    public LocalDate receivedDate;
    @Column(name = "updated_date")
    public LocalDate updatedDate;
    @Column(name = "approval_asked_by")
    public String approvalAskedBy;
    public String reason;

    public static String key(String customerId, String applicationId) {
        return customerId + " " + applicationId;
    }
}
