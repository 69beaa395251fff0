package io.ledgerline.collections.domain;

import io.ledgerline.events.collections.CollectionsEvent;

import java.util.List;

/** What the decider made of a command: the events to record (none when it changes nothing), or a rejection. */
public sealed interface Decision {

    record Accepted(List<CollectionsEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(List<CollectionsEvent> events) {
        return new Accepted(events);
    }

    static Decision reject(Rejection rejection) {
        return new Rejected(rejection);
    }
}
