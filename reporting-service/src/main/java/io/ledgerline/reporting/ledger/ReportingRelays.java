package io.ledgerline.reporting.ledger;

import io.ledgerline.events.Topics;
import io.ledgerline.eventstore.Checkpoints;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.ReliableKafkaProducer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The two outbox relays of reporting's one event store: aging events to {@code ledgerline.reporting.aging}
 * ({@code AgingCleared} as a tombstone) and KPI events to {@code ledgerline.reporting.kpis}. Each keeps its own
 * checkpoint ({@code outbox:<topic>}) and passes over the other's events. The library's single configured relay
 * ({@code ledgerline.outbox.enabled}) stays off here.
 *
 * <p>The consumer's polls append aging events only, so a poll wakes the aging relay alone ({@link #wakeAging()}); KPI
 * events come from the publication runs, which wake both ({@link #wake()}). The KPI relay's own poll interval is only a
 * fallback and longer ({@code ledgerline.reporting.outbox.kpis-poll-interval}, 1 s): each of its passes reads the aging
 * events appended since the last one and moves its checkpoint past them (a commit), so woken with every poll it cost
 * reporting a read and a commit per poll for nothing.
 */
@ApplicationScoped
public class ReportingRelays {

    public static final String SOURCE = "reporting-service";
    public static final String TYPE_PREFIX = "io.ledgerline.reporting.";

    private final OutboxRelay aging;
    private final List<OutboxRelay> relays;
    private final boolean enabled;

    public ReportingRelays(EventStore store, Checkpoints checkpoints, ReliableKafkaProducer producer,
                           @ConfigProperty(name = "ledgerline.reporting.outbox.enabled", defaultValue = "true")
                           boolean enabled,
                           @ConfigProperty(name = "ledgerline.reporting.outbox.poll-interval", defaultValue = "100ms")
                           Duration pollInterval,
                           @ConfigProperty(name = "ledgerline.reporting.outbox.kpis-poll-interval",
                                   defaultValue = "1s")
                           Duration kpisPollInterval,
                           @ConfigProperty(name = "ledgerline.reporting.outbox.batch-size", defaultValue = "1000")
                           int batchSize) {
        this.enabled = enabled;
        OutboxRelay.Settings agingSettings = new OutboxRelay.Settings(Topics.REPORTING_AGING, SOURCE, TYPE_PREFIX,
                pollInterval, batchSize).only(Set.of(Publications.AGING_SNAPSHOT), Set.of(Publications.AGING_CLEARED));
        OutboxRelay.Settings kpis = new OutboxRelay.Settings(Topics.REPORTING_KPIS, SOURCE, TYPE_PREFIX,
                kpisPollInterval, batchSize).only(Set.of(Publications.KPI_CALCULATED), Set.of());
        this.aging = new OutboxRelay(store, checkpoints, producer, agingSettings);
        this.relays = List.of(aging, new OutboxRelay(store, checkpoints, producer, kpis));
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            relays.forEach(OutboxRelay::start);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        relays.forEach(OutboxRelay::stop);
    }

    /** Publish now: something was just committed (a publication run: KPI and aging events). */
    public void wake() {
        relays.forEach(OutboxRelay::wake);
    }

    /** Publish the aging events just committed now (a consumer's poll, which appends no KPI event). */
    public void wakeAging() {
        aging.wake();
    }

    /** The topics of the two relays. */
    public List<String> topics() {
        return List.of(Topics.REPORTING_AGING, Topics.REPORTING_KPIS);
    }

    public List<OutboxRelay> relays() {
        return relays;
    }
}
