-- What a consumer needs so that no record can stop it (ingest-v1 Limits, clarified 2026-12-01).

-- A digest of each handled message's content: a later message under the same id is a repeat only when its content is
-- the same; with other content it is a conflict. NULL for rows written before the column existed (taken as repeats).
ALTER TABLE inbox ADD COLUMN fingerprint TEXT;

-- Kafka records to publish (e.g. rejected ingest records), written in the same transaction as the decision that
-- produced them and published by a relay after the commit, so no transaction ever waits for the broker. Everything a
-- sender controls is stored as bytes: a NUL character or invalid UTF-8 in a key, value or header cannot fail the insert.
CREATE TABLE record_outbox (
    position   BIGSERIAL   PRIMARY KEY,
    topic      TEXT        NOT NULL,
    key        BYTEA,
    value      BYTEA,
    -- The record's headers, encoded by RecordHeadersCodec (names and values as bytes).
    headers    BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Partition keys (e.g. customers) whose records failed for a reason nobody foresaw: their records are parked here, in
-- order, while every other key's records go on; an operator replays them after a fix.
CREATE TABLE quarantined_keys (
    consumer       TEXT        NOT NULL,
    key            TEXT        NOT NULL,
    -- Why the first record was parked, and the last failed replay if any.
    error          TEXT        NOT NULL,
    since          TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    failed_replays INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (consumer, key)
);

CREATE TABLE quarantined_records (
    consumer      TEXT        NOT NULL,
    key           TEXT        NOT NULL,
    -- Arrival order: a replay takes the records in it.
    seq           BIGSERIAL,
    topic         TEXT        NOT NULL,
    partition     INT         NOT NULL,
    record_offset BIGINT      NOT NULL,
    record_key    BYTEA,
    value         BYTEA,
    headers       BYTEA       NOT NULL,
    parked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, key, seq)
);
