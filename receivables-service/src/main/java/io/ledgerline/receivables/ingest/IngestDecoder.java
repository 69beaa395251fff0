package io.ledgerline.receivables.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
import io.ledgerline.receivables.domain.Rejection;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.ledgerline.receivables.domain.RejectionCode.INVALID_ATTRIBUTE;
import static io.ledgerline.receivables.domain.RejectionCode.KEY_MISMATCH;
import static io.ledgerline.receivables.domain.RejectionCode.MALFORMED_JSON;
import static io.ledgerline.receivables.domain.RejectionCode.MISSING_ATTRIBUTE;
import static io.ledgerline.receivables.domain.RejectionCode.MISSING_FIELD;
import static io.ledgerline.receivables.domain.RejectionCode.MISSING_KEY;
import static io.ledgerline.receivables.domain.RejectionCode.NOT_A_CLOUDEVENT;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_EVENT_TYPE;
import static io.ledgerline.receivables.domain.RejectionCode.UNSUPPORTED_CONTENT_TYPE;
import static io.ledgerline.receivables.domain.RejectionCode.UNSUPPORTED_SPEC_VERSION;
import static io.ledgerline.receivables.domain.RejectionCode.VALUE_TOO_LARGE;
import static io.ledgerline.receivables.domain.RejectionCode.WRONG_TOPIC;

/**
 * Reads an ingest record as the contract defines it: a CloudEvent in binary or structured mode, of a known type that
 * belongs on the topic it came from, keyed by its customer, with valid {@code data}. Pure: no I/O, no state.
 */
public final class IngestDecoder {

    /** Which event types belong on which ingest topic, from the contract's table. */
    private static final Map<String, Set<String>> TYPES_BY_TOPIC = EventTypes.INGEST.entrySet().stream()
            .collect(Collectors.groupingBy(e -> Topics.ingestTopicFor(e.getValue()),
                    Collectors.mapping(Map.Entry::getKey, Collectors.toCollection(TreeSet::new))));

    /** ingest-v1 Limits: CloudEvents id and source. */
    static final int MAX_ATTRIBUTE_LENGTH = 256;

    private final ObjectMapper json = EventJson.mapper();
    private final int maxValueBytes;
    private final Clock businessClock;

    public IngestDecoder(int maxValueBytes) {
        this(maxValueBytes, Clock.systemUTC());
    }

    /** {@code businessClock} gives Ledgerline's business date, which document dates may not run far ahead of. */
    public IngestDecoder(int maxValueBytes, Clock businessClock) {
        this.maxValueBytes = maxValueBytes;
        this.businessClock = businessClock;
    }

    public IngestDecoding decode(IngestRecord record) {
        if (record.value() == null || record.value().length == 0) {
            return invalid(NOT_A_CLOUDEVENT, null, "the record has no value");
        }
        if (record.value().length > maxValueBytes) {
            return invalid(VALUE_TOO_LARGE, null, "the value has " + record.value().length
                    + " bytes; at most " + maxValueBytes + " are accepted");
        }
        String contentType = record.header("content-type");
        if (contentType != null && mediaType(contentType).equals("application/cloudevents+json")) {
            return structured(record);
        }
        if (record.header("ce_specversion") != null) {
            return binary(record, contentType);
        }
        return invalid(NOT_A_CLOUDEVENT, null, "neither a binary-mode CloudEvent (ce_specversion header) nor a"
                + " structured one (content-type application/cloudevents+json)");
    }

    private IngestDecoding binary(IngestRecord record, String contentType) {
        if (contentType != null && !mediaType(contentType).equals("application/json")) {
            return invalid(UNSUPPORTED_CONTENT_TYPE, "content-type", "binary-mode data must be application/json, not "
                    + contentType);
        }
        JsonNode data;
        try {
            data = json.readTree(record.value());
        } catch (IOException e) {
            return invalid(MALFORMED_JSON, null, "the value is not JSON: " + firstLine(e));
        }
        return envelope(record, record.header("ce_specversion"), record.header("ce_id"), record.header("ce_source"),
                record.header("ce_type"), record.header("ce_time"), "ce_", data);
    }

    private IngestDecoding structured(IngestRecord record) {
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (IOException e) {
            return invalid(MALFORMED_JSON, null, "the value is not JSON: " + firstLine(e));
        }
        if (!(event instanceof ObjectNode)) {
            return invalid(MALFORMED_JSON, null, "a structured-mode CloudEvent must be a JSON object");
        }
        JsonNode time = event.get("time");
        if (time != null && !time.isTextual()) {
            return invalid(INVALID_ATTRIBUTE, "time", "the CloudEvents attribute time must be an RFC 3339 timestamp");
        }
        return envelope(record, text(event, "specversion"), text(event, "id"), text(event, "source"),
                text(event, "type"), text(event, "time"), "", event.get("data"));
    }

