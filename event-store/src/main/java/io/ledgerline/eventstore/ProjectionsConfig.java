package io.ledgerline.eventstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code ledgerline.projections.*}: the runner that keeps every {@link Projection} up to date. */
@ConfigMapping(prefix = "ledgerline.projections")
public interface ProjectionsConfig {

    /** Start one loop per projection with the application (only the active reader's loop does any work). */
    @WithDefault("true")
    boolean enabled();

    /** How long a caught-up projection waits before looking again. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Events applied (and checkpointed) in one transaction. */
    @WithDefault("500")
    int batchSize();

    /**
     * Events a rebuild applies to the shadow tables in one transaction. Larger than {@link #batchSize()}: nobody reads
     * the shadow tables, so a long transaction there holds nobody up, and a set-based projection writes a batch in a
     * few statements whatever its size, so fewer, larger batches replay faster.
     */
    @WithDefault("10000")
    int rebuildBatchSize();

    /**
     * A batch that fails this many times in a row at the same checkpoint (for a reason in the data or the code, not
     * the database being away) parks the projection: it stops, logs an error, and reports itself in health and metrics.
     */
    @WithDefault("5")
    int parkAfterFailures();
}
