package io.ledgerline.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far behind every reader is, as gauges read by {@code /q/metrics} (and the dashboard in {@code deploy/grafana}):
 * <ul>
 * <li>{@code ledgerline_outbox_lag_events{relay}}: events in the store after the outbox relay's checkpoint
 * ({@code relay="events"}), and rows of the records outbox not yet acknowledged by the broker
 * ({@code relay="records"}): what is not on Kafka yet;</li>
 * <li>{@code ledgerline_projection_lag_events{projection}}: events after each projection's checkpoint;</li>
 * <li>{@code ledgerline_kafka_consumer_lag_records{group,topic}}: see {@link ConsumerGroupLag}.</li>
 * </ul>
 * Sampled on a thread of its own every {@code ledgerline.metrics.lag-interval} (5 s), never at scrape time, so a
 * scrape costs no query. Every instance reports the same values (they are the database's and the group's, not the
 * instance's), also a standby instance; dashboards take the max per service. A value that cannot be read (the
 * database or the broker away) keeps its last reading.
 */
@ApplicationScoped
public class LagMetrics {

    private static final Logger LOG = Logger.getLogger(LagMetrics.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final OutboxConfig outbox;
    private final RecordOutboxConfig recordOutbox;
    private final ProjectionRunner projections;
    private final MeterRegistry registry;
    private final Duration interval;
    private final boolean enabled;
    private final ConsumerGroupLag consumerLag;
    private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    @Inject
    public LagMetrics(EventStore store, Checkpoints checkpoints, OutboxConfig outbox, RecordOutboxConfig recordOutbox,
                      ProjectionRunner projections, Instance<MeterRegistry> meters, Config config,
                      @ConfigProperty(name = "ledgerline.metrics.lag-interval", defaultValue = "5s") Duration interval,
                      @ConfigProperty(name = "ledgerline.metrics.lag-enabled", defaultValue = "true") boolean enabled,
                      @ConfigProperty(name = "quarkus.application.name", defaultValue = "ledgerline") String application) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.outbox = outbox;
        this.recordOutbox = recordOutbox;
        this.projections = projections;
        this.registry = meters.isResolvable() ? meters.get() : null;
        this.interval = interval;
        this.enabled = enabled && registry != null;
        this.consumerLag = this.enabled ? ConsumerGroupLag.fromConfig(config, application) : null;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("ledgerline-lag-metrics")
                .daemon().unstarted(r));
        sampler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (consumerLag != null) {
            consumerLag.close();
        }
    }

    /** Reads every lag now; public so tests and operators' tools need not wait for the next sample. */
    public void sample() {
        try {
            if (outbox.enabled() && outbox.topic().isPresent()) {
                GlobalPosition at = checkpoints.load(store.pool(), OutboxRelay.checkpointName(outbox.topic().get()))
                        .await().atMost(QUERY_TIMEOUT);
                set("ledgerline.outbox.lag.events", "relay", "events",
                        store.countAfter(store.pool(), at).await().atMost(QUERY_TIMEOUT));
            }
            if (recordOutbox.enabled()) {
                long waiting = store.pool().query("SELECT count(*) FROM record_outbox").execute()
                        .map(rows -> rows.iterator().next().getLong(0)).await().atMost(QUERY_TIMEOUT);
                set("ledgerline.outbox.lag.events", "relay", "records", waiting);
            }
            for (ProjectionStatus status : projections.status().await().atMost(QUERY_TIMEOUT)) {
                set("ledgerline.projection.lag.events", "projection", status.name(), status.eventsBehind());
            }
        } catch (RuntimeException e) {
            LOG.debugf("lag metrics: the store could not be read (%s); keeping the last values", e.toString());
        }
        if (consumerLag != null) {
            try {
                consumerLag.read().forEach((groupAndTopic, lag) -> set("ledgerline.kafka.consumer.lag.records",
                        Map.of("group", groupAndTopic.group(), "topic", groupAndTopic.topic()), lag));
            } catch (RuntimeException e) {
                LOG.debugf("lag metrics: consumer groups could not be read (%s); keeping the last values", e.toString());
            }
        }
    }

    private void set(String name, String tag, String value, long lag) {
        set(name, Map.of(tag, value), lag);
    }

    private void set(String name, Map<String, String> tags, long lag) {
        String key = name + tags;
        gauges.computeIfAbsent(key, k -> {
            AtomicLong holder = new AtomicLong();
            Gauge.Builder<AtomicLong> gauge = Gauge.builder(name, holder, AtomicLong::get).description(describe(name));
            tags.forEach(gauge::tag);
            gauge.register(registry);
            return holder;
        }).set(lag);
    }

    private static String describe(String name) {
        return switch (name) {
            case "ledgerline.outbox.lag.events" -> "what is not on Kafka yet: events after the relay's checkpoint,"
                    + " records in the records outbox";
            case "ledgerline.projection.lag.events" -> "events after the projection's checkpoint";
            default -> "records on the topic after the group's committed offsets";
        };
    }
}
