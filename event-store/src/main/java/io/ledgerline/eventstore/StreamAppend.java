package io.ledgerline.eventstore;

import java.util.List;
import java.util.Objects;

/**
 * Events to append to one stream, on the condition that the stream is still at {@code expectedVersion}
 * (0 for a stream that must not exist yet). The events get versions expectedVersion+1 .. expectedVersion+n.
 */
public record StreamAppend(String streamId, long expectedVersion, List<EventToAppend> events) {

    public StreamAppend {
        Objects.requireNonNull(streamId, "streamId");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion is 0 for a new stream, never negative: " + expectedVersion);
        }
        events = List.copyOf(events);
    }
}
