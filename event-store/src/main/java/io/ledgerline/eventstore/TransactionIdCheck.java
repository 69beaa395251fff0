package io.ledgerline.eventstore;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Refuses to start a service whose event store holds transaction ids the PostgreSQL server has not reached yet.
 * <p>
 * The global read order is {@code (tx_id, position)} and {@code tx_id} is the writing transaction's id. A logical
 * restore ({@code pg_dump} into a new cluster) copies the stored ids but not the server's transaction counter, which
 * starts low again: every new event would then get a lower {@code tx_id} than the checkpoints, and the relay and every
 * projection would silently skip it, for good. So the service stops at startup instead, saying how to fix the server
 * (docs: event-store README, "Restoring a dump").
 */
@ApplicationScoped
public class TransactionIdCheck {

    private static final Logger LOG = Logger.getLogger(TransactionIdCheck.class);

    /**
     * The highest transaction id stored anywhere a reader compares with, and the next id the server will hand out
     * ({@code pg_snapshot_xmax}: reading it does not use one up).
     */
    static final String QUERY = """
            SELECT greatest(
                       (SELECT tx_id FROM events ORDER BY tx_id DESC LIMIT 1),
                       (SELECT tx_id FROM checkpoints ORDER BY tx_id DESC LIMIT 1),
                       (SELECT rebuild_tx_id FROM projection_control ORDER BY rebuild_tx_id DESC LIMIT 1))::text AS stored,
                   pg_snapshot_xmax(pg_current_snapshot())::text AS next
            """;

    /** What was found: {@code stored} is null for an empty store. */
    public record Finding(Long stored, long next) {

        public boolean storeIsAhead() {
            return stored != null && Long.compareUnsigned(stored, next) >= 0;
        }

        /** The {@code pg_resetwal -e} epoch that puts the server past every stored id. */
        public long epochToSet() {
            return (stored >>> 32) + 1;
        }

        String explanation() {
            return "The event store holds transaction id " + Long.toUnsignedString(stored)
                    + " but the PostgreSQL server will hand out " + next + " next: the database was restored from a"
                    + " logical dump (pg_dump) into a server whose transaction counter is behind it. Readers would skip"
                    + " every new event. Stop the server and advance its transaction epoch past the stored ids:"
                    + " pg_resetwal -e " + epochToSet() + " <data directory>, then start it and this service again."
                    + " See the event-store README, 'Restoring a dump'.";
        }
    }

    private final Pool pool;
    private final boolean enabled;

    public TransactionIdCheck(Pool pool,
                              @ConfigProperty(name = "ledgerline.event-store.check-transaction-ids", defaultValue = "true")
                              boolean enabled) {
        this.pool = pool;
        this.enabled = enabled;
    }

    /** Before the relay and the projections start (their observers have the default, later, priority). */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (!enabled) {
            LOG.warn("ledgerline.event-store.check-transaction-ids=false: a restored dump would go unnoticed");
            return;
        }
        Finding finding = check(pool);
        if (finding.storeIsAhead()) {
            LOG.error(finding.explanation());
            throw new IllegalStateException(finding.explanation());
        }
    }

    /** Compares the store's transaction ids with the server's counter. */
    public static Finding check(Pool pool) {
        Row row = pool.query(QUERY).execute().await().atMost(Duration.ofSeconds(30)).iterator().next();
        String stored = row.getString("stored");
        return new Finding(stored == null ? null : Long.parseUnsignedLong(stored), Long.parseLong(row.getString("next")));
    }
}
