package io.ledgerline.disputes.service;

import io.ledgerline.disputes.ingest.UpstreamProcessor;
import io.ledgerline.eventstore.Quarantine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The customers whose receivables events failed in disputes for a reason nobody foresaw, parked by the event store's
 * {@link Quarantine} while every other customer's events go on; a replay decides them again, in order, once the cause
 * is fixed.
 */
@ApplicationScoped
public class UpstreamQuarantine {

    /** A customer whose receivables events are parked. */
    public record QuarantinedCustomer(String customerId, String error, OffsetDateTime since,
                                      OffsetDateTime lastErrorAt, int failedReplays, long records) {
    }

    /** What a replay did; {@code error} says why it stopped when {@code released} is false. */
    public record ReplayResult(String customerId, long replayed, boolean released, String error) {
    }

    private final Pool pool;
    private final Quarantine quarantine;
    private final UpstreamProcessor processor;

    public UpstreamQuarantine(Pool pool, Quarantine quarantine, UpstreamProcessor processor) {
        this.pool = pool;
        this.quarantine = quarantine;
        this.processor = processor;
    }

    public Uni<List<QuarantinedCustomer>> customers() {
        return quarantine.entries(pool, UpstreamProcessor.INBOX).map(entries -> entries.stream()
                .map(e -> new QuarantinedCustomer(e.key(), e.error(), e.since(), e.lastErrorAt(), e.failedReplays(),
                        e.records()))
                .toList());
    }

    /** Empty when the customer is not quarantined. */
    public Uni<Optional<ReplayResult>> replay(String customerId) {
        return quarantine.entry(pool, UpstreamProcessor.INBOX, customerId).chain(entry -> {
            if (entry.isEmpty()) {
                return Uni.createFrom().item(Optional.<ReplayResult>empty());
            }
            return quarantine.replay(pool, UpstreamProcessor.INBOX, customerId,
                            (tx, records) -> processor.replay(tx, customerId, records))
                    .invoke(processor::replayed)
                    .map(o -> Optional.of(new ReplayResult(customerId, o.replayed(), o.released(), o.error())));
        });
    }
}
