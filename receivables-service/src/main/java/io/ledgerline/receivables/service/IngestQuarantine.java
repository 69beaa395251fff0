package io.ledgerline.receivables.service;

import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.receivables.ingest.IngestProcessor;
import io.ledgerline.receivables.ingest.QuarantineMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of ingest's quarantine: which customers are parked and why, and replaying one after the cause
 * is fixed. A replay decides the parked records exactly as ingest would have (accepted into the ledger, or rejected
 * onto the rejected topic) and lets the customer's records flow again.
 */
@ApplicationScoped
public class IngestQuarantine {

    /** A customer whose ingest records are parked. */
    public record QuarantinedCustomer(String customerId, String error, OffsetDateTime since,
                                      OffsetDateTime lastErrorAt, int failedReplays, long records) {
    }

    /** What a replay did; {@code error} says why it stopped when {@code released} is false. */
    public record ReplayResult(String customerId, long replayed, boolean released, String error) {
    }

    private final Pool pool;
    private final Quarantine quarantine;
    private final IngestProcessor processor;
    private final QuarantineMetrics metrics;

    public IngestQuarantine(Pool pool, Quarantine quarantine, IngestProcessor processor, QuarantineMetrics metrics) {
        this.pool = pool;
        this.quarantine = quarantine;
        this.processor = processor;
        this.metrics = metrics;
    }

    public Uni<List<QuarantinedCustomer>> customers() {
        return quarantine.entries(pool, IngestProcessor.INBOX).map(entries -> entries.stream()
                .map(e -> new QuarantinedCustomer(e.key(), e.error(), e.since(), e.lastErrorAt(), e.failedReplays(),
                        e.records()))
                .toList());
    }

    /** Empty when the customer is not quarantined. */
    public Uni<Optional<ReplayResult>> replay(String customerId) {
        return quarantine.entry(pool, IngestProcessor.INBOX, customerId).chain(entry -> {
            if (entry.isEmpty()) {
                return Uni.createFrom().item(Optional.<ReplayResult>empty());
            }
            return quarantine.replay(pool, IngestProcessor.INBOX, customerId,
                            (tx, records) -> processor.replay(tx, customerId, records))
                    .invoke(outcome -> {
                        processor.replayed();
                        metrics.refresh();
                    })
                    .map(o -> Optional.of(new ReplayResult(customerId, o.replayed(), o.released(), o.error())));
        });
    }
}
