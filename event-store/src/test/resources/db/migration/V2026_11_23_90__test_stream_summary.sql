-- The read model of the test projection: one row per stream.
CREATE TABLE test_stream_summary (
    stream_id       TEXT   PRIMARY KEY,
    events          BIGINT NOT NULL,
    last_version    BIGINT NOT NULL,
    last_event_type TEXT   NOT NULL
);
