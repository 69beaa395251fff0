package io.ledgerline.events;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord;

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
    public static final String CREDIT_AREA = "credit";
    public static final String COLLECTIONS_AREA = "collections";
    public static final String DISPUTES_AREA = "disputes";
    public static final String REPORTING_AREA = "reporting";

    private static final String PREFIX = "io.ledgerline.";
    private static final Pattern TYPE = Pattern.compile(
            "io\\.ledgerline\\.([a-z][a-z0-9-]*)\\.([A-Z][A-Za-z0-9]*)\\.v([1-9][0-9]{0,8})");

    /** Ingest event classes by event name; built from the sealed interface, so a new record is never missed. */
    public static final Map<String, Class<? extends IngestEvent>> INGEST = byName(IngestEvent.class);
    /** Receivables domain event classes by event name. */
    public static final Map<String, Class<? extends ReceivablesEvent>> RECEIVABLES = byName(ReceivablesEvent.class);
    /** Credit domain event classes by event name. */
    public static final Map<String, Class<? extends CreditEvent>> CREDIT = byName(CreditEvent.class);
    /** Collections domain event classes by event name. */
    public static final Map<String, Class<? extends CollectionsEvent>> COLLECTIONS = byName(CollectionsEvent.class);
    /** Disputes domain event classes by event name. */
    public static final Map<String, Class<? extends DisputesEvent>> DISPUTES = byName(DisputesEvent.class);
    /** The records reporting publishes for analysts, by name. */
    public static final Map<String, Class<? extends ReportingRecord>> REPORTING = byName(ReportingRecord.class);

    /** The sealed interface of each area's records: the area is also their schema folder and ce_type segment. */
    public static final Map<String, Class<?>> AREAS = Map.of(
            INGEST_AREA, IngestEvent.class,
            RECEIVABLES_AREA, ReceivablesEvent.class,
            CREDIT_AREA, CreditEvent.class,
            COLLECTIONS_AREA, CollectionsEvent.class,
            DISPUTES_AREA, DisputesEvent.class,
            REPORTING_AREA, ReportingRecord.class);

    private static final Map<String, Integer> CURRENT_VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

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

    /**
     * The ce_type of one of Ledgerline's own records at its current version (the record is always the current shape),
     * e.g. {@code io.ledgerline.credit.CreditHoldPlaced.v1}.
     *
     * @throws IllegalArgumentException for a class that is no area's record
     */
    public static String typeOf(Class<?> type) {
        String area = areaOf(type);
        return new ParsedType(area, type.getSimpleName(), currentVersion(area, type.getSimpleName())).ceType();
    }

    /** The area whose sealed interface permits this record. */
    public static String areaOf(Class<?> type) {
        return AREAS.entrySet().stream()
                .filter(area -> java.util.Arrays.asList(area.getValue().getPermittedSubclasses()).contains(type))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is no Ledgerline event record"));
    }

    /**
     * The version the record of that name currently has: the highest {@code v<N>} of its schemas (a new version
     * changes the record in place and keeps the older schemas). 0 when there is no schema at all.
     */
    public static int currentVersion(String area, String name) {
        return CURRENT_VERSIONS.computeIfAbsent(area + "/" + name, key -> {
            int version = 0;
            while (EventSchemas.exists(area, name, version + 1)) {
                version++;
            }
            return version;
        });
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
