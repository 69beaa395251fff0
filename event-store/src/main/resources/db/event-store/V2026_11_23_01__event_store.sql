-- The event store: one row per event, appended, never updated.
-- Its global read order is (tx_id, position), not position alone: positions are handed out when a row is
-- inserted, but rows become visible when their transaction commits, so a reader tailing position would skip
-- an event whose transaction commits after one with a higher position. Readers take only rows whose
-- transaction is older than every transaction still running (tx_id < pg_snapshot_xmin(pg_current_snapshot())),
-- so nothing can still appear behind them.
CREATE TABLE events (
    position       BIGSERIAL   PRIMARY KEY,
    tx_id          XID8        NOT NULL DEFAULT pg_current_xact_id(),
    -- The CloudEvents id when the event is published.
    event_id       UUID        NOT NULL UNIQUE,
    stream_id      TEXT        NOT NULL,
    version        BIGINT      NOT NULL,
    event_type     TEXT        NOT NULL,
    -- The payload's shape; older shapes are upcast on read.
    schema_version INT         NOT NULL,
    -- The Kafka record key, so every event of one customer lands on one partition in order.
    partition_key  TEXT        NOT NULL,
    payload        JSONB       NOT NULL,
    metadata       JSONB       NOT NULL DEFAULT '{}',
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Optimistic concurrency: two appends at the same expected version cannot both commit.
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

-- Serves the tailing read: WHERE (tx_id, position) > (...) ORDER BY tx_id, position.
CREATE INDEX events_global_order_idx ON events (tx_id, position);

-- How far each reader (the outbox relay, each projection) has got in the global order.
CREATE TABLE checkpoints (
    name       TEXT        PRIMARY KEY,
    tx_id      XID8        NOT NULL,
    position   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ
);

-- Messages a consumer has already handled, recorded in the same transaction as their effect,
-- so a redelivered message finds its id here and changes nothing.
CREATE TABLE inbox (
    consumer    TEXT        NOT NULL,
    message_id  TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, message_id)
);
