package io.ledgerline.events;

import java.util.Optional;

/**
 * A consumed record that is not a domain event this build can read, with a stable {@link Reason} a consumer can
 * branch on (reject to its dead-letter topic, skip, or stop), the field it is about and, when the type was
 * readable, the type.
 */
public final class UnreadableEvent extends RuntimeException {

    /** Stable codes, named like the ingest rejection codes where they mean the same. */
    public enum Reason {
        /** No value, or no ce_specversion / ce_type header at all: not a binary-mode CloudEvent. */
        NOT_A_CLOUDEVENT,
        UNSUPPORTED_SPEC_VERSION,
        /** Ledgerline's own topics carry binary mode with content-type application/json only. */
        UNSUPPORTED_CONTENT_TYPE,
        MISSING_ATTRIBUTE,
        /** An attribute that is there but malformed: a ce_type that is no Ledgerline type, a ce_time that is no instant. */
        INVALID_ATTRIBUTE,
        /** A Ledgerline type of another area than the topic's (e.g. a credit event on the receivables topic). */
        WRONG_TOPIC,
        /**
         * The topic's area, but an event name this build does not know: a producer newer than this consumer. The
         * contract may grow, so a consumer usually skips it (and logs it).
         */
        UNKNOWN_EVENT_TYPE,
        /** A known event in a version other than the record's current one; {@link #type()} says which. */
        UNSUPPORTED_VERSION,
        MALFORMED_JSON,
        /** The JSON does not satisfy the event's schema, or does not bind to its record. */
        INVALID_PAYLOAD,
        MISSING_KEY,
        /** The record key is not the event's customerId. */
        KEY_MISMATCH
    }

    private final Reason reason;
    private final String field;
    private final transient EventTypes.ParsedType type;

    UnreadableEvent(Reason reason, String field, EventTypes.ParsedType type, String detail, Throwable cause) {
        super(reason + (field == null ? "" : " (" + field + ")") + ": " + detail, cause);
        this.reason = reason;
        this.field = field;
        this.type = type;
    }

    public Reason reason() {
        return reason;
    }

    /** The header or payload field the problem is about (e.g. {@code ce_type}, {@code $.amount}, {@code key}). */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** The event type, when ce_type could be read. */
    public Optional<EventTypes.ParsedType> type() {
        return Optional.ofNullable(type);
    }
}
