package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The decider of one aging key ({@code <customerId>/<currency>}): what reporting publishes on the compacted aging
 * topic. A snapshot goes out when the customer's aging in that currency differs from the last one published (the
 * as-of date alone does not count: a snapshot stays true until its content changes); a tombstone goes out once when
 * nothing is owed any more.
 */
public final class AgingPublication {

    /** What was last published under the key: nothing yet (version 0), a snapshot, or a tombstone. */
    public record State(long version, boolean open, String content) {
        public static final State NONE = new State(0, false, "");
    }

    public sealed interface Event {
        String customerId();

        String currency();
    }

    /** The snapshot to publish (event type {@code AgingSnapshot}). */
    public record Published(AgingSnapshot snapshot) implements Event {
        public String customerId() {
            return snapshot.customerId();
        }

        public String currency() {
            return snapshot.currency();
        }
    }

    /** Nothing is owed any more (event type {@code AgingCleared}): a tombstone under the key. */
    public record Cleared(String customerId, String currency, LocalDate asOf) implements Event {
    }

    private AgingPublication() {
    }

    public static List<Event> decide(State state, AgingSnapshot computed) {
        if (computed.openAmount().signum() <= 0) {
            return state.open() ? List.of(new Cleared(computed.customerId(), computed.currency(), computed.asOf()))
                    : List.of();
        }
        if (state.open() && state.content().equals(content(computed))) {
            return List.of();
        }
        return List.of(new Published(computed));
    }

    public static State evolve(State state, Event event) {
        return switch (event) {
            case Published published -> new State(state.version() + 1, true, content(published.snapshot()));
            case Cleared cleared -> new State(state.version() + 1, false, "");
        };
    }

    /** Everything a reader sees in a snapshot but its as-of date. */
    public static String content(AgingSnapshot snapshot) {
        return snapshot.basis() + "|" + snapshot.openAmount().toPlainString() + "|"
                + snapshot.buckets().stream().map(AgingPublication::bucket).collect(Collectors.joining(",")) + "|"
                + snapshot.pastDueAmount().toPlainString() + "|" + snapshot.disputedAmount().toPlainString() + "|"
                + snapshot.unappliedAmount().toPlainString() + "|" + snapshot.openItems();
    }

    private static String bucket(AgingBucket bucket) {
        return bucket.name() + "=" + bucket.amount().toPlainString();
    }
}
