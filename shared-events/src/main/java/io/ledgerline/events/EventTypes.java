package io.ledgerline.events;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudEvents {@code type} values and the event classes they name. A type is
 * {@code io.ledgerline.<area>.<EventName>.v<N>}, where the area is {@code ingest} for the public contract and the
 * publishing service otherwise; the area is also the folder of the event's JSON Schema.
 */
public final class EventTypes {

    public static final String INGEST_AREA = "ingest";
    public static final String RECEIVABLES_AREA = "receivables";

    private static final String PREFIX = "io.ledgerline.";
    private static final Pattern TYPE = Pattern.compile(
            "io\\.ledgerline\\.([a-z][a-z0-9-]*)\\.([A-Z][A-Za-z0-9]*)\\.v([1-9][0-9]{0,8})");

    /** Ingest event classes by event name; built from the sealed interface, so a new record is never missed. */
    public static final Map<String, Class<? extends IngestEvent>> INGEST = byName(IngestEvent.class);
    /** Receivables domain event classes by event name. */
    public static final Map<String, Class<? extends ReceivablesEvent>> RECEIVABLES = byName(ReceivablesEvent.class);

    /** A CloudEvents type taken apart. */
    public record ParsedType(String area, String name, int version) {

        public String ceType() {
            return PREFIX + area + "." + name + ".v" + version;
        }
    }

    private EventTypes() {
    }

    /** The type of an ingest contract v1 event, e.g. {@code io.ledgerline.ingest.InvoiceIssued.v1}. */
    public static String ingestType(String eventName) {
        return new ParsedType(INGEST_AREA, eventName, 1).ceType();
    }

    /** The type of a service's own event, e.g. {@code io.ledgerline.receivables.PaymentApplied.v1}. */
    public static String domainType(String service, String eventName, int version) {
        return new ParsedType(service, eventName, version).ceType();
    }

    /** Empty when the value is not a Ledgerline event type at all (the caller decides what that means). */
    public static Optional<ParsedType> parse(String ceType) {
        if (ceType == null) {
            return Optional.empty();
        }
        Matcher matcher = TYPE.matcher(ceType);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new ParsedType(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3))));
    }

    public static String nameOf(Class<? extends Record> type) {
        return type.getSimpleName();
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, Class<? extends T>> byName(Class<T> sealedType) {
        Map<String, Class<? extends T>> classes = new LinkedHashMap<>();
        for (Class<?> permitted : sealedType.getPermittedSubclasses()) {
            classes.put(permitted.getSimpleName(), (Class<? extends T>) permitted);
        }
        return Collections.unmodifiableMap(classes);
    }
}
