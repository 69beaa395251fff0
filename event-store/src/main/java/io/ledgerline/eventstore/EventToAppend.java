package io.ledgerline.eventstore;

import java.util.Objects;
import java.util.UUID;

/**
 * One event a caller wants to append; the store assigns its stream version, position and transaction id.
 *
 * @param payloadJson  the event payload as JSON text, in the shape of {@code schemaVersion}
 * @param metadataJson free-form JSON metadata (correlation, causation, source message); "{}" when there is none
 */
public record EventToAppend(UUID eventId, String eventType, int schemaVersion, String partitionKey,
                            String payloadJson, String metadataJson) {

    public EventToAppend {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schemaVersion starts at 1, was " + schemaVersion);
        }
        if (metadataJson == null) {
            metadataJson = "{}";
        }
    }
}
