package io.ledgerline.credit.ledger;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How credit's events are stored: one stream per customer, type = the record's simple name, schema version 1. */
public final class CreditEvents {

    public static final int SCHEMA_VERSION = 1;
    private static final String STREAM_PREFIX = "credit-";
    private static final Map<String, Class<?>> TYPES = Arrays.stream(CreditEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private CreditEvents() {
    }

    public static String streamId(String customerId) {
        return STREAM_PREFIX + customerId;
    }

    public static String customerIdOf(String streamId) {
        return streamId.substring(STREAM_PREFIX.length());
    }

    public static EventToAppend toAppend(CreditEvent event, String metadataJson) {
        return new EventToAppend(UUID.randomUUID(), event.getClass().getSimpleName(), SCHEMA_VERSION,
                event.customerId(), EventJson.writeString(event), metadataJson);
    }

    public static List<CreditEvent> fromRecorded(List<RecordedEvent> recorded) {
        return recorded.stream().map(CreditEvents::fromRecorded).toList();
    }

    public static CreditEvent fromRecorded(RecordedEvent recorded) {
        Class<?> type = TYPES.get(recorded.eventType());
        if (type == null) {
            throw new IllegalStateException("event " + recorded.eventId() + " has unknown type " + recorded.eventType());
        }
        return (CreditEvent) EventJson.read(recorded.payloadJson(), type);
    }
}
