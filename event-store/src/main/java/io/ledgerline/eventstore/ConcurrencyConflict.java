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

    public String streamId() {
        return streamId;
    }

    public long expectedVersion() {
        return expectedVersion;
    }
}
