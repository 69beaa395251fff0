package io.ledgerline.collections.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** A collection case as lists and worklists show it, built from collections' own events. */
@Entity
@Table(name = "case_view")
public class CaseView extends PanacheEntityBase {
    @Id
    @Column(name = "case_id")
    public String caseId;
    @Column(name = "customer_id")
    public String customerId;
    public String status;
    public String strategy;
    public int level;
    @Column(name = "level_name")
    public String levelName;
    public String collector;
    @Column(name = "opened_date")
    public LocalDate openedDate;
    @Column(name = "closed_date")
    public LocalDate closedDate;
    public String closure;
    @Column(name = "escalated_to")
    public String escalatedTo;
    @Column(name = "broken_promises")
    public int brokenPromises;
    @Column(name = "open_promise_id")
    public String openPromiseId;
    @Column(name = "open_promise_due")
    public LocalDate openPromiseDue;
    @Column(name = "last_contact_at")
    public Instant lastContactAt;
    @Column(name = "inquiry_open_since")
    public Instant inquiryOpenSince;
    @Column(name = "inquiry_overdue")
    public boolean inquiryOverdue;
    @Column(name = "open_call_tasks")
    public int openCallTasks;
}
