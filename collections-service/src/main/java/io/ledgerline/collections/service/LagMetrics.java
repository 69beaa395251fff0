package io.ledgerline.collections.service;

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
 * The lag gauges deploy/README.md lists: {@code ledgerline_outbox_lag_events} (events not yet on Kafka) and
 * {@code ledgerline_projection_lag_events{projection}}. Counting takes a query, so they are refreshed on a schedule
 * rather than on every scrape.
 */
@ApplicationScoped
public class LagMetrics {

    private final EventStore store;
    private final OutboxRelay relay;
    private final ProjectionRunner projections;
    private final MeterRegistry registry;
    private final AtomicLong outbox = new AtomicLong();
    private final Map<String, AtomicLong> behind = new ConcurrentHashMap<>();

    public LagMetrics(EventStore store, OutboxRelay relay, ProjectionRunner projections, MeterRegistry registry) {
        this.store = store;
        this.relay = relay;
        this.projections = projections;
        this.registry = registry;
        Gauge.builder("ledgerline.outbox.lag.events", outbox, AtomicLong::get)
                .description("events in the store after the outbox relay's checkpoint").register(registry);
    }

    @Scheduled(every = "{ledgerline.collections.metrics.lag-every}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return store.countAfter(store.pool(), relay.published()).invoke(outbox::set)
                .chain(() -> projections.status()).invoke(all -> all.forEach(status -> behind
                        .computeIfAbsent(status.name(), name -> {
                            AtomicLong value = new AtomicLong();
                            Gauge.builder("ledgerline.projection.lag.events", value, AtomicLong::get)
                                    .tag("projection", name).description("events after the projection's checkpoint")
                                    .register(registry);
                            return value;
                        }).set(status.eventsBehind())))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
