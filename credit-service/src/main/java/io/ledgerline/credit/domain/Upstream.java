package io.ledgerline.credit.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.EventReference;

/**
 * An event of another service as credit consumed it: what it says, and how to name it (its CloudEvent source, id and
 * type) when a hold or a decision rests on it.
 */
public record Upstream(EventReference ref, DomainEvent event) {

    public String customerId() {
        return event.customerId();
    }
}
