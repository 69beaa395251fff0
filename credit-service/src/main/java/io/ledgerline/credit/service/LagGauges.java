package io.ledgerline.credit.service;

import io.ledgerline.eventstore.Checkpoints;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.ProjectionRunner;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lags the dashboard reads (deploy/README.md): events not yet on Kafka ({@code ledgerline_outbox_lag_events}) and
 * events each read model has still to apply ({@code ledgerline_projection_lag_events}), counted every 15 s rather
 * than on every scrape (each is a count over the events table).
 */
@ApplicationScoped
public class LagGauges {

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final OutboxRelay relay;
    private final ProjectionRunner projections;
    private final MeterRegistry registry;
    private final AtomicLong outboxLag = new AtomicLong();
    private final Map<String, AtomicLong> projectionLags = new ConcurrentHashMap<>();

    public LagGauges(EventStore store, Checkpoints checkpoints, OutboxRelay relay, ProjectionRunner projections,
                     MeterRegistry registry) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.relay = relay;
        this.projections = projections;
        this.registry = registry;
        Gauge.builder("ledgerline.outbox.lag.events", outboxLag, AtomicLong::get)
                .description("events in the store after the outbox relay's checkpoint").register(registry);
    }

    @Scheduled(every = "15s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> measure() {
        return checkpoints.load(store.pool(), relay.checkpointName())
                .chain(at -> store.countAfter(store.pool(), at)).invoke(outboxLag::set)
                .chain(() -> projections.status()).invoke(all -> all.forEach(status -> projectionLags
                        .computeIfAbsent(status.name(), name -> {
                            AtomicLong lag = new AtomicLong();
                            Gauge.builder("ledgerline.projection.lag.events", lag, AtomicLong::get)
                                    .tag("projection", name).description("events after a projection's checkpoint")
                                    .register(registry);
                            return lag;
                        }).set(status.eventsBehind())))
                .replaceWithVoid()
                .onFailure().recoverWithNull();
    }
}
