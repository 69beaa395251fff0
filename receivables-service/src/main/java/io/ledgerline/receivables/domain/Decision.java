package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;

import java.util.List;

/** What the ledger decided about one input: the events it records (none for a duplicate), or why it refuses it. */
public sealed interface Decision {

    record Accepted(List<ReceivablesEvent> events) implements Decision {
        public boolean isDuplicate() {
            return events.isEmpty();
        }
    }

    record Rejected(Rejection rejection) implements Decision {
    }

    static Decision accept(List<ReceivablesEvent> events) {
        return new Accepted(List.copyOf(events));
    }

    static Decision reject(String code, String field, String detail) {
        return new Rejected(Rejection.of(code, field, detail));
    }
}
