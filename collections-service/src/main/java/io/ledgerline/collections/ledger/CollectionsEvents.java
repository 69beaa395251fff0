package io.ledgerline.collections.ledger;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;

import java.util.List;
import java.util.UUID;

/** How collections' events are stored: type = the record's name, schema version 1, key = customerId. */
public final class CollectionsEvents {

    public static final int SCHEMA_VERSION = 1;
    private static final String STREAM_PREFIX = "collections-";

    private CollectionsEvents() {
    }

    /** One stream per customer: the case file's decisions are ordered and versioned together. */
    public static String streamId(String customerId) {
        return STREAM_PREFIX + customerId;
    }

    public static String customerIdOf(String streamId) {
        return streamId.substring(STREAM_PREFIX.length());
    }

    public static EventToAppend toAppend(CollectionsEvent event, String metadataJson) {
        return new EventToAppend(UUID.randomUUID(), event.getClass().getSimpleName(), SCHEMA_VERSION,
                event.customerId(), EventJson.writeString(event), metadataJson);
    }

    public static List<CollectionsEvent> fromRecorded(List<RecordedEvent> recorded) {
        return recorded.stream().map(CollectionsEvents::fromRecorded).toList();
    }

    public static CollectionsEvent fromRecorded(RecordedEvent recorded) {
        Class<? extends CollectionsEvent> type = EventTypes.COLLECTIONS.get(recorded.eventType());
        if (type == null) {
            throw new IllegalStateException("event " + recorded.eventId() + " has unknown type " + recorded.eventType());
        }
        return EventJson.read(recorded.payloadJson(), type);
    }
}
