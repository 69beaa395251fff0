package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operators' side of a consumer's {@link Quarantine} whose keys are customers, as every service's
 * {@code /admin/quarantine} shows it: which customers are parked and why, and the replay of one once the cause is
 * fixed, through the consumer's own handling (so a replay decides the parked records exactly as the consumer would
 * have). Not a bean: each service makes one for its consumer (a producer method), naming its handler.
 */
public final class QuarantinedCustomers {

    /** A customer whose records are parked. */
    public record QuarantinedCustomer(String customerId, String error, OffsetDateTime since,
                                      OffsetDateTime lastErrorAt, int failedReplays, long records) {
    }

    /** What a replay did; {@code error} says why it stopped when {@code released} is false. */
    public record ReplayResult(String customerId, long replayed, boolean released, String error) {
    }

    /** Handles one customer's parked records inside the replay's transaction, as the consumer would have. */
    @FunctionalInterface
    public interface Replayer {
        Uni<Void> replay(SqlConnection tx, String customerId, List<ConsumedRecord> records);
    }

    private final Pool pool;
    private final Quarantine quarantine;
    private final String consumer;
    private final Replayer replayer;
    private final Consumer<String> afterReplay;

    /**
     * @param consumer    the consumer's name in the quarantine (its inbox name)
     * @param afterReplay told the customer's id after every replay, released or not (e.g. to refresh gauges or let the
     *                    consumer forget what it knew of the customer)
     */
    public QuarantinedCustomers(Pool pool, Quarantine quarantine, String consumer, Replayer replayer,
                                Consumer<String> afterReplay) {
        this.pool = pool;
        this.quarantine = quarantine;
        this.consumer = consumer;
        this.replayer = replayer;
        this.afterReplay = afterReplay;
    }

    public Uni<List<QuarantinedCustomer>> customers() {
        return quarantine.entries(pool, consumer).map(entries -> entries.stream()
                .map(e -> new QuarantinedCustomer(e.key(), e.error(), e.since(), e.lastErrorAt(), e.failedReplays(),
                        e.records()))
                .toList());
    }

    /** Empty when the customer is not quarantined. */
    public Uni<Optional<ReplayResult>> replay(String customerId) {
        return quarantine.entry(pool, consumer, customerId).chain(entry -> {
            if (entry.isEmpty()) {
                return Uni.createFrom().item(Optional.<ReplayResult>empty());
            }
            return quarantine.replay(pool, consumer, customerId,
                            (tx, records) -> replayer.replay(tx, customerId, records))
                    .invoke(() -> afterReplay.accept(customerId))
                    .map(o -> Optional.of(new ReplayResult(customerId, o.replayed(), o.released(), o.error())));
        });
    }
}
