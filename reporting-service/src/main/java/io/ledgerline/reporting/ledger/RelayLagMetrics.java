package io.ledgerline.reporting.ledger;

import io.ledgerline.eventstore.Checkpoints;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.GlobalPosition;
import io.ledgerline.eventstore.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ledgerline_outbox_lag_events{relay="<topic>"}} for reporting's two relays: the events in the store after each
 * relay's checkpoint, i.e. not yet on {@code ledgerline.reporting.aging} / {@code ledgerline.reporting.kpis}. The
 * event-store library's {@code LagMetrics} measures only the single configured relay ({@code ledgerline.outbox.*}),
 * which reporting does not run; its consumer-group lag ({@code ledgerline_kafka_consumer_lag_records}) does cover
 * reporting's {@code domain-events} channel. Sampled on a thread of its own every {@code ledgerline.metrics.lag-interval},
 * never at scrape time; a reading that fails keeps the last value.
 */
@ApplicationScoped
public class RelayLagMetrics {

    private static final Logger LOG = Logger.getLogger(RelayLagMetrics.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final MeterRegistry registry;
    private final List<String> topics;
    private final Duration interval;
    private final boolean enabled;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    public RelayLagMetrics(EventStore store, Checkpoints checkpoints, MeterRegistry registry, ReportingRelays relays,
                           @ConfigProperty(name = "ledgerline.metrics.lag-interval", defaultValue = "5s")
                           Duration interval,
                           @ConfigProperty(name = "ledgerline.metrics.lag-enabled", defaultValue = "true")
                           boolean enabled) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.registry = registry;
        this.topics = relays.topics();
        this.interval = interval;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        for (String topic : topics) {
            AtomicLong lag = new AtomicLong();
            lags.put(topic, lag);
            Gauge.builder("ledgerline.outbox.lag.events", lag, AtomicLong::get)
                    .description("what is not on Kafka yet: events after the relay's checkpoint")
                    .tag("relay", topic).register(registry);
        }
        sampler = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("reporting-relay-lag-metrics").daemon().unstarted(r));
        sampler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    /** Reads both lags now (tests need not wait for the next sample). */
    public void sample() {
        for (String topic : topics) {
            try {
                GlobalPosition at = checkpoints.load(store.pool(), OutboxRelay.checkpointName(topic))
                        .await().atMost(QUERY_TIMEOUT);
                long behind = store.countAfter(store.pool(), at).await().atMost(QUERY_TIMEOUT);
                AtomicLong lag = lags.get(topic);
                if (lag != null) {
                    lag.set(behind);
                }
            } catch (RuntimeException e) {
                LOG.debugf("relay lag of %s could not be read (%s); keeping the last value", topic, e.toString());
            }
        }
    }

    /** The last readings, by topic. */
    public Map<String, Long> lags() {
        Map<String, Long> now = new java.util.TreeMap<>();
        lags.forEach((topic, lag) -> now.put(topic, lag.get()));
        return now;
    }
}
