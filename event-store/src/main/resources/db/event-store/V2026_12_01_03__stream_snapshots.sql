-- Snapshots of long streams: a stream's state folded up to a version, so a load reads the snapshot and only the events
-- after it instead of the whole stream. A snapshot is a cache, never a source of truth: it is derived from committed
-- events only, can be deleted at any time (loads then fold from the first event and write a new one), and is used
-- only by code that reads the same shape of state (shape_version) it was written in.
CREATE TABLE stream_snapshots (
    stream_id     TEXT        NOT NULL,
    -- The shape of the state (the aggregate's JSON form), owned by the code that writes it: a change of the aggregate
    -- bumps it, and snapshots of other shapes are ignored (and replaced by the next snapshot of that stream).
    shape_version INT         NOT NULL,
    -- The stream version the state was folded up to: the load reads events with a higher version.
    version       BIGINT      NOT NULL CHECK (version > 0),
    state         JSONB       NOT NULL,
    taken_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (stream_id, shape_version)
);
