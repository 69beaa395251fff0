package io.ledgerline.events;

import java.time.Instant;

/**
 * A domain event read from a Ledgerline topic, with the CloudEvent attributes a consumer needs: {@code source} and
 * {@code id} to dedupe in its inbox, {@code subject} (the event stream), {@code time} when it was recorded (absent
 * when the producer sent none).
 */
public record ConsumedEvent<E extends DomainEvent>(String source, String id, EventTypes.ParsedType type,
                                                   String subject, Instant time, E event) {

    public String customerId() {
        return event.customerId();
    }
}
