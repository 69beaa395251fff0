package io.ledgerline.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Keeps every {@link Projection} bean up to date, each in its own loop on its own thread: read a batch after the
 * checkpoint {@code projection:<name>}, then apply it and move the checkpoint from where it was read, in one Hibernate
 * Reactive transaction.
 * <p>
 * Every instance of a service starts the loops, but only one instance per database runs each projection: the one
 * holding its {@link ActiveReaderLock}. Should two ever apply the same batch (a lock lost mid-batch), the checkpoint's
 * compare-and-set ({@link Checkpoints#advance}) lets one commit and rolls the other back, so nothing is counted twice.
 * <p>
 * A batch that keeps failing for a reason in the data or the code parks the projection (see
 * {@link ProjectionsConfig#parkAfterFailures()}): it stops at its checkpoint, says so in the log, in the metric
 * {@code ledgerline.projection.parked} and in {@link #status()}, until {@link #resume} or {@link #rebuild}.
 * <p>
 * A rebuild fills shadow copies of the projection's tables from the first event while the live tables go on being
 * updated and answering, and swaps them in once it has caught up (see {@link ShadowTables}). It is asked for through
 * the database, so any instance can ask and the active one carries it out.
 */
@ApplicationScoped
public class ProjectionRunner {

    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final ProjectionControl control = new ProjectionControl();
    private final Instance<Mutiny.SessionFactory> sessionFactory;
    private final ProjectionsConfig config;
    private final Map<String, Worker> workers = new TreeMap<>();
    /**
     * The service's outbox relay, told when a live batch's transaction has ended (it may have held the relay's events
     * back); unset outside CDI.
     */
    @Inject
    Instance<OutboxRelay> relays;
    private volatile OutboxRelay relay;

    @Inject
    public ProjectionRunner(EventStore store, Checkpoints checkpoints, @Any Instance<Projection> projections,
                            Instance<Mutiny.SessionFactory> sessionFactory, ProjectionsConfig config,
                            Instance<MeterRegistry> meters) {
        this.store = store;
        this.checkpoints = checkpoints;
        // Looked up only when a projection runs: a service without projections may have no entities and so no
        // session factory at all.
        this.sessionFactory = sessionFactory;
        this.config = config;
        MeterRegistry registry = meters.isResolvable() ? meters.get() : null;
        for (Projection projection : projections) {
            if (workers.putIfAbsent(projection.name(), new Worker(projection, registry)) != null) {
                throw new IllegalStateException("two projections are named " + projection.name());
            }
        }
    }

    /**
     * A live batch's transaction held a transaction id from its first write to its commit, and every event committed
     * meanwhile (an ingest poll's) was held back from the outbox relay until now: tell it, rather than let it find out
     * at its next held-back look.
     */
    private void relayMayRead() {
        OutboxRelay found = relay;
        if (found == null && relays != null && relays.isResolvable()) {
            found = relay = relays.get();
        }
        if (found != null) {
            found.olderTransactionEnded();
        }
    }

    private static Timer batchTimer(MeterRegistry registry, String projection, String stage) {
        return Timer.builder("ledgerline.projection.batch")
                .description("a live projection batch's stages: prepare (no database), write (its transaction)")
                .tag("projection", projection).tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public void start() {
        workers.values().forEach(worker -> worker.loop.start());
    }

    /** Lets each loop finish the batch it is applying, then stops them (and gives up their reader locks). */
    public void stop() {
        workers.values().forEach(worker -> worker.loop.stop(STOP_TIMEOUT));
    }

    public static String checkpointName(String projection) {
        return "projection:" + projection;
    }

    /**
     * Asks for a rebuild: completes once the request is recorded. The active instance then replays every event into
     * shadow tables and swaps them in ({@link #status()} shows the progress); the live tables answer until then. A
     * rebuild also lifts a park. Asking again while one runs starts it over.
     */
    public Uni<Void> rebuild(String name) {
        Worker worker = workers.get(name);
        if (worker == null) {
            return Uni.createFrom().failure(new NoSuchElementException("no projection named " + name));
        }
        return control.requestRebuild(store.pool(), name).invoke(worker.loop::wake);
    }

    /**
     * Lifts a park (after the cause was fixed): the projection tries its batch again. Completes with false when it
     * was not parked. If the batch still fails, it parks again.
     */
    public Uni<Boolean> resume(String name) {
        Worker worker = workers.get(name);
        if (worker == null) {
            return Uni.createFrom().failure(new NoSuchElementException("no projection named " + name));
        }
        return control.resume(store.pool(), name).invoke(resumed -> worker.loop.wake());
    }

    /** Every projection's checkpoint, the head of the store and the distance between them, read now. */
    public Uni<List<ProjectionStatus>> status() {
        if (workers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return store.head(store.pool()).chain(head -> Multi.createFrom().iterable(workers.values())
                .onItem().transformToUniAndConcatenate(worker -> worker.status(head))
                .collect().asList());
    }

    private final class Worker {

        private final Projection projection;
        private final String checkpoint;
        private final ShadowTables shadows;
        private final TailingLoop loop;
        private final Counter failures;
        /** The committed checkpoint, known to the loop thread; null until loaded and after a failure. */
        private GlobalPosition from;
        /** Consecutive failures of the batch after {@link #failingAt}. */
        private int failuresInARow;
        private GlobalPosition failingAt;
        /** As the loop last saw it; what the metric reports. */
        private volatile boolean parked;
        /** A live batch's stages ({@code ledgerline_projection_batch_seconds{projection,stage}}); null without a registry. */
        private final Timer prepareTimer;
        private final Timer writeTimer;
        /** The rebuild's next batch, being read and prepared while the current one is written; null when none. */
        private Ahead ahead;

        Worker(Projection projection, MeterRegistry registry) {
            this.projection = projection;
            this.checkpoint = checkpointName(projection.name());
            this.shadows = new ShadowTables(projection.name(), projection.tables(),
                    projection.rebuildsWithoutSecondaryIndexes());
            this.loop = new TailingLoop("projection-" + projection.name(), config.pollInterval(), this::step,
                    () -> from = null, new ActiveReaderLock(store.pool(), checkpoint));
            if (registry != null) {
                Gauge.builder("ledgerline.projection.parked", () -> parked ? 1 : 0)
                        .description("1 while the projection is parked after failing repeatedly")
                        .tag("projection", projection.name()).register(registry);
                this.failures = Counter.builder("ledgerline.projection.batch.failures")
                        .description("failed attempts to apply a batch of events")
                        .tag("projection", projection.name()).register(registry);
                // A live batch's transaction holds a transaction id from its first write to its commit: every
                // event committed meanwhile waits for it to end before any reader of the global order (the outbox
                // relay) may read it. The write stage is that window (and the checkpoint's commit).
                this.prepareTimer = batchTimer(registry, projection.name(), "prepare");
                this.writeTimer = batchTimer(registry, projection.name(), "write");
            } else {
                this.failures = null;
                this.prepareTimer = null;
                this.writeTimer = null;
            }
        }

        private boolean step() throws Exception {
            ProjectionControl.State state = await(() -> control.load(store.pool(), projection.name()));
            parked = state.parked();
            if (parked && !state.rebuilding()) {
                return false;
            }
            if (from == null) {
                from = await(() -> checkpoints.load(store.pool(), checkpoint));
            }
            // A rebuild goes on while the live batch fails, and while it is parked: the rebuild is what repairs a read
            // model whose live batch fails on its rows (a row lost, say). It replays up to the live checkpoint, where
            // the failing batch starts, swaps the rebuilt rows in, and lifts the park (FINISH_REBUILD); the live batch
            // then runs on the rebuilt rows, and parks again only if it still fails there.
            boolean more = false;
            Exception liveFailure = null;
            if (!parked) {
                try {
                    more = guarded(this::liveBatch);
                } catch (Exception e) {
                    if (!state.rebuilding()) {
                        throw e;
                    }
                    liveFailure = e;
                }
            }
            if (state.rebuilding()) {
                more |= guarded(() -> shadowBatch(state));
            }
            if (liveFailure != null) {
                throw liveFailure;
            }
            return more;
        }

        /** The live tables: the next batch after the checkpoint. */
        private boolean liveBatch() throws Exception {
            GlobalPosition after = from;
            List<RecordedEvent> batch = await(() -> store.readAllAfter(store.pool(), after, config.batchSize()));
            if (batch.isEmpty()) {
                return false;
            }
            GlobalPosition last = batch.getLast().globalPosition();
            // Prepared here, on the projection's own thread: decoding and summing the batch is CPU work that, inside
            // the transaction, ran on the Vert.x event loop its session is bound to, and held up every request that
            // loop serves meanwhile (a REST command waited for a whole batch). Only the writes run there now. The
            // same split a rebuild uses (prepare depends on the events only); a projection without its own prepare
            // still does everything in apply, as before.
            long start = System.nanoTime();
            Projection.Prepared prepared = projection.prepare(batch);
            long preparedAt = System.nanoTime();
            await(() -> sessions().withTransaction((session, tx) -> prepared.writeTo(session)
                    .chain(() -> checkpoints.advance(session, checkpoint, after, last))));
            relayMayRead();
            if (prepareTimer != null) {
                prepareTimer.record(preparedAt - start, java.util.concurrent.TimeUnit.NANOSECONDS);
                writeTimer.record(System.nanoTime() - preparedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            from = last;
            return batch.size() == config.batchSize();
        }

        /**
         * One batch of a rebuild into the shadow tables, never past the live checkpoint; when it reaches it, the shadow
         * tables are swapped in within the same transaction, which also confirms the live checkpoint has not moved.
         */
        private boolean shadowBatch(ProjectionControl.State state) throws Exception {
            GlobalPosition at = state.rebuiltUpTo();
            if (!at.equals(GlobalPosition.START)
                    && !await(() -> sessions().withTransaction((session, tx) -> shadows.intact(session)))) {
                // The server recovered from a crash and emptied the (unlogged) shadow copies: what was replayed so
                // far is gone, so the same rebuild starts again from the first event.
                LOG.warnf("projection %s: the rebuild's shadow tables were lost (a crash of the database server?);"
                        + " starting the rebuild again from the first event", projection.name());
                await(() -> sessions().withTransaction((session, tx) ->
                        control.restartRebuild(session, projection.name(), state.generation())));
                return true;
            }
            GlobalPosition upTo = from;
            Read read = at.equals(upTo) ? Read.NONE : next(state.generation(), at, upTo);
            List<RecordedEvent> batch = read.events();
            GlobalPosition last = batch.isEmpty() ? at : batch.getLast().globalPosition();
            boolean caughtUp = last.equals(upTo);
            if (!caughtUp) {
                // Read and prepare the next batch while this one is written: the service decodes while PostgreSQL
                // writes. It is used only if this batch commits (see next()).
                ahead = new Ahead(state.generation(), last, upTo, readAndPrepare(last, upTo));
            }
            await(() -> sessions().withTransaction((session, tx) -> {
                Uni<Void> work = Uni.createFrom().voidItem();
                if (at.equals(GlobalPosition.START)) {
                    work = work.chain(() -> shadows.recreate(session));
                }
                if (!batch.isEmpty()) {
                    work = work.chain(() -> shadows.inShadow(session, () -> read.prepared().writeTo(session)));
                }
                work = work.chain(() -> control.advanceRebuild(session, projection.name(), state.generation(), at,
                        last, batch.size()));
                if (caughtUp) {
                    work = work.chain(() -> checkpoints.advance(session, checkpoint, upTo, upTo))
                            .chain(() -> shadows.swapIn(session))
                            .chain(() -> control.finishRebuild(session, projection.name(), state.generation()));
                }
                return work;
            }));
            if (caughtUp) {
                LOG.infof("projection %s: rebuilt from %d events and swapped in", projection.name(),
                        state.replayed() + batch.size());
            }
            return !caughtUp;
        }

        /**
         * The rebuild's batch after {@code at}: the one read ahead if it was read from there for this rebuild, up to a
         * live checkpoint at or before today's (committed events between two positions never change, so it holds the
         * first events a read now would return: the same batch, or a shorter one if the live checkpoint has moved on
         * since); otherwise read now. A batch read ahead and not used is dropped.
         */
        private Read next(long generation, GlobalPosition at, GlobalPosition upTo) throws Exception {
            Ahead found = ahead;
            ahead = null;
            CompletableFuture<Read> read;
            if (found != null && found.generation() == generation && found.after().equals(at)
                    && found.upTo().compareTo(upTo) <= 0) {
                read = found.read();
            } else {
                if (found != null) {
                    found.read().cancel(false);
                }
                read = readAndPrepare(at, upTo);
            }
            try {
                return read.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        /** Reads a rebuild batch and prepares it ({@link Projection#prepare}) on a worker thread, without waiting. */
        private CompletableFuture<Read> readAndPrepare(GlobalPosition at, GlobalPosition upTo) {
            return store.readBetween(store.pool(), at, upTo, config.rebuildBatchSize(), projection.readsMetadata())
                    .emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(events -> new Read(events, events.isEmpty() ? null : projection.prepare(events)))
                    .subscribeAsCompletionStage();
        }

        /**
         * Runs one batch; counts its failures at the same checkpoint, and parks the projection when they keep coming
         * for a reason a retry will not cure.
         */
        private boolean guarded(TailingLoop.Step batch) throws Exception {
            try {
                boolean more = batch.run();
                failuresInARow = 0;
                return more;
            } catch (Exception e) {
                if (failures != null) {
                    failures.increment();
                }
                if (isTransient(e)) {
                    throw e;
                }
                failuresInARow = from != null && from.equals(failingAt) ? failuresInARow + 1 : 1;
                failingAt = from;
                if (failuresInARow < config.parkAfterFailures()) {
                    throw e;
                }
                String error = describe(e);
                LOG.errorf(e, "projection %s PARKED at %s after %d failed attempts: %s. Its read model is frozen until"
                                + " an operator resumes or rebuilds it (POST /admin/projections/%s/resume | /rebuild)",
                        projection.name(), failingAt, failuresInARow, error, projection.name());
                await(() -> control.park(store.pool(), projection.name(), error));
                parked = true;
                failuresInARow = 0;
                return false;
            }
        }

        private Uni<ProjectionStatus> status(GlobalPosition head) {
            return control.load(store.pool(), projection.name()).chain(state -> checkpoints.load(store.pool(), checkpoint)
                    .chain(at -> store.countAfter(store.pool(), at)
                            .map(behind -> new ProjectionStatus(projection.name(), at, head, behind,
                                    state.rebuilding(), state.replayed(), state.parked(), state.parkedError(),
                                    loop.active()))));
        }
    }

    /** A rebuild batch: its events and, when there are any, their prepared writes. */
    private record Read(List<RecordedEvent> events, Projection.Prepared prepared) {
        static final Read NONE = new Read(List.of(), null);
    }

    /** A rebuild batch being read ahead: which rebuild, from where, up to where. */
    private record Ahead(long generation, GlobalPosition after, GlobalPosition upTo, CompletableFuture<Read> read) {
    }

    /**
     * Failures a retry may cure: the database unreachable, restarting, out of resources, a serialization conflict, or
     * another instance having moved the checkpoint. Anything else (a constraint, an overflow, a bug) will fail the same
     * way on the same batch.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg) {
                String state = pg.getSqlState() == null ? "" : pg.getSqlState();
                return state.isEmpty() || state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("55P03");
            }
            if (cause instanceof CheckpointMoved || cause instanceof IOException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof io.smallrye.mutiny.TimeoutException
                    || cause instanceof io.vertx.core.VertxException
                    || cause.getClass().getSimpleName().equals("NoStackTraceThrowable")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 2000 ? text.substring(0, 2000) : text;
    }

    private Mutiny.SessionFactory sessions() {
        return sessionFactory.get();
    }

    /** Runs reactive work on a Vert.x context (Hibernate Reactive needs one) and waits for it on this thread. */
    private static <T> T await(Supplier<Uni<T>> work) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
