package io.ledgerline.eventstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps every {@link Projection} bean up to date, each in its own loop on its own thread: read a batch after the
 * checkpoint {@code projection:<name>}, then apply it and save the new checkpoint in one Hibernate Reactive
 * transaction. A rebuild runs on that same loop, so it never interleaves with a batch being applied.
 * <p>
 * One runner per projection and database: two would apply every batch twice.
 */
@ApplicationScoped
public class ProjectionRunner {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final Instance<Mutiny.SessionFactory> sessionFactory;
    private final ProjectionsConfig config;
    private final Map<String, Worker> workers = new TreeMap<>();

    @Inject
    public ProjectionRunner(EventStore store, Checkpoints checkpoints, @Any Instance<Projection> projections,
                            Instance<Mutiny.SessionFactory> sessionFactory, ProjectionsConfig config) {
        this.store = store;
        this.checkpoints = checkpoints;
        // Looked up only when a projection runs: a service without projections may have no entities and so no
        // session factory at all.
        this.sessionFactory = sessionFactory;
        this.config = config;
        for (Projection projection : projections) {
            if (workers.putIfAbsent(projection.name(), new Worker(projection)) != null) {
                throw new IllegalStateException("two projections are named " + projection.name());
            }
        }
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

    /** Lets each loop finish the batch it is applying, then stops them. */
    public void stop() {
        workers.values().forEach(worker -> worker.loop.stop(STOP_TIMEOUT));
    }

    public static String checkpointName(String projection) {
        return "projection:" + projection;
    }

    /**
     * Empties the projection and moves its checkpoint back to the start, in one transaction; completes once that is
     * committed. The projection's loop then replays every event ({@link #status()} shows how far it has got).
     */
    public Uni<Void> rebuild(String name) {
        Worker worker = workers.get(name);
        if (worker == null) {
            return Uni.createFrom().failure(new NoSuchElementException("no projection named " + name));
        }
        if (!worker.loop.running()) {
            return worker.reset();
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        worker.rebuildRequests.add(done);
        worker.loop.wake();
        return VertxContexts.completeOnCallerContext(Uni.createFrom().completionStage(done));
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
        private final TailingLoop loop;
        private final Queue<CompletableFuture<Void>> rebuildRequests = new ConcurrentLinkedQueue<>();
        private final AtomicLong replayed = new AtomicLong();
        private volatile boolean rebuilding;
        /** The committed checkpoint, known to the loop thread; null until loaded and after a failure. */
        private GlobalPosition from;

        Worker(Projection projection) {
            this.projection = projection;
            this.checkpoint = checkpointName(projection.name());
            this.loop = new TailingLoop("projection-" + projection.name(), config.pollInterval(), this::step,
                    () -> from = null);
        }

        private boolean step() throws Exception {
            if (!rebuildRequests.isEmpty()) {
                rebuildOnLoop();
            }
            if (from == null) {
                from = await(() -> checkpoints.load(store.pool(), checkpoint));
            }
            GlobalPosition after = from;
            List<RecordedEvent> batch = await(() -> store.readAllAfter(store.pool(), after, config.batchSize()));
            if (batch.isEmpty()) {
                rebuilding = false;
                return false;
            }
            GlobalPosition last = batch.getLast().globalPosition();
            await(() -> sessions().withTransaction((session, tx) -> projection.apply(session, batch)
                    .chain(() -> checkpoints.save(session, checkpoint, last))));
            from = last;
            if (rebuilding) {
                replayed.addAndGet(batch.size());
            }
            return batch.size() == config.batchSize();
        }

        /** Answers every rebuild request waiting now with one reset. */
        private void rebuildOnLoop() {
            List<CompletableFuture<Void>> requests = new ArrayList<>();
            for (CompletableFuture<Void> request; (request = rebuildRequests.poll()) != null; ) {
                requests.add(request);
            }
            try {
                await(this::reset);
                requests.forEach(request -> request.complete(null));
            } catch (Exception e) {
                requests.forEach(request -> request.completeExceptionally(e));
            }
        }

        private Uni<Void> reset() {
            return sessions().withTransaction((session, tx) -> projection.reset(session)
                            .chain(() -> checkpoints.save(session, checkpoint, GlobalPosition.START)))
                    .invoke(() -> {
                        from = null;
                        replayed.set(0);
                        rebuilding = true;
                    });
        }

        private Uni<ProjectionStatus> status(GlobalPosition head) {
            return checkpoints.load(store.pool(), checkpoint).chain(at -> store.countAfter(store.pool(), at)
                    .map(behind -> new ProjectionStatus(projection.name(), at, head, behind, rebuilding,
                            replayed.get())));
        }
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
