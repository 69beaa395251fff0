package io.ledgerline.credit.service;

import io.ledgerline.events.credit.CreditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The counters credit exposes (names as deploy/README.md lists them, where one applies). */
@ApplicationScoped
public class CreditMetrics {

    private final MeterRegistry registry;
    private final Counter holdsPlaced;

    public CreditMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.holdsPlaced = Counter.builder("ledgerline.credit.holds.placed")
                .description("credit holds placed").register(registry);
    }

    /**
     * Counts credit's own business events once they are committed. (Events appended are counted by the event store
     * itself, {@code ledgerline_events_appended_total}; counting them here too would count each twice.)
     */
    public void appended(List<? extends CreditEvent> events) {
        for (CreditEvent event : events) {
            if (event instanceof CreditEvent.CreditHoldPlaced) {
                holdsPlaced.increment();
            }
        }
    }

    public void consumed(String topic, int count) {
        if (count > 0) {
            Counter.builder("ledgerline.upstream.consumed").tag("topic", topic)
                    .description("upstream events credit took in").register(registry).increment(count);
        }
    }

    /** Records parked in the quarantine (their customer's, or behind it). */
    public void quarantined(int records) {
        Counter.builder("ledgerline.upstream.quarantined").description("upstream records parked in quarantine")
                .register(registry).increment(records);
    }

    /** A record that is no event this build can read: skipped, counted by reason. */
    public void skipped(String topic, String reason) {
        Counter.builder("ledgerline.upstream.skipped").tag("topic", topic).tag("reason", reason)
                .description("upstream records skipped as unreadable").register(registry).increment();
    }
}
