-- collections-service: what it keeps beside its event store.

-- The facts collections consumed from receivables, credit and disputes, per customer, in the order they were
-- recorded. A customer's ledger copy is the fold of its facts (amounts are sums, so the fold does not depend on the
-- order between topics). Written in the same transaction as the inbox rows and the decisions they led to.
CREATE TABLE ledger_facts (
    position    BIGSERIAL   PRIMARY KEY,
    customer_id TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    message_id  TEXT        NOT NULL,
    ce_type     TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_facts_customer_idx ON ledger_facts (customer_id, position);

-- Which customer a case belongs to and whether it is open, written in the transaction of the case's own events
-- (not a projection: commands addressed by case id and the dunning run must find it at once).
CREATE TABLE cases (
    case_id     TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    status      TEXT NOT NULL
);
CREATE INDEX cases_open_idx ON cases (customer_id) WHERE status = 'OPEN';

-- Letters and e-mails kept as documents: the HTML as rendered when the letter was issued (the PDF is made from it
-- on request), and for e-mails the delivery state. PENDING e-mails are sent after the commit by the mail outbox.
CREATE TABLE letters (
    letter_id       TEXT        PRIMARY KEY,
    customer_id     TEXT        NOT NULL,
    case_id         TEXT        NOT NULL,
    level           INT         NOT NULL,
    channel         TEXT        NOT NULL,
    language        TEXT        NOT NULL,
    recipient_name  TEXT,
    recipient_email TEXT,
    subject         TEXT        NOT NULL,
    html            TEXT        NOT NULL,
    issued_date     DATE        NOT NULL,
    mail_status     TEXT        NOT NULL,
    mail_attempts   INT         NOT NULL DEFAULT 0,
    mail_message_id TEXT,
    mail_claimed_at TIMESTAMPTZ,
    mail_sent_at    TIMESTAMPTZ,
    mail_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX letters_pending_idx ON letters (created_at) WHERE mail_status = 'PENDING';
CREATE INDEX letters_case_idx ON letters (case_id, level);

-- The customer as the facts describe it, for lists and the worklist: written by the consumer with the facts.
CREATE TABLE customer_view (
    customer_id      TEXT PRIMARY KEY,
    name             TEXT,
    country_code     TEXT,
    time_zone        TEXT,
    risk_class       TEXT,
    past_due_amount  NUMERIC(20, 4) NOT NULL DEFAULT 0,
    past_due         TEXT,
    days_past_due    INT NOT NULL DEFAULT 0,
    delinquent_as_of DATE,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Cases, a projection of collections' own events (rebuildable).
CREATE TABLE case_view (
    case_id            TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL,
    status             TEXT NOT NULL,
    strategy           TEXT NOT NULL,
    level              INT  NOT NULL,
    level_name         TEXT,
    collector          TEXT,
    opened_date        DATE NOT NULL,
    closed_date        DATE,
    closure            TEXT,
    escalated_to       TEXT,
    broken_promises    INT  NOT NULL DEFAULT 0,
    open_promise_id    TEXT,
    open_promise_due   DATE,
    last_contact_at    TIMESTAMPTZ,
    inquiry_open_since TIMESTAMPTZ,
    inquiry_overdue    BOOLEAN NOT NULL DEFAULT false,
    open_call_tasks    INT  NOT NULL DEFAULT 0
);
CREATE INDEX case_view_collector_idx ON case_view (collector, status);
CREATE INDEX case_view_customer_idx ON case_view (customer_id);
CREATE INDEX case_view_status_idx ON case_view (status);
