package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Pool;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * How a consumer tells "the database or the broker is away" (wait, however long it takes) from "this batch cannot be
 * handled" (narrow it down and quarantine it), and waits without giving up.
 * <p>
 * A failure counts as the infrastructure's when it says so (connection refused or closed, timeouts, PostgreSQL's
 * connection, resource, shutdown and transaction-rollback classes, Kafka's retriable errors) <b>and</b> the database
 * does not answer a probe. A failure of the infrastructure's kind while the database answers the probe is retried a
 * few times and then treated as the batch's own: so a statement that times out on one huge account cannot block every
 * other account forever, and a database outage can never get records quarantined (parking needs the database too).
 * Everything else (data exceptions, a bug in the consumer's code) is the batch's at once.
 */
public final class RetryPolicy {

    /** Told about the waiting, e.g. to report readiness. */
    public interface Listener {
        /** An attempt failed because the infrastructure is away; the consumer waits {@code next} and tries again. */
        void waiting(Throwable failure, Duration next);

        /** An attempt succeeded (after waiting or not). */
        void recovered();

        Listener NONE = new Listener() {
            @Override
            public void waiting(Throwable failure, Duration next) {
            }

            @Override
            public void recovered() {
            }
        };
    }

    /** SQLSTATE classes of failures that are about the server or the moment, not the data. */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58", "55", "HV");

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int triesWhileDatabaseAnswers;

    public RetryPolicy(Duration initialBackoff, Duration maxBackoff, int triesWhileDatabaseAnswers) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.triesWhileDatabaseAnswers = triesWhileDatabaseAnswers;
    }

    /** 200 ms doubling to 10 s; 3 tries of an "infrastructure" failure while the database answers. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), 3);
    }

    /** Whether {@code failure}, or anything that caused it, is of the kind the infrastructure causes. */
    public static boolean looksTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg) {
                String state = pg.getSqlState();
                if (state != null && state.length() == 5 && TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
                // Any other SQLSTATE is the server's verdict on this statement: not transient.
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof org.apache.kafka.common.errors.TimeoutException
                    || t instanceof java.util.concurrent.RejectedExecutionException) {
                return true;
            }
            // Vert.x reports closed connections, refused connects and pool timeouts as VertxException and its
            // NoStackTrace variants; application code never throws those.
            if (t.getClass().getName().startsWith("io.vertx.") || t.getClass().getName().startsWith("io.netty.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code attempt} until it succeeds, waiting with backoff for as long as the infrastructure is away. Fails
     * (with the attempt's failure) only when the failure is the batch's own: not transient-looking, or
     * transient-looking {@code triesWhileDatabaseAnswers} times in a row while {@code pool} answers a probe.
     */
    public <T> Uni<T> untilDone(Supplier<Uni<T>> attempt, Pool pool, Listener listener) {
        return run(attempt, pool, listener, 0, 0);
    }

    private <T> Uni<T> run(Supplier<Uni<T>> attempt, Pool pool, Listener listener, int waits, int healthyFailures) {
        return Uni.createFrom().<T>deferred(attempt::get)
                .onItem().invoke(ignored -> listener.recovered())
                .onFailure().recoverWithUni(failure -> {
                    if (!looksTransient(failure)) {
                        return Uni.createFrom().failure(failure);
                    }
                    return databaseAnswers(pool).chain(answers -> {
                        int healthy = answers ? healthyFailures + 1 : 0;
                        if (answers && healthy >= triesWhileDatabaseAnswers) {
                            return Uni.createFrom().failure(failure);
                        }
                        Duration next = backoff(waits);
                        listener.waiting(failure, next);
                        return Uni.createFrom().voidItem().onItem().delayIt().by(next)
                                .chain(() -> run(attempt, pool, listener, waits + 1, healthy));
                    });
                });
    }

    /** A probe that never fails: true when the database answered. */
    public static Uni<Boolean> databaseAnswers(Pool pool) {
        return pool.query("SELECT 1").execute().map(rows -> true)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .onFailure().recoverWithItem(false);
    }

    Duration backoff(int waits) {
        long millis = initialBackoff.toMillis() << Math.min(waits, 20);
        return millis <= 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
