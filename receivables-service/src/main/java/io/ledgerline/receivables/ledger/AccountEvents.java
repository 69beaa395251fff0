package io.ledgerline.receivables.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectReader;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    /**
     * A reader per stored type, found once: the shared event JSON configuration with {@link StoredValues}' readers for
     * dates and amounts, and without the check for duplicate keys. Stored payloads are PostgreSQL {@code jsonb}, which
     * keeps one value per key, so the check (a hash set of every object's keys, per event) could never find one here;
     * records are checked for duplicates where they come in (IngestDecoder). Folding an account and replaying a
     * projection read the same records as before, with less work and garbage per event.
     */
    private static final Map<String, ObjectReader> READERS;

    static {
        var mapper = EventJson.mapper().copy().registerModule(StoredValues.module());
        // On the copy's own parser factory: a reader's without(...) does not undo a factory's feature.
        mapper.getFactory().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        READERS = TYPES.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> mapper.readerFor(e.getValue())));
    }

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
        ObjectReader reader = READERS.get(recorded.eventType());
        if (reader == null) {
            throw new IllegalStateException("event " + recorded.eventId() + " has unknown type " + recorded.eventType());
        }
        try {
            return reader.readValue(recorded.payloadJson());
        } catch (IOException e) {
            // As EventJson.read says it: the cause keeps the JSON's location.
            throw new UncheckedIOException("cannot read " + TYPES.get(recorded.eventType()).getName() + ": "
                    + e.getMessage(), e);
        }
    }
}
