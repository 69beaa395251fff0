package io.ledgerline.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.EventJson;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * All upcasters of a service, keyed by (event type, from-version). Applies them one version at a time until none
 * matches, so an event written as v1 reaches v3 through v1→v2 and v2→v3.
 */
public final class UpcasterChain {

    /** The payload after upcasting, with the schema version it now has. */
    public record Upcast(int schemaVersion, String payloadJson) {
    }

    private record Key(String eventType, int fromSchemaVersion) {
    }

    private static final UpcasterChain EMPTY = new UpcasterChain(List.of());

    private final Map<Key, EventUpcaster> upcasters = new HashMap<>();
    private final ObjectMapper mapper;

    public UpcasterChain(List<? extends EventUpcaster> upcasters) {
        this.mapper = EventJson.mapper();
        for (EventUpcaster upcaster : upcasters) {
            Key key = new Key(upcaster.eventType(), upcaster.fromSchemaVersion());
            EventUpcaster clash = this.upcasters.putIfAbsent(key, upcaster);
            if (clash != null) {
                // Two ways from the same version would make the result depend on bean order.
                throw new IllegalArgumentException("two upcasters for " + key.eventType() + " v" + key.fromSchemaVersion()
                        + ": " + clash.getClass().getName() + " and " + upcaster.getClass().getName());
            }
        }
    }

    public static UpcasterChain none() {
        return EMPTY;
    }

    /** Returns the payload in the newest shape this chain knows; untouched (and not parsed) when none applies. */
    public Upcast upcast(String eventType, int schemaVersion, String payloadJson) {
        EventUpcaster next = upcasters.get(new Key(eventType, schemaVersion));
        if (next == null) {
            return new Upcast(schemaVersion, payloadJson);
        }
        ObjectNode payload = parse(eventType, schemaVersion, payloadJson);
        int version = schemaVersion;
        while (next != null) {
            payload = next.upcast(payload);
            version++;
            next = upcasters.get(new Key(eventType, version));
        }
        return new Upcast(version, write(eventType, version, payload));
    }

    RecordedEvent upcast(RecordedEvent event) {
        Upcast upcast = upcast(event.eventType(), event.schemaVersion(), event.payloadJson());
        if (upcast.schemaVersion() == event.schemaVersion()) {
            return event;
        }
        return new RecordedEvent(event.position(), event.txId(), event.eventId(), event.streamId(), event.version(),
                event.eventType(), upcast.schemaVersion(), event.partitionKey(), upcast.payloadJson(),
                event.metadataJson(), event.recordedAt());
    }

    private String write(String eventType, int schemaVersion, ObjectNode payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(eventType + " v" + schemaVersion + " upcast payload cannot be written", e);
        }
    }

    private ObjectNode parse(String eventType, int schemaVersion, String payloadJson) {
        try {
            JsonNode node = mapper.readTree(payloadJson);
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException(eventType + " v" + schemaVersion + " payload is not a JSON object");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(eventType + " v" + schemaVersion + " payload is not valid JSON", e);
        }
    }
}
