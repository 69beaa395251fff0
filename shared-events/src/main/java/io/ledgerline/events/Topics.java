package io.ledgerline.events;

import io.ledgerline.events.ingest.IngestEvent;

import java.util.List;

/** The Kafka topics of the topic map (shared/contract/topics.md). Every record on them is keyed by customerId. */
public final class Topics {

    public static final String INGEST_CUSTOMERS = "ledgerline.ingest.customers";
    public static final String INGEST_INVOICES = "ledgerline.ingest.invoices";
    public static final String INGEST_PAYMENTS = "ledgerline.ingest.payments";
    /** Ingest records that could not be accepted, unchanged, with the reason in added headers. */
    public static final String INGEST_REJECTED = "ledgerline.ingest.rejected";
    public static final String RECEIVABLES_EVENTS = "ledgerline.receivables.events";
    public static final String CREDIT_EVENTS = "ledgerline.credit.events";
    public static final String COLLECTIONS_EVENTS = "ledgerline.collections.events";
    public static final String DISPUTES_EVENTS = "ledgerline.disputes.events";
    /** Compacted: the latest aging snapshot per key. */
    public static final String REPORTING_AGING = "ledgerline.reporting.aging";
    public static final String REPORTING_KPIS = "ledgerline.reporting.kpis";

    private static final List<String> INGEST = List.of(INGEST_CUSTOMERS, INGEST_INVOICES, INGEST_PAYMENTS);
    private static final List<String> ALL = List.of(INGEST_CUSTOMERS, INGEST_INVOICES, INGEST_PAYMENTS,
            INGEST_REJECTED, RECEIVABLES_EVENTS, CREDIT_EVENTS, COLLECTIONS_EVENTS, DISPUTES_EVENTS,
            REPORTING_AGING, REPORTING_KPIS);

    private Topics() {
    }

    /**
     * The topic a service publishes its domain events on, by its area in {@link EventTypes} (e.g. {@code credit} →
     * {@code ledgerline.credit.events}).
     *
     * @throws IllegalArgumentException for an area without a domain topic (ingest, reporting)
     */
    public static String domainTopicOf(String area) {
        return switch (area) {
            case EventTypes.RECEIVABLES_AREA -> RECEIVABLES_EVENTS;
            case EventTypes.CREDIT_AREA -> CREDIT_EVENTS;
            case EventTypes.COLLECTIONS_AREA -> COLLECTIONS_EVENTS;
            case EventTypes.DISPUTES_AREA -> DISPUTES_EVENTS;
            default -> throw new IllegalArgumentException("area " + area + " publishes no domain events");
        };
    }

    /**
     * The key of an aging snapshot on {@link #REPORTING_AGING}: {@code <customerId>/<currency>}. A customerId may
     * itself contain '/', so a reader splits at the last one.
     */
    public static String agingKey(String customerId, String currency) {
        return customerId + "/" + currency;
    }

    /**
     * The key of a KPI record on {@link #REPORTING_KPIS}: {@code <kpi>/<scope>/<period>}. None of the three may
     * contain '/', so the key splits back unambiguously.
     */
    public static String kpiKey(String kpi, String scope, String period) {
        for (String part : new String[] {kpi, scope, period}) {
            if (part == null || part.isEmpty() || part.indexOf('/') >= 0) {
                throw new IllegalArgumentException("a KPI key part must be non-empty and without '/': " + part);
            }
        }
        return kpi + "/" + scope + "/" + period;
    }

    /** Every topic, in the order of the topic map. */
    public static List<String> all() {
        return ALL;
    }

    /** The topics external systems publish to and receivables consumes. */
    public static List<String> ingest() {
        return INGEST;
    }

    /**
     * The only ingest topic an event type may arrive on, as the contract's topic table says; per-customer order
     * holds within one topic only, so an event on another topic is rejected rather than accepted out of order.
     */
    public static String ingestTopicFor(Class<? extends IngestEvent> type) {
        if (type == IngestEvent.CustomerUpdated.class) {
            return INGEST_CUSTOMERS;
        }
        if (type == IngestEvent.InvoiceIssued.class || type == IngestEvent.InvoiceCancelled.class
                || type == IngestEvent.CreditNoteIssued.class) {
            return INGEST_INVOICES;
        }
        if (type == IngestEvent.PaymentReceived.class || type == IngestEvent.PaymentReturned.class) {
            return INGEST_PAYMENTS;
        }
        throw new IllegalArgumentException(type.getName() + " has no ingest topic; add it to the contract first");
    }
}
