package io.ledgerline.disputes.ledger;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How disputes' events are stored: one stream per case, type = the record's simple name, key = customerId. */
public final class DisputeEvents {

    public static final int SCHEMA_VERSION = 1;
    private static final String STREAM_PREFIX = "dispute-";
    private static final Map<String, Class<?>> TYPES = Arrays.stream(DisputesEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private DisputeEvents() {
    }

    public static String streamId(String disputeId) {
        return STREAM_PREFIX + disputeId;
    }

    public static String disputeIdOf(String streamId) {
        return streamId.substring(STREAM_PREFIX.length());
    }

    public static EventToAppend toAppend(DisputesEvent event, String metadataJson) {
        return new EventToAppend(UUID.randomUUID(), event.getClass().getSimpleName(), SCHEMA_VERSION,
                event.customerId(), EventJson.writeString(event), metadataJson);
    }

    public static List<DisputesEvent> fromRecorded(List<RecordedEvent> recorded) {
        return recorded.stream().map(DisputeEvents::fromRecorded).toList();
    }

    public static DisputesEvent fromRecorded(RecordedEvent recorded) {
        Class<?> type = TYPES.get(recorded.eventType());
        if (type == null) {
            throw new IllegalStateException("event " + recorded.eventId() + " has unknown type " + recorded.eventType());
        }
        return (DisputesEvent) EventJson.read(recorded.payloadJson(), type);
    }
}
