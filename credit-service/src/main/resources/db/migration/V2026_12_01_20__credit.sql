-- credit-service's own tables beside the event store (whose events table holds credit's own events only).

-- Every event of another service credit consumed and keeps, in the order it consumed them: the facts exposure and
-- scoring rest on. A customer's facts are rebuilt from its rows; the policy what-if replays them.
CREATE TABLE upstream_events (
    seq         BIGSERIAL   PRIMARY KEY,
    customer_id TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    ce_id       TEXT        NOT NULL,
    ce_type     TEXT        NOT NULL,
    area        TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX upstream_events_customer ON upstream_events (customer_id, seq);

-- How far each customer's facts (upstream events kept) and credit stream are. Every writer moves these in its own
-- transaction, and only from the values its in-memory copy was built from: a copy that another instance (or the
-- consumer) has overtaken is noticed at once and reloaded, never decided on.
CREATE TABLE credit_customer (
    customer_id      TEXT   PRIMARY KEY,
    name             TEXT,
    upstream_version BIGINT NOT NULL,
    stream_version   BIGINT NOT NULL
);

-- Order ids are unique across customers: a retried check is answered from the record, the same id for another
-- customer is refused.
CREATE TABLE checked_orders (
    order_id    TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL
);

-- Read models of credit's own events (projection "credit"), for the analysts' queues and search. Rebuildable.
CREATE TABLE order_view (
    order_id     TEXT PRIMARY KEY,
    customer_id  TEXT           NOT NULL,
    currency     TEXT           NOT NULL,
    amount       NUMERIC(38, 8) NOT NULL,
    outcome      TEXT           NOT NULL,
    status       TEXT           NOT NULL,
    reasons      TEXT           NOT NULL,
    checked_date DATE           NOT NULL,
    expires_on   DATE,
    decided_date DATE,
    decided_by   TEXT,
    closure      TEXT
);
CREATE INDEX order_view_status ON order_view (status, checked_date);
CREATE INDEX order_view_customer ON order_view (customer_id);

CREATE TABLE application_view (
    id                  TEXT PRIMARY KEY,
    customer_id         TEXT NOT NULL,
    application_id      TEXT NOT NULL,
    kind                TEXT NOT NULL,
    status              TEXT NOT NULL,
    currency            TEXT,
    requested_limit     NUMERIC(38, 8),
    recommended_limit   NUMERIC(38, 8),
    approval_limit      NUMERIC(38, 8),
    score               INT,
    risk_class          TEXT,
    received_date       DATE,
    updated_date        DATE,
    approval_asked_by   TEXT,
    reason              TEXT
);
CREATE INDEX application_view_status ON application_view (status, updated_date);

CREATE TABLE customer_view (
    customer_id      TEXT PRIMARY KEY,
    risk_class       TEXT,
    score            INT,
    next_review_date DATE,
    last_review_date DATE,
    review_due_since DATE,
    active_holds     INT  NOT NULL DEFAULT 0,
    limit_currency   TEXT,
    limit_amount     NUMERIC(38, 8),
    group_id         TEXT
);
CREATE INDEX customer_view_review_due ON customer_view (review_due_since);
