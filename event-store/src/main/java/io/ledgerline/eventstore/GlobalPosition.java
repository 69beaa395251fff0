package io.ledgerline.eventstore;

import java.util.Comparator;

/**
 * A point in the global read order of the event store, which is {@code (tx_id, position)}: the id of the
 * transaction that wrote an event, then the event's position inside the table. Readers resume strictly after it.
 */
public record GlobalPosition(long txId, long position) implements Comparable<GlobalPosition> {

    /** Before every event. */
    public static final GlobalPosition START = new GlobalPosition(0, 0);

    private static final Comparator<GlobalPosition> ORDER =
            Comparator.comparingLong(GlobalPosition::txId).thenComparingLong(GlobalPosition::position);

    public GlobalPosition {
        if (txId < 0 || position < 0) {
            throw new IllegalArgumentException("a global position is never negative: " + txId + "/" + position);
        }
    }

    @Override
    public int compareTo(GlobalPosition other) {
        return ORDER.compare(this, other);
    }
}
