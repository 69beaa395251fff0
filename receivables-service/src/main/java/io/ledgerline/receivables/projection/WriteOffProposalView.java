package io.ledgerline.receivables.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A write-off proposed by collections, and what a supervisor made of it: PENDING, APPROVED or DECLINED. */
@Entity
@Table(name = "write_off_proposal_view")
public class WriteOffProposalView extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "customer_id")
    public String customerId;
    @Column(name = "proposal_id")
    public String proposalId;
    @Column(name = "invoice_id")
    public String invoiceId;
    public String currency;
    public BigDecimal amount;
    public String reason;
    @Column(name = "case_id")
    public String caseId;
    @Column(name = "proposed_by")
    public String proposedBy;
    @Column(name = "received_date")
    public LocalDate receivedDate;
    public String status;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_date")
    public LocalDate decidedDate;
    @Column(name = "decision_note")
    public String decisionNote;

    public static String key(String customerId, String proposalId) {
        return customerId + " " + proposalId;
    }
}
