package io.ledgerline.receivables.ledger;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** How receivables' domain events are stored: type = the record's simple name, schema version 1, key = customerId. */
public final class AccountEvents {

    public static final int SCHEMA_VERSION = 1;
    private static final String STREAM_PREFIX = "account-";
    private static final Map<String, Class<?>> TYPES = Arrays.stream(ReceivablesEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private AccountEvents() {
    }

    /** One stream per customer account: every ledger change of a customer is ordered and versioned together. */
    public static String streamId(String customerId) {
        return STREAM_PREFIX + customerId;
    }

    public static String customerIdOf(String streamId) {
        return streamId.substring(STREAM_PREFIX.length());
    }

    public static EventToAppend toAppend(ReceivablesEvent event, String metadataJson) {
        return new EventToAppend(UUID.randomUUID(), event.getClass().getSimpleName(), SCHEMA_VERSION,
                event.customerId(), EventJson.writeString(event),
                metadataJson);
    }

    public static List<ReceivablesEvent> fromRecorded(List<RecordedEvent> recorded) {
        return recorded.stream().map(AccountEvents::fromRecorded).toList();
    }

    public static ReceivablesEvent fromRecorded(RecordedEvent recorded) {
        Class<?> type = TYPES.get(recorded.eventType());
        if (type == null) {
            throw new IllegalStateException("event " + recorded.eventId() + " has unknown type " + recorded.eventType());
        }
        return (ReceivablesEvent) EventJson.read(recorded.payloadJson(), type);
    }
}