    private IngestDecoding envelope(IngestRecord record, String specVersion, String id, String source, String type,
                                    String time, String prefix, JsonNode data) {
        if (specVersion == null) {
            return invalid(MISSING_ATTRIBUTE, prefix + "specversion", "the CloudEvents attribute specversion is missing");
        }
        if (!specVersion.equals("1.0")) {
            return invalid(UNSUPPORTED_SPEC_VERSION, prefix + "specversion", "CloudEvents " + specVersion
                    + " is not supported; use 1.0");
        }
        for (var attribute : new String[][]{{"id", id}, {"source", source}, {"type", type}}) {
            if (attribute[1] == null || attribute[1].isBlank()) {
                return invalid(MISSING_ATTRIBUTE, prefix + attribute[0], "the CloudEvents attribute " + attribute[0]
                        + " is missing");
            }
        }
        for (var attribute : new String[][]{{"id", id}, {"source", source}}) {
            String problem = attributeProblem(attribute[1]);
            if (problem != null) {
                return invalid(INVALID_ATTRIBUTE, prefix + attribute[0], "the CloudEvents attribute " + attribute[0]
                        + " " + problem);
            }
        }
        if (time != null && !isTimestamp(time)) {
            return invalid(INVALID_ATTRIBUTE, prefix + "time", "the CloudEvents attribute time must be an RFC 3339"
                    + " timestamp such as 2026-10-01T08:00:00Z, not " + time);
        }
        String name = eventName(type);
        if (name == null) {
            return invalid(UNKNOWN_EVENT_TYPE, prefix + "type", "unknown event type " + type + "; expected "
                    + EventTypes.ingestType("<" + String.join("|", new TreeSet<>(EventTypes.INGEST.keySet())) + ">"));
        }
        Set<String> allowed = TYPES_BY_TOPIC.get(record.topic());
        if (allowed != null && !allowed.contains(name)) {
            return invalid(WRONG_TOPIC, prefix + "type", name + " does not belong on " + record.topic()
                    + "; it carries " + String.join(", ", allowed));
        }
        if (data == null || data.isNull()) {
            return invalid(MISSING_FIELD, "data", "the event has no data");
        }
        if (!data.isObject()) {
            return invalid(MALFORMED_JSON, "data", "data must be a JSON object");
        }
        IngestDecoding validated = IngestValidator.validate(name, (ObjectNode) data, LocalDate.now(businessClock));
        if (validated instanceof IngestDecoding.Decoded decoded) {
            String key = record.keyText();
            if (key == null) {
                return invalid(MISSING_KEY, "key", "the record key must be the customerId ("
                        + decoded.event().customerId() + ") so one customer's records stay in order");
            }
            if (!key.equals(decoded.event().customerId())) {
                return invalid(KEY_MISMATCH, "key", "the record key " + key + " is not the customerId "
                        + decoded.event().customerId());
            }
            return new IngestDecoding.Decoded(messageId(source, id), name, decoded.event(),
                    MessageFingerprint.of(type, data));
        }
        return validated;
    }

    /** Why an id or source breaks the contract's limits, or null: 1 to 256 characters, no control characters. */
    private static String attributeProblem(String value) {
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            return "has " + value.length() + " characters; at most " + MAX_ATTRIBUTE_LENGTH + " are accepted";
        }
        for (int n = 0; n < value.length(); n++) {
            char c = value.charAt(n);
            if (c < 0x20 || c == 0x7F) {
                return "holds the control character U+" + String.format("%04X", (int) c) + " at position " + n;
            }
            boolean paired = Character.isHighSurrogate(c) ? n + 1 < value.length() && Character.isLowSurrogate(value.charAt(n + 1))
                    : !Character.isLowSurrogate(c) || n > 0 && Character.isHighSurrogate(value.charAt(n - 1));
            if (!paired) {
                return "holds an unpaired UTF-16 surrogate at position " + n + "; it must be valid Unicode";
            }
        }
        return null;
    }

    private static boolean isTimestamp(String text) {
        try {
            java.time.OffsetDateTime.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Sources are URI-references and normally hold no spaces, so a space keeps (source, id) pairs apart (and keeps the
     * inbox rows written before the limits were enforced valid). A source that does hold a space is joined with U+001F
     * instead, a control character neither attribute may contain, so no two pairs can ever give the same id.
     */
    static String messageId(String source, String id) {
        return source.indexOf(' ') < 0 ? source + " " + id : source + "\u001F" + id;
    }

    /** The event name of a type this contract version knows, or null. */
    private static String eventName(String type) {
        return EventTypes.parse(type)
                .filter(t -> t.area().equals(EventTypes.INGEST_AREA) && t.version() == 1)
                .map(EventTypes.ParsedType::name)
                .filter(EventTypes.INGEST::containsKey)
                .orElse(null);
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static String firstLine(Exception e) {
        String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    private static IngestDecoding invalid(String code, String field, String detail) {
        return new IngestDecoding.Invalid(Rejection.of(code, field, detail));
    }
}
