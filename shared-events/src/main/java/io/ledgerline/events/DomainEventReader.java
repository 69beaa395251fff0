package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.EventTypes.ParsedType;
import io.ledgerline.events.UnreadableEvent.Reason;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a record consumed from one of Ledgerline's domain topics into its typed event. What it reads is what the
 * event store's outbox relay publishes: a binary-mode CloudEvent (ce_specversion 1.0, ce_id, ce_source,
 * ce_type {@code io.ledgerline.<area>.<Name>.v<N>}, ce_subject, ce_time, content-type application/json), the JSON
 * payload as value, the customerId as key.
 *
 * <p>Anything else is an {@link UnreadableEvent} with a precise reason, checked in this order: envelope, type (area,
 * name, version), JSON, schema, record, key. A consumer decides per reason: an unknown event name of the topic's
 * area is a newer producer (skip it), everything else is a broken record (dead-letter it).
 *
 * <p>Only the record's current version is read; an older one needs an upcaster (none exist yet: every event is v1).
 */
public final class DomainEventReader<E extends DomainEvent> {

    public static final DomainEventReader<ReceivablesEvent> RECEIVABLES = of(ReceivablesEvent.class);
    public static final DomainEventReader<CreditEvent> CREDIT = of(CreditEvent.class);
    public static final DomainEventReader<CollectionsEvent> COLLECTIONS = of(CollectionsEvent.class);
    public static final DomainEventReader<DisputesEvent> DISPUTES = of(DisputesEvent.class);

    private static final Map<String, DomainEventReader<?>> BY_TOPIC = Map.of(
            Topics.RECEIVABLES_EVENTS, RECEIVABLES,
            Topics.CREDIT_EVENTS, CREDIT,
            Topics.COLLECTIONS_EVENTS, COLLECTIONS,
            Topics.DISPUTES_EVENTS, DISPUTES);

    private final String area;
    private final Map<String, ? extends Class<? extends E>> classes;
    private final boolean validate;

    private DomainEventReader(String area, Map<String, ? extends Class<? extends E>> classes, boolean validate) {
        this.area = area;
        this.classes = classes;
        this.validate = validate;
    }

