-- What disputes keeps of receivables' ledger (from ledgerline.receivables.events), written by the upstream consumer in
-- the transaction that records its inbox rows: one row per invoice, and remittance lines still waiting for their
-- invoice. `disputed` is the part of the open amount that active cases dispute, kept in the transaction of every
-- dispute event that changes it.
CREATE TABLE receivables_invoice (
    customer_id TEXT    NOT NULL,
    invoice_id  TEXT    NOT NULL,
    currency    TEXT    NOT NULL,
    issue_date  DATE    NOT NULL,
    due_date    DATE    NOT NULL,
    capacity    NUMERIC NOT NULL,
    open_amount NUMERIC NOT NULL,
    disputed    NUMERIC NOT NULL DEFAULT 0,
    cancelled   BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (customer_id, invoice_id)
);

CREATE TABLE remittance_pending (
    customer_id   TEXT      NOT NULL,
    invoice_id    TEXT      NOT NULL,
    payment_id    TEXT      NOT NULL,
    currency      TEXT      NOT NULL,
    amount        NUMERIC   NOT NULL,
    received_date DATE      NOT NULL,
    seq           BIGSERIAL NOT NULL,
    PRIMARY KEY (customer_id, invoice_id, payment_id)
);

-- Case numbers for disputes opened by people (DSP-000001, ...); deductions take ids derived from their payment.
CREATE SEQUENCE dispute_number;

-- Evidence content, written in the transaction that records DisputeEvidenceAttached.
CREATE TABLE evidence_content (
    dispute_id   TEXT   NOT NULL,
    evidence_id  TEXT   NOT NULL,
    file_name    TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    content      BYTEA  NOT NULL,
    PRIMARY KEY (dispute_id, evidence_id)
);

-- Read models, built by the DisputeReadModel projection from the event store (rebuildable at any time).
CREATE TABLE dispute_view (
    dispute_id        TEXT PRIMARY KEY,
    customer_id       TEXT    NOT NULL,
    kind              TEXT    NOT NULL,
    reason_code       TEXT    NOT NULL,
    status            TEXT    NOT NULL,
    owner             TEXT,
    currency          TEXT    NOT NULL,
    disputed          NUMERIC NOT NULL,
    credited          NUMERIC NOT NULL DEFAULT 0,
    opened_date       DATE    NOT NULL,
    round_start       DATE    NOT NULL,
    sla_due_date      DATE,
    first_resolved    DATE,
    last_outcome      TEXT,
    escalated         BOOLEAN NOT NULL DEFAULT false,
    awaiting_approval BOOLEAN NOT NULL DEFAULT false,
    source_payment_id TEXT,
    invoices          TEXT    NOT NULL,
    description       TEXT,
    version           BIGINT  NOT NULL
);
CREATE INDEX dispute_view_customer ON dispute_view (customer_id);
CREATE INDEX dispute_view_status ON dispute_view (status, reason_code);

-- One row per resolution: what analytics count (cycle time, outcomes, credits by reason and month).
CREATE TABLE dispute_resolution_view (
    resolution_id TEXT PRIMARY KEY,
    dispute_id    TEXT    NOT NULL,
    customer_id   TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    reason_code   TEXT    NOT NULL,
    outcome       TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    disputed      NUMERIC NOT NULL,
    credited      NUMERIC NOT NULL,
    round_start   DATE    NOT NULL,
    resolved_date DATE    NOT NULL,
    cycle_days    INT     NOT NULL
);
CREATE INDEX dispute_resolution_view_reason ON dispute_resolution_view (reason_code, resolved_date);
