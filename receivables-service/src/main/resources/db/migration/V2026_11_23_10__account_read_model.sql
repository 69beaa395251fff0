-- Read models of the receivables accounts, built by the AccountReadModel projection from the event store.
-- They can be dropped and rebuilt at any time: the events are the truth, these tables are a view for the front ends.

CREATE TABLE customer_view (
    customer_id  TEXT PRIMARY KEY,
    name         TEXT,
    country_code TEXT,
    currency     TEXT
);

-- One row per invoice; the key is (customer, invoice) because business ids are unique per customer only.
CREATE TABLE invoice_view (
    id            TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    invoice_id    TEXT NOT NULL,
    issue_date    DATE NOT NULL,
    due_date      DATE NOT NULL,
    currency      TEXT NOT NULL,
    amount        NUMERIC(19, 4) NOT NULL,
    adjustments   NUMERIC(19, 4) NOT NULL DEFAULT 0,
    written_off   NUMERIC(19, 4) NOT NULL DEFAULT 0,
    applied       NUMERIC(19, 4) NOT NULL DEFAULT 0,
    open_amount   NUMERIC(19, 4) NOT NULL,
    status        TEXT NOT NULL,
    purchase_order TEXT,
    description   TEXT
);
CREATE INDEX invoice_view_customer ON invoice_view (customer_id, due_date);
CREATE INDEX invoice_view_invoice ON invoice_view (invoice_id);

-- Payments and credit notes: money on the account, and how much of it is not applied to any invoice.
CREATE TABLE credit_view (
    id            TEXT PRIMARY KEY,
    customer_id   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    source_id     TEXT NOT NULL,
    document_date DATE NOT NULL,
    currency      TEXT NOT NULL,
    amount        NUMERIC(19, 4) NOT NULL,
    unapplied     NUMERIC(19, 4) NOT NULL,
    status        TEXT NOT NULL,
    method        TEXT,
    reference     TEXT
);
CREATE INDEX credit_view_customer ON credit_view (customer_id);
CREATE INDEX credit_view_source ON credit_view (source_id);
