package io.ledgerline.events.common;

/**
 * Another event this one was decided on, as its CloudEvent named it: {@code source} and {@code id} identify it
 * (ce_source, ce_id), {@code type} says what it was (ce_type), so a reader can explain a decision without looking
 * the event up.
 */
public record EventReference(String source, String id, String type) {
}
