package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent;

import java.util.List;

/** What the credit file decided about a command: the events to record (none for a repeat), or why it refuses. */
public sealed interface Decision {

    record Accepted(List<CreditEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }

        /** The command was carried out before (same id, same content): nothing new is recorded. */
        public boolean isRepeat() {
            return events.isEmpty();
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(List<CreditEvent> events) {
        return new Accepted(events);
    }

    static Decision reject(Rejection rejection) {
        return new Rejected(rejection);
    }
}
