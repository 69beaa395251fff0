package io.ledgerline.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code ledgerline.record-outbox.*}: the relay that publishes {@link RecordOutbox} rows. */
@ConfigMapping(prefix = "ledgerline.record-outbox")
public interface RecordOutboxConfig {

    /** Start the relay with the application. */
    @WithDefault("false")
    boolean enabled();

    /** How long the relay waits before looking again when the table is empty (it is woken after commits too). */
    @WithDefault("200ms")
    Duration pollInterval();

    /** Records read, sent and deleted together. */
    @WithDefault("500")
    int batchSize();
}
