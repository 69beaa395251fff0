package io.ledgerline.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the payload of one event type from schema version {@code fromSchemaVersion()} into
 * {@code fromSchemaVersion() + 1}. Upcasters are chained on read, one version at a time, so old events stay as
 * they were written and domain code sees only the current shape. Declare one as a CDI bean and
 * {@link UpcasterChain} picks it up.
 */
public interface EventUpcaster {

    String eventType();

    int fromSchemaVersion();

    /** May change {@code payload} in place and return it, or return a new node. */
    ObjectNode upcast(ObjectNode payload);
}
