-- flows.md §2 and §3 in the read models. Rebuildable like the rest: the events are the truth.

-- What open disputes mark on each invoice (InvoiceDisputed / InvoiceDisputeCleared): still owed, not delinquent.
ALTER TABLE invoice_view ADD COLUMN disputed NUMERIC NOT NULL DEFAULT 0;

-- Collections' write-off proposals and what a supervisor made of them (WriteOffProposalReadModel).
CREATE TABLE write_off_proposal_view (
    id            TEXT PRIMARY KEY,
    customer_id   TEXT    NOT NULL,
    proposal_id   TEXT    NOT NULL,
    invoice_id    TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    amount        NUMERIC NOT NULL,
    reason        TEXT,
    case_id       TEXT,
    proposed_by   TEXT,
    received_date DATE    NOT NULL,
    status        TEXT    NOT NULL,
    decided_by    TEXT,
    decided_date  DATE,
    decision_note TEXT
);
CREATE INDEX write_off_proposal_view_status ON write_off_proposal_view (status, received_date);
