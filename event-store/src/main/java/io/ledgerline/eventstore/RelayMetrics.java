package io.ledgerline.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where an outbox relay's time goes, per pass, as histograms ({@code /q/metrics}, tag {@code relay} = the topic):
 * <ul>
 * <li>{@code ledgerline_outbox_wake_wait_seconds}: from a commit's wake-up to the start of the pass that serves it
 * (the wake interval, a pass still running, the poll thread's scheduling);</li>
 * <li>{@code ledgerline_outbox_pass_seconds{stage}}: {@code read} (the store's read and the held-back check),
 * {@code send} (to the broker's acknowledgement of the whole batch), {@code checkpoint} (its {@code UPDATE} and
 * commit);</li>
 * <li>{@code ledgerline_outbox_event_age_seconds{at}}: the batch's oldest event's age when it was {@code read} and
 * when it was {@code acknowledged}, from its {@code recorded_at}, i.e. the start of the transaction that appended it
 * (the database's clock against this one's: on one machine, exact; across machines, as good as their clocks);</li>
 * <li>{@code ledgerline_outbox_held_back_total}: passes that found committed events they may not read yet (an older
 * transaction still open, see {@link EventStore#heldBackAfter}).</li>
 * </ul>
 * Without a registry (a relay built outside CDI) nothing is recorded.
 */
final class RelayMetrics {

    static final RelayMetrics NONE = new RelayMetrics(null, null);

    private final Timer wakeWait;
    private final Timer read;
    private final Timer send;
    private final Timer checkpoint;
    private final Timer ageAtRead;
    private final Timer ageAtAck;
    private final Counter heldBack;

    private RelayMetrics(MeterRegistry registry, String relay) {
        if (registry == null) {
            wakeWait = read = send = checkpoint = ageAtRead = ageAtAck = null;
            heldBack = null;
            return;
        }
        wakeWait = timer(registry, "ledgerline.outbox.wake.wait", "from a commit's wake-up to the relay pass serving it",
                relay, List.of());
        read = timer(registry, "ledgerline.outbox.pass", "a relay pass's stages", relay, List.of("stage", "read"));
        send = timer(registry, "ledgerline.outbox.pass", "a relay pass's stages", relay, List.of("stage", "send"));
        checkpoint = timer(registry, "ledgerline.outbox.pass", "a relay pass's stages", relay,
                List.of("stage", "checkpoint"));
        ageAtRead = timer(registry, "ledgerline.outbox.event.age",
                "age of a batch's oldest event (from its transaction's start)", relay, List.of("at", "read"));
        ageAtAck = timer(registry, "ledgerline.outbox.event.age",
                "age of a batch's oldest event (from its transaction's start)", relay, List.of("at", "acknowledged"));
        heldBack = Counter.builder("ledgerline.outbox.held.back")
                .description("relay passes that found committed events held back by an older open transaction")
                .tag("relay", relay).register(registry);
    }

    static RelayMetrics of(MeterRegistry registry, String relay) {
        return registry == null ? NONE : new RelayMetrics(registry, relay);
    }

    /** A histogram from 100 µs to a minute: what a relay's stages and an event's wait span. */
    static Timer timer(MeterRegistry registry, String name, String description, String relay, List<String> tags) {
        Timer.Builder builder = Timer.builder(name).description(description).tag("relay", relay)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(1));
        for (int i = 0; i + 1 < tags.size(); i += 2) {
            builder.tag(tags.get(i), tags.get(i + 1));
        }
        return builder.register(registry);
    }

    void wakeWait(long wokenAt, long passStart) {
        if (wakeWait != null && wokenAt != 0) {
            wakeWait.record(passStart - wokenAt, TimeUnit.NANOSECONDS);
        }
    }

    void read(long nanos) {
        record(read, nanos);
    }

    void send(long nanos) {
        record(send, nanos);
    }

    void checkpoint(long nanos) {
        record(checkpoint, nanos);
    }

    void ageAtRead(Instant oldest) {
        age(ageAtRead, oldest);
    }

    void ageAtAck(Instant oldest) {
        age(ageAtAck, oldest);
    }

    void heldBack() {
        if (heldBack != null) {
            heldBack.increment();
        }
    }

    private static void record(Timer timer, long nanos) {
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static void age(Timer timer, Instant oldest) {
        if (timer != null && oldest != null) {
            // A clock step backwards would make it negative: recorded as zero rather than dropped.
            timer.record(Math.max(0, Duration.between(oldest, Instant.now()).toNanos()), TimeUnit.NANOSECONDS);
        }
    }
}
