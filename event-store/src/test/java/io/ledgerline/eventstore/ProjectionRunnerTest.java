package io.ledgerline.eventstore;

import io.ledgerline.testsupport.PostgresTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.health.api.Wellness;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runner inside a real Quarkus application: CDI wiring, Flyway from both locations, Hibernate Reactive. One
 * application for every case, so each case looks only at the streams it appended itself.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ProjectionRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STREAMS = 5;
    private static final int EVENTS_PER_STREAM = 10;

    @Inject
    EventStore store;

    @Inject
    Checkpoints checkpoints;

    @Inject
    ProjectionRunner runner;

    @Inject
    ProjectionsConfig config;

    @Inject
    Pool pool;

    @Inject
    @Any
    Instance<Projection> projections;

    @Inject
    Instance<Mutiny.SessionFactory> sessionFactory;

    @Inject
    Instance<MeterRegistry> meters;

    @Inject
    @Wellness
    ProjectionsHealthCheck health;

    @Test
    void aRebuildFillsShadowTablesWhileTheLiveOnesKeepAnsweringThenSwapsInAnIdenticalReadModel() {
        List<String> streams = appendStreams();
        await().atMost(WAIT).until(() -> caughtUp(status()));
        List<String> before = readModel(streams);
        assertThat(before).hasSize(STREAMS)
                .allSatisfy(row -> assertThat(row).endsWith("|" + EVENTS_PER_STREAM + "|" + EVENTS_PER_STREAM + "|InvoiceIssued"));

        runner.rebuild(StreamSummaryProjection.NAME).await().atMost(WAIT);

        // Each batch of 7 takes at least 50 ms, so the replay is still under way here; the live table answers as
        // before all along, never empty or half-filled.
        ProjectionStatus early = status();
        assertThat(early.rebuilding()).isTrue();
        assertThat(early.replayedSinceRebuild()).isLessThan(store.countAfter(pool, GlobalPosition.START).await().indefinitely());
        int looks = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (status().rebuilding()) {
            assertThat(System.nanoTime()).as("the rebuild finishes").isLessThan(deadline);
            assertThat(readModel(streams)).isEqualTo(before);
            looks++;
        }
        assertThat(looks).as("the rebuild took long enough to be watched").isPositive();
        ProjectionStatus done = status();
        assertThat(done.eventsBehind()).isZero();
        assertThat(done.replayedSinceRebuild())
                .isEqualTo(pool.query("SELECT count(*) FROM events").execute().await().indefinitely().iterator().next().getLong(0));
        assertThat(readModel(streams)).isEqualTo(before);
        assertThat(pool.query("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'rebuild_stream_summaries'")
                .execute().await().indefinitely().iterator().next().getLong(0)).as("the shadow schema is gone").isZero();
    }

    /**
     * The shadow copies are unlogged: a crash of the database server empties them (and their marker) during recovery.
     * Emptying them by hand in the middle of a rebuild stands for that: the rebuild must notice and start over from
     * the first event, never swap in the half it still has.
     */
    @Test
    void aRebuildWhoseShadowTablesWereEmptiedByACrashStartsOverAndSwapsInTheWholeReadModel() {
        appendStreams();
        await().atMost(WAIT).until(() -> caughtUp(status()));
        // Every row, not only this case's streams: the first batches replayed (the ones lost) hold the oldest events.
        List<String> before = wholeReadModel();

        runner.rebuild(StreamSummaryProjection.NAME).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> status().replayedSinceRebuild() > 0);
        assertThat(status().rebuilding()).as("still under way: each batch of 7 takes at least 50 ms").isTrue();
        pool.query("TRUNCATE rebuild_stream_summaries.test_stream_summary, rebuild_stream_summaries.rebuild_intact")
                .execute().await().indefinitely();

        await().atMost(WAIT).until(() -> !status().rebuilding());
        assertThat(status().replayedSinceRebuild()).as("replayed again from the first event")
                .isEqualTo(pool.query("SELECT count(*) FROM events").execute().await().indefinitely().iterator().next().getLong(0));
        assertThat(wholeReadModel()).isEqualTo(before);
    }

    /**
     * The swap writes only what differs: every live row the events would not give (changed, or made by no event) must
     * still be replaced or removed, and every missing one put back, while the rows that match stay.
     */
    @Test
    void aRebuildPutsRightEveryLiveRowThatDiffersFromWhatTheEventsGive() {
        List<String> streams = appendStreams();
        await().atMost(WAIT).until(() -> caughtUp(status()));
        List<String> before = wholeReadModel();
        String madeUp = "account-" + UUID.randomUUID();
        pool.preparedQuery("UPDATE test_stream_summary SET events = events + 100 WHERE stream_id = $1")
                .execute(Tuple.of(streams.get(0))).await().indefinitely();
        pool.preparedQuery("UPDATE test_stream_summary SET last_event_type = 'Tampered' WHERE stream_id = $1")
                .execute(Tuple.of(streams.get(1))).await().indefinitely();
        pool.preparedQuery("DELETE FROM test_stream_summary WHERE stream_id = $1")
                .execute(Tuple.of(streams.get(2))).await().indefinitely();
        pool.preparedQuery("INSERT INTO test_stream_summary VALUES ($1, 1, 1, 'InvoiceIssued')")
                .execute(Tuple.of(madeUp)).await().indefinitely();
        assertThat(wholeReadModel()).isNotEqualTo(before);

        runner.rebuild(StreamSummaryProjection.NAME).await().atMost(WAIT);
        await().atMost(WAIT).until(() -> !status().rebuilding());

        assertThat(wholeReadModel()).isEqualTo(before);
    }

    private List<String> wholeReadModel() {
        return pool.query("SELECT stream_id, events, last_version, last_event_type FROM test_stream_summary"
                        + " ORDER BY stream_id")
                .execute().await().indefinitely().stream()
                .map(row -> row.getString(0) + "|" + row.getLong(1) + "|" + row.getLong(2) + "|" + row.getString(3))
                .toList();
    }

    @Test
    void twoRunnersOnOneDatabaseApplyEveryEventOnceAndOnlyOneOfThemWorks() {
        ProjectionRunner second = new ProjectionRunner(store, checkpoints, projections, sessionFactory, config, meters);
        second.start();
        try {
            List<String> streams = appendStreams();
            await().atMost(WAIT).until(() -> caughtUp(status()));
            assertThat(readModel(streams)).hasSize(STREAMS).allSatisfy(row ->
                    assertThat(row).endsWith("|" + EVENTS_PER_STREAM + "|" + EVENTS_PER_STREAM + "|InvoiceIssued"));
            boolean firstActive = status().active();
            boolean secondActive = second.status().await().atMost(WAIT).getFirst().active();
            assertThat(firstActive ^ secondActive).as("exactly one runner is the active reader").isTrue();

            // The active one stops: the other takes over and goes on, still counting each event once.
            (firstActive ? runner : second).stop();
            List<String> more = appendStreams();
            await().atMost(WAIT).until(() -> caughtUp(status()));
            assertThat(readModel(more)).allSatisfy(row ->
                    assertThat(row).endsWith("|" + EVENTS_PER_STREAM + "|" + EVENTS_PER_STREAM + "|InvoiceIssued"));
            assertThat(readModel(streams)).allSatisfy(row ->
                    assertThat(row).endsWith("|" + EVENTS_PER_STREAM + "|" + EVENTS_PER_STREAM + "|InvoiceIssued"));
        } finally {
            second.stop();
            runner.start();
        }
        await().atMost(WAIT).until(() -> status().active());
    }

    @Test
    void aBatchThatKeepsFailingParksTheProjectionWithAnAlertUntilAnOperatorResumesIt() {
        StreamSummaryProjection.failsOn = "Unsummarisable";
        try {
            String stream = "account-" + UUID.randomUUID();
            StreamAppend poison = new StreamAppend(stream, 0, List.of(TestEvents.event("Unsummarisable", "{}")));
            pool.withTransaction(tx -> store.append(tx, List.of(poison))).await().indefinitely();

            await().atMost(WAIT).until(() -> status().parked());
            ProjectionStatus parked = status();
            assertThat(parked.parkedError()).contains("cannot summarise a Unsummarisable");
            assertThat(parked.eventsBehind()).isPositive();
            HealthCheckResponse response = health.call().await().atMost(WAIT);
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(response.getData().orElseThrow())
                    .containsEntry(StreamSummaryProjection.NAME + ".state", "PARKED")
                    .containsEntry(StreamSummaryProjection.NAME + ".eventsBehind", parked.eventsBehind());
            assertThat(meters.get().get("ledgerline.projection.parked")
                    .tag("projection", StreamSummaryProjection.NAME).gauge().value()).isEqualTo(1.0);

            // Parked means stopped: it stays at the same checkpoint, nothing later is applied.
            List<String> after = appendStreams();
            await().pollDelay(Duration.ofMillis(500)).atMost(WAIT).until(() -> true);
            assertThat(status().checkpoint()).isEqualTo(parked.checkpoint());
            assertThat(readModel(after)).isEmpty();

            // The fix is deployed; the operator resumes it.
            StreamSummaryProjection.failsOn = null;
            assertThat(runner.resume(StreamSummaryProjection.NAME).await().atMost(WAIT)).isTrue();
            await().atMost(WAIT).until(() -> caughtUp(status()));
            assertThat(readModel(after)).hasSize(STREAMS);
            assertThat(health.call().await().atMost(WAIT).getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        } finally {
            StreamSummaryProjection.failsOn = null;
        }
    }

    private List<String> appendStreams() {
        List<StreamAppend> appends = IntStream.range(0, STREAMS)
                .mapToObj(i -> TestEvents.append("account-" + UUID.randomUUID(), 0, EVENTS_PER_STREAM))
                .toList();
        pool.withTransaction(tx -> store.append(tx, appends)).await().indefinitely();
        return appends.stream().map(StreamAppend::streamId).sorted().toList();
    }

    private ProjectionStatus status() {
        List<ProjectionStatus> all = runner.status().await().atMost(WAIT);
        assertThat(all).extracting(ProjectionStatus::name).containsExactly(StreamSummaryProjection.NAME);
        return all.getFirst();
    }

    private static boolean caughtUp(ProjectionStatus status) {
        return status.eventsBehind() == 0 && status.checkpoint().equals(status.head());
    }

    private List<String> readModel(List<String> streams) {
        return pool.preparedQuery("SELECT stream_id, events, last_version, last_event_type FROM test_stream_summary"
                        + " WHERE stream_id = ANY($1) ORDER BY stream_id")
                .execute(Tuple.of(streams.toArray(String[]::new)))
                .await().indefinitely().stream()
                .map(row -> row.getString(0) + "|" + row.getLong(1) + "|" + row.getLong(2) + "|" + row.getString(3))
                .toList();
    }
}
