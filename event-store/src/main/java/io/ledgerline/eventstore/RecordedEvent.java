package io.ledgerline.eventstore;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as read back from the store. On read the payload has already passed through the upcaster chain,
 * so {@code schemaVersion} and {@code payloadJson} are the newest shape known to this service.
 */
public record RecordedEvent(long position, long txId, UUID eventId, String streamId, long version,
                            String eventType, int schemaVersion, String partitionKey,
                            String payloadJson, String metadataJson, Instant recordedAt) {

    /** Where this event sits in the global read order; a checkpoint saved here resumes just after it. */
    public GlobalPosition globalPosition() {
        return new GlobalPosition(txId, position);
    }
}