    /** The reader of one area's events, e.g. {@code of(CreditEvent.class)}. */
    @SuppressWarnings("unchecked")
    public static <E extends DomainEvent> DomainEventReader<E> of(Class<E> sealedType) {
        String area = EventTypes.AREAS.entrySet().stream().filter(entry -> entry.getValue() == sealedType)
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(sealedType.getName() + " is no area's events"));
        Map<String, Class<? extends E>> classes = new java.util.LinkedHashMap<>();
        for (Class<?> permitted : sealedType.getPermittedSubclasses()) {
            classes.put(permitted.getSimpleName(), (Class<? extends E>) permitted);
        }
        return new DomainEventReader<>(area, Map.copyOf(classes), true);
    }

    /**
     * The reader of the events a domain topic carries, for a consumer of several topics that switches over
     * {@link DomainEvent}.
     *
     * @throws IllegalArgumentException for a topic that carries no domain events (ingest, reporting)
     */
    public static DomainEventReader<? extends DomainEvent> forTopic(String topic) {
        DomainEventReader<?> reader = BY_TOPIC.get(topic);
        if (reader == null) {
            throw new IllegalArgumentException(topic + " carries no Ledgerline domain events");
        }
        return reader;
    }

    /** Reads a record of any domain topic with that topic's reader. */
    public static ConsumedEvent<? extends DomainEvent> readAny(ConsumerRecord<byte[], byte[]> record) {
        return forTopic(record.topic()).read(record);
    }

    /**
     * The same reader without the JSON Schema check: for a consumer that trusts its producer (replaying its own
     * store, a benchmark). The record binding still refuses malformed JSON and wrong types.
     */
    public DomainEventReader<E> withoutSchemaValidation() {
        return new DomainEventReader<>(area, classes, false);
    }

    public String area() {
        return area;
    }

    public ConsumedEvent<E> read(ConsumerRecord<byte[], byte[]> record) {
        return read(record.headers(), record.key(), record.value());
    }

    public ConsumedEvent<E> read(Headers headers, byte[] key, byte[] value) {
        return read(name -> {
            Header header = headers.lastHeader(name);
            return header == null || header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8);
        }, key == null ? null : new String(key, StandardCharsets.UTF_8), value);
    }

    /**
     * The core, for consumers that hold headers some other way.
     *
     * @param header a header's value as UTF-8 text by name, null when absent
     * @param key    the record key as text, null when absent
     * @param value  the record value, null for a tombstone
     * @throws UnreadableEvent when the record is not a current event of this reader's area
     */
    public ConsumedEvent<E> read(Function<String, String> header, String key, byte[] value) {
        String specVersion = header.apply("ce_specversion");
        String ceType = header.apply("ce_type");
        if (value == null || (specVersion == null && ceType == null)) {
            throw new UnreadableEvent(Reason.NOT_A_CLOUDEVENT, null, null, value == null
                    ? "the record has no value" : "no ce_specversion or ce_type header: not a binary-mode CloudEvent",
                    null);
        }
        if (!"1.0".equals(specVersion)) {
            throw specVersion == null ? missing("ce_specversion")
                    : new UnreadableEvent(Reason.UNSUPPORTED_SPEC_VERSION, "ce_specversion", null,
                            "CloudEvents " + specVersion + " is not supported; 1.0 is", null);
        }
        String contentType = header.apply("content-type");
        if (contentType != null && !contentType.equals("application/json")
                && !contentType.startsWith("application/json;")) {
            throw new UnreadableEvent(Reason.UNSUPPORTED_CONTENT_TYPE, "content-type", null, "content-type "
                    + contentType + "; Ledgerline's own topics carry binary-mode application/json", null);
        }
        String id = required(header, "ce_id");
        String source = required(header, "ce_source");
        required(header, "ce_type");
        ParsedType type = EventTypes.parse(ceType).orElseThrow(() -> new UnreadableEvent(Reason.INVALID_ATTRIBUTE,
                "ce_type", null, ceType + " is not io.ledgerline.<area>.<EventName>.v<N>", null));
        Instant time = time(header.apply("ce_time"), type);
        Class<? extends E> recordClass = recordClass(type);

        JsonNode payload;
        try {
            payload = EventJson.readTree(value);
        } catch (UncheckedIOException e) {
            throw new UnreadableEvent(Reason.MALFORMED_JSON, null, type, e.getMessage(), e);
        }
        if (validate) {
            List<String> violations = EventSchemas.validate(type, payload);
            if (!violations.isEmpty()) {
                throw new UnreadableEvent(Reason.INVALID_PAYLOAD, pathOf(violations.getFirst()), type,
                        String.join("; ", violations), null);
            }
        }
        E event;
        try {
            event = EventJson.read(payload, recordClass);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new UnreadableEvent(Reason.INVALID_PAYLOAD, null, type, e.getMessage(), e);
        }
        if (key == null) {
            throw new UnreadableEvent(Reason.MISSING_KEY, "key", type, "the record has no key; it must be the "
                    + "customerId " + event.customerId(), null);
        }
        if (!key.equals(event.customerId())) {
            throw new UnreadableEvent(Reason.KEY_MISMATCH, "key", type, "key " + key + " is not the event's "
                    + "customerId " + event.customerId(), null);
        }
        return new ConsumedEvent<>(source, id, type, header.apply("ce_subject"), time, event);
    }

    private Class<? extends E> recordClass(ParsedType type) {
        if (!type.area().equals(area)) {
            throw new UnreadableEvent(Reason.WRONG_TOPIC, "ce_type", type, type.ceType() + " is a "
                    + type.area() + " event; this reader reads " + area + " events", null);
        }
        Class<? extends E> recordClass = classes.get(type.name());
        if (recordClass == null) {
            throw new UnreadableEvent(Reason.UNKNOWN_EVENT_TYPE, "ce_type", type, type.name()
                    + " is no " + area + " event this build knows (a newer producer?)", null);
        }
        int current = EventTypes.currentVersion(area, type.name());
        if (type.version() != current) {
            throw new UnreadableEvent(Reason.UNSUPPORTED_VERSION, "ce_type", type, type.name() + " v"
                    + type.version() + " cannot be read: the record is v" + current + (type.version() > current
                    ? " (a newer producer?)" : " and no upcaster from v" + type.version() + " exists"), null);
        }
        return recordClass;
    }

    private static Instant time(String ceTime, ParsedType type) {
        if (ceTime == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(ceTime).toInstant();
        } catch (DateTimeParseException e) {
            throw new UnreadableEvent(Reason.INVALID_ATTRIBUTE, "ce_time", type, ceTime + " is not an RFC 3339 "
                    + "instant", e);
        }
    }

    private static String required(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null || value.isBlank()) {
            throw missing(name);
        }
        return value;
    }

    private static UnreadableEvent missing(String name) {
        return new UnreadableEvent(Reason.MISSING_ATTRIBUTE, name, null, "the " + name + " header is missing", null);
    }

    /** A violation reads "$.path: message"; the path is the field. */
    private static String pathOf(String violation) {
        int colon = violation.indexOf(':');
        return colon > 0 ? violation.substring(0, colon) : null;
    }
}
