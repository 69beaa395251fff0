package io.ledgerline.disputes.domain;

import io.ledgerline.events.disputes.DisputesEvent;

import java.util.List;

/** What the decider made of a command: the events to record (none when it changes nothing), or why not. */
public sealed interface Decision {

    record Accepted(List<DisputesEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(List<DisputesEvent> events) {
        return new Accepted(events);
    }

    static Decision accept(DisputesEvent... events) {
        return new Accepted(List.of(events));
    }

    static Decision reject(Rejection rejection) {
        return new Rejected(rejection);
    }
}
