-- What every instance of a service must agree on about each projection, beyond its checkpoint: whether it is parked
-- after failing repeatedly, and how far a rebuild into shadow tables has got. Kept in the database, not in memory, so
-- a rebuild asked of one instance is carried out by whichever instance is the active reader, and every instance's
-- health shows a parked projection.
CREATE TABLE projection_control (
    name                 TEXT        PRIMARY KEY,
    parked_at            TIMESTAMPTZ,
    parked_error         TEXT,
    rebuilding           BOOLEAN     NOT NULL DEFAULT false,
    -- Raised by every rebuild request: the shadow batches of an earlier request then no longer count.
    rebuild_generation   BIGINT      NOT NULL DEFAULT 0,
    -- How far the shadow tables have got in the global order.
    rebuild_tx_id        XID8        NOT NULL DEFAULT '0',
    rebuild_position     BIGINT      NOT NULL DEFAULT 0,
    rebuild_replayed     BIGINT      NOT NULL DEFAULT 0,
    rebuild_requested_at TIMESTAMPTZ,
    rebuild_finished_at  TIMESTAMPTZ
);
