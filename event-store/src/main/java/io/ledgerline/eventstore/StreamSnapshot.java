package io.ledgerline.eventstore;

import java.time.Instant;

/**
 * A stream's state folded up to {@code version}, in the JSON form its owner writes; {@code shapeVersion} names that
 * form, so code that reads another form ignores it. {@code takenAt} is null for a snapshot not yet saved.
 */
public record StreamSnapshot(String streamId, long version, int shapeVersion, String stateJson, Instant takenAt) {

    public StreamSnapshot {
        if (version <= 0) {
            throw new IllegalArgumentException("a snapshot is of a stream with events: version " + version);
        }
    }

    public StreamSnapshot(String streamId, long version, int shapeVersion, String stateJson) {
        this(streamId, version, shapeVersion, stateJson, null);
    }
}
