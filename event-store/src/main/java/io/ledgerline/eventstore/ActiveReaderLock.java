package io.ledgerline.eventstore;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Makes one reader of the global order the only active one in its database, however many instances of a service
 * run on it. A reader (the outbox relay, a projection, any {@link TailingLoop}-based reader) holds a PostgreSQL
 * session-level advisory lock named after it on a connection of its own; the other instances find the lock taken and
 * stand by, trying again every few seconds. When the active instance stops, dies or loses its connection, the session
 * ends, PostgreSQL releases the lock, and a standby takes over from the saved checkpoint.
 * <p>
 * Why an advisory lock and not {@code SELECT ... FOR UPDATE SKIP LOCKED} on the checkpoint row: a row lock needs a
 * transaction id, and the relay's batch spans a broker call. An open transaction with an id holds back
 * {@code pg_snapshot_xmin} for every reader of the store (see the read-order guarantee), for as long as the broker takes
 * to answer, minutes when it is away. The advisory lock is taken outside any transaction and holds nothing back.
 * <p>
 * The lock decides who works; it is not what keeps the data right. A connection can die while the batch it guarded is
 * still being written, and another instance may then take over at once. So every reader also moves its checkpoint only
 * from the position it read it at ({@link Checkpoints#advance}): a projection's batch commits with that check, so two
 * instances can never both apply it; the relay may at worst publish one batch twice, which its at-least-once promise
 * already allows.
 * <p>
 * Not thread-safe by design: one reader loop owns it.
 */
public final class ActiveReaderLock implements AutoCloseable {

    /** What {@link #acquireOrConfirm()} found. */
    public enum State {
        /** This instance was already the active reader, and its connection still answers. */
        HELD,
        /** This instance has just become the active reader: whatever it remembers of the checkpoint is stale. */
        ACQUIRED,
        /** Another instance is the active reader (or this one could not tell): do nothing this round. */
        STANDBY
    }

    private static final Logger LOG = Logger.getLogger(ActiveReaderLock.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long a confirmation holds: within it, {@link #acquireOrConfirm()} answers HELD without asking the
     * connection again. A busy reader calls it before every batch (the outbox relay hundreds of times a second while
     * commands come in), and the {@code SELECT 1} was a round trip each time. Nothing rests on the answer being fresh:
     * the session can die right after any confirmation, mid-batch, which is why every reader moves its checkpoint only
     * from where it read it (see the class comment); this only lengthens, by at most this much, how long an instance
     * whose session died goes on working before it notices and stands by.
     */
    static final Duration CONFIRM_INTERVAL = Duration.ofSeconds(1);
    /**
     * One 64-bit key per reader name. The prefix keeps these keys apart from any other advisory locks a service
     * might take on the same database.
     */
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtextextended('ledgerline-reader:' || $1, 0))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(hashtextextended('ledgerline-reader:' || $1, 0))";

    private final Pool pool;
    private final String readerName;
    /** The connection whose session holds the lock; null while this instance is not the active reader. */
    private SqlConnection holder;
    /** When the holder's session last answered (System.nanoTime). */
    private long confirmedAt;

    /** {@code readerName} is the checkpoint name of the reader, e.g. {@code outbox:<topic>}, {@code projection:<name>}. */
    public ActiveReaderLock(Pool pool, String readerName) {
        this.pool = pool;
        this.readerName = readerName;
    }

    public String readerName() {
        return readerName;
    }

    /** Whether this instance believed itself the active reader at its last look. */
    public boolean held() {
        return holder != null;
    }

    /**
     * Confirms the lock is still held (its session answered within {@link #CONFIRM_INTERVAL}, or answers now) or tries
     * to take it. Call it before each batch. Throws
     * when the database cannot be reached at all; the caller's loop backs off and asks again.
     */
    public State acquireOrConfirm() {
        if (holder != null) {
            if (System.nanoTime() - confirmedAt < CONFIRM_INTERVAL.toNanos()) {
                return State.HELD;
            }
            try {
                holder.query("SELECT 1").execute().await().atMost(TIMEOUT);
                confirmedAt = System.nanoTime();
                return State.HELD;
            } catch (RuntimeException e) {
                if (isTimeout(e)) {
                    // The session may still be alive and hold the lock: keep it (never hand a locked session back to
                    // the pool), but do no work until it answers again.
                    LOG.warnf("%s: the connection holding the reader lock did not answer within %s", readerName, TIMEOUT);
                    return State.STANDBY;
                }
                // The session is gone, and with it the lock: another instance may already be working.
                LOG.warnf("%s: lost the connection holding the reader lock (%s); standing by", readerName, e.toString());
                closeQuietly(holder);
                holder = null;
            }
        }
        SqlConnection candidate = pool.getConnection().await().atMost(TIMEOUT);
        boolean locked;
        try {
            locked = candidate.preparedQuery(TRY_LOCK).execute(Tuple.of(readerName)).await().atMost(TIMEOUT)
                    .iterator().next().getBoolean(0);
        } catch (RuntimeException e) {
            closeQuietly(candidate);
            throw e;
        }
        if (!locked) {
            candidate.closeAndAwait();
            return State.STANDBY;
        }
        holder = candidate;
        confirmedAt = System.nanoTime();
        LOG.infof("%s: this instance is now the active reader", readerName);
        return State.ACQUIRED;
    }

    /** Gives the lock up (another instance takes over at its next try) and hands the connection back to the pool. */
    @Override
    public void close() {
        if (holder == null) {
            return;
        }
        SqlConnection connection = holder;
        holder = null;
        try {
            connection.preparedQuery(UNLOCK).execute(Tuple.of(readerName)).await().atMost(TIMEOUT);
            LOG.infof("%s: released the reader lock", readerName);
        } catch (RuntimeException e) {
            LOG.warnf("%s: could not release the reader lock (%s); it goes with the connection", readerName,
                    e.toString());
        }
        closeQuietly(connection);
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(SqlConnection connection) {
        try {
            connection.close().await().atMost(TIMEOUT);
        } catch (RuntimeException ignored) {
            // The connection is broken already; the pool discards it.
        }
    }
}
