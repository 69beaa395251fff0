-- Pre-aggregated read models over the facts, kept by the consumer in the same transaction as the facts, so that a
-- read as of any date does not aggregate every movement at request time.

-- Each invoice's open amount as a step function of the as-of date: the open amount (and the raw sum of its dispute
-- marks) from valid_from (inclusive) to valid_until (exclusive; NULL: from then on). Only spans where something is
-- open. "Open items as of D" is the rows whose span holds D. Rewritten for an invoice whenever a fact about it arrives,
-- whatever its date, so a late event for a past day changes exactly the spans it should.
CREATE TABLE rpt_open_item_span (
    customer_id TEXT          NOT NULL,
    invoice_id  TEXT          NOT NULL,
    currency    TEXT          NOT NULL,
    issue_date  DATE          NOT NULL,
    due_date    DATE          NOT NULL,
    valid_from  DATE          NOT NULL,
    valid_until DATE,
    open_amount NUMERIC(20,4) NOT NULL,
    disputed    NUMERIC(20,4) NOT NULL,
    PRIMARY KEY (customer_id, invoice_id, valid_from)
);
CREATE INDEX rpt_open_item_span_from_idx ON rpt_open_item_span (valid_from);

-- Money received or credited and not applied, per customer and currency, the same way (only non-zero spans).
CREATE TABLE rpt_unapplied_span (
    customer_id TEXT          NOT NULL,
    currency    TEXT          NOT NULL,
    valid_from  DATE          NOT NULL,
    valid_until DATE,
    amount      NUMERIC(20,4) NOT NULL,
    PRIMARY KEY (customer_id, currency, valid_from)
);

-- The money figures of each customer and currency for a whole month (the inputs of every KPI of the month), for the
-- months that have ended: built for all customers the first time a month is read, then kept by the consumer for the
-- customers a poll touches when the poll holds a fact dated in or before that month (a restatement).
CREATE TABLE rpt_month_money (
    month           TEXT          NOT NULL,
    customer_id     TEXT          NOT NULL,
    currency        TEXT          NOT NULL,
    beginning_ar    NUMERIC(20,4) NOT NULL,
    ending_ar       NUMERIC(20,4) NOT NULL,
    ending_current  NUMERIC(20,4) NOT NULL,
    ending_past_due NUMERIC(20,4) NOT NULL,
    ending_disputed NUMERIC(20,4) NOT NULL,
    credit_sales    NUMERIC(20,4) NOT NULL,
    write_offs      NUMERIC(20,4) NOT NULL,
    collected       NUMERIC(20,4) NOT NULL,
    -- The countback's monthly sales, newest month first (the month itself), less invoices cancelled by month end,
    -- as plain amounts separated by commas.
    monthly_sales   TEXT          NOT NULL,
    PRIMARY KEY (month, customer_id, currency)
);

-- The months whose rows above are complete.
CREATE TABLE rpt_month_built (
    month     TEXT PRIMARY KEY,
    month_end DATE NOT NULL
);

-- Whether the spans were built from the facts already there (a database that had facts before this migration).
CREATE TABLE rpt_read_model_state (
    name  TEXT PRIMARY KEY,
    built BOOLEAN NOT NULL
);
INSERT INTO rpt_read_model_state (name, built) VALUES ('spans', false);
