-- reporting-service's read models: the facts of every Ledgerline domain topic, each with the business date it
-- counts from, so that any figure can be computed as of any date by filtering on that date. Rows are written by the
-- consumer in the same transaction as its inbox rows; amounts that change an invoice's open amount are kept as
-- signed movements, so the order in which they arrive does not matter (a sum does not care).

-- Customer master data (CustomerUpdated): the newest snapshot applies to every day.
CREATE TABLE rpt_customer (
    customer_id        TEXT PRIMARY KEY,
    name               TEXT,
    currency           TEXT,
    payment_terms_days INT
);

-- Invoices as issued.
CREATE TABLE rpt_invoice (
    customer_id    TEXT          NOT NULL,
    invoice_id     TEXT          NOT NULL,
    currency       TEXT          NOT NULL,
    amount         NUMERIC(20,4) NOT NULL,
    issue_date     DATE          NOT NULL,
    due_date       DATE          NOT NULL,
    PRIMARY KEY (customer_id, invoice_id)
);
CREATE INDEX rpt_invoice_issue_idx ON rpt_invoice (currency, issue_date);

-- InvoiceCancelled: an invoice cancelled by a date holds nothing that day. Kept apart from rpt_invoice so that the
-- order in which the two arrive never matters.
CREATE TABLE rpt_invoice_cancel (
    customer_id    TEXT NOT NULL,
    invoice_id     TEXT NOT NULL,
    cancelled_date DATE NOT NULL,
    PRIMARY KEY (customer_id, invoice_id)
);

-- Money that can pay invoices: payments (PaymentReceived, returned_date from PaymentReturned) and credit notes.
CREATE TABLE rpt_source (
    customer_id   TEXT          NOT NULL,
    source_kind   TEXT          NOT NULL, -- PAYMENT | CREDIT_NOTE
    source_id     TEXT          NOT NULL,
    currency      TEXT          NOT NULL,
    amount        NUMERIC(20,4) NOT NULL,
    business_date DATE          NOT NULL,
    PRIMARY KEY (customer_id, source_kind, source_id)
);

CREATE TABLE rpt_payment_return (
    customer_id   TEXT NOT NULL,
    payment_id    TEXT NOT NULL,
    returned_date DATE NOT NULL,
    PRIMARY KEY (customer_id, payment_id)
);

-- Every change of an invoice's open amount, signed: ISSUED (+), ADJUSTED (±), APPLIED (−), UNAPPLIED (+),
-- WRITTEN_OFF (−), WRITE_OFF_REVERSED (+). APPLIED/UNAPPLIED name the payment or credit note.
CREATE TABLE rpt_movement (
    id            BIGSERIAL PRIMARY KEY,
    customer_id   TEXT          NOT NULL,
    invoice_id    TEXT          NOT NULL,
    currency      TEXT          NOT NULL,
    kind          TEXT          NOT NULL,
    source_kind   TEXT,
    source_id     TEXT,
    amount        NUMERIC(20,4) NOT NULL,
    business_date DATE          NOT NULL
);
CREATE INDEX rpt_movement_invoice_idx ON rpt_movement (customer_id, invoice_id);
CREATE INDEX rpt_movement_date_idx ON rpt_movement (currency, business_date);

-- Disputed parts of invoices as receivables marks them: InvoiceDisputed (+), InvoiceDisputeCleared (−).
CREATE TABLE rpt_dispute_mark (
    id            BIGSERIAL PRIMARY KEY,
    customer_id   TEXT          NOT NULL,
    invoice_id    TEXT          NOT NULL,
    dispute_id    TEXT          NOT NULL,
    currency      TEXT          NOT NULL,
    amount        NUMERIC(20,4) NOT NULL,
    business_date DATE          NOT NULL
);
CREATE INDEX rpt_dispute_mark_customer_idx ON rpt_dispute_mark (customer_id);

-- The customer's risk class (credit's RiskClassChanged, CreditDecisionMade) from a date: its segment.
CREATE TABLE rpt_segment (
    id          BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL,
    from_date   DATE NOT NULL,
    segment     TEXT NOT NULL
);
CREATE INDEX rpt_segment_customer_idx ON rpt_segment (customer_id, from_date);

-- The collector of the customer's case from a date (collections' CollectionCaseAssigned).
CREATE TABLE rpt_assignment (
    id          BIGSERIAL PRIMARY KEY,
    customer_id TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    collector   TEXT NOT NULL,
    from_date   DATE NOT NULL
);
CREATE INDEX rpt_assignment_customer_idx ON rpt_assignment (customer_id, from_date);

-- Promises to pay and how they ended (PromiseToPayMade, PromiseToPayKept, PromiseToPayBroken).
CREATE TABLE rpt_promise (
    promise_id   TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    case_id      TEXT,
    currency     TEXT,
    amount       NUMERIC(20,4),
    due_date     DATE,
    made_date    DATE,
    made_by      TEXT,
    outcome      TEXT, -- KEPT | BROKEN
    outcome_date DATE,
    paid         NUMERIC(20,4)
);

-- Contacts with customers (ContactLogged).
CREATE TABLE rpt_contact (
    contact_id     TEXT PRIMARY KEY,
    customer_id    TEXT NOT NULL,
    case_id        TEXT,
    contacted_date DATE NOT NULL,
    contacted_by   TEXT,
    outcome        TEXT
);

-- Accounts handed to an agency or legal (AccountEscalated) and write-offs proposed (WriteOffProposed).
CREATE TABLE rpt_collection_action (
    id            BIGSERIAL PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    kind          TEXT NOT NULL, -- ESCALATED | WRITE_OFF_PROPOSED
    business_date DATE NOT NULL,
    actor         TEXT
);

-- Disputes as disputes-service tells them: opened with a reason, resolved (first resolution) or withdrawn.
CREATE TABLE rpt_dispute (
    dispute_id    TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    kind          TEXT,
    reason_code   TEXT,
    currency      TEXT,
    amount        NUMERIC(20,4),
    opened_date   DATE,
    resolved_date DATE,
    outcome       TEXT, -- ACCEPTED | PARTIALLY_ACCEPTED | REJECTED | WITHDRAWN
    credited      NUMERIC(20,4),
    owner         TEXT
);

-- reporting's own aggregates: what it last published per aging key and per KPI key. The event store streams
-- (aging-<key>, kpi-<key>) are the record; these rows are their state, updated in the same transaction as the append.
CREATE TABLE rpt_aging_published (
    aging_key   TEXT PRIMARY KEY,
    customer_id TEXT   NOT NULL,
    currency    TEXT   NOT NULL,
    version     BIGINT NOT NULL,
    open        BOOLEAN NOT NULL,
    content     TEXT   NOT NULL
);

CREATE TABLE rpt_kpi_published (
    kpi_key       TEXT PRIMARY KEY,
    version       BIGINT NOT NULL,
    last_content  TEXT   NOT NULL,
    -- The figure as first published after its period had ended: what a restatement differs from.
    closed_value  NUMERIC(30,6),
    closed_content TEXT,
    closed_as_of  DATE
);
