package io.ledgerline.eventstore;

/**
 * An append named a version the stream is no longer (or not yet) at: someone else appended first.
 * The caller's transaction must roll back; the usual answer is to reload the stream and decide again
 * (or, over REST, 409 Conflict).
 */
public class ConcurrencyConflict extends RuntimeException {

    private final String streamId;
    private final long expectedVersion;

    public ConcurrencyConflict(String streamId, long expectedVersion, Throwable cause) {
        super("stream " + streamId + " is not at the expected version " + expectedVersion, cause);
        this.streamId = streamId;
        this.expectedVersion = expectedVersion;
    }

    public ConcurrencyConflict(String streamId, long expectedVersion) {
        this(streamId, expectedVersion, null);
    }

    /**
     * Whether {@code failure} means another writer got there first, so that deciding again on freshly read state is
     * safe and will likely succeed: a {@link ConcurrencyConflict}, or PostgreSQL rolling the transaction back to break
     * a deadlock (40P01) or a serialization failure (40001).
     */
    public static boolean lostTheRace(Throwable failure) {
        return failure instanceof ConcurrencyConflict || rolledBackByPostgres(failure);
    }

    /** PostgreSQL chose this transaction to break a deadlock (40P01) or a serialization failure (40001). */
    public static boolean rolledBackByPostgres(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg
                && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()));
    }

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
