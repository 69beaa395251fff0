package io.ledgerline.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** {@code ledgerline.outbox.*}: the relay that publishes the events table to Kafka. */
@ConfigMapping(prefix = "ledgerline.outbox")
public interface OutboxConfig {

    /** Start the relay with the application. */
    @WithDefault("false")
    boolean enabled();

    /** The topic every event is published to; required when enabled. */
    Optional<String> topic();

    /** CloudEvents {@code source} of every published event, e.g. {@code /ledgerline/receivables}; required when enabled. */
    Optional<String> source();

    /** Prepended to {@code <EventType>.v<N>} to make the CloudEvents {@code type}, e.g. {@code io.ledgerline.receivables.}. */
    @WithDefault("io.ledgerline.")
    String typePrefix();

    /** How long the relay waits before looking again when it has caught up. */
    @WithDefault("100ms")
    Duration pollInterval();

    /**
     * The shortest time between the starts of two passes that wake-ups ask for (every commit that appended events
     * wakes the relay): wake-ups within it share one pass (one read, one send, one checkpoint commit) instead of one
     * pass each. Events are published up to this much later; 0 starts a pass at every wake-up.
     */
    @WithDefault("5ms")
    Duration wakeInterval();

    /** Events read, sent and checkpointed together. */
    @WithDefault("1000")
    int batchSize();
}
