package io.ledgerline.eventstore;

import io.ledgerline.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The runner inside a real Quarkus application: CDI wiring, Flyway from both locations, Hibernate Reactive. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ProjectionRunnerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int STREAMS = 5;
    private static final int EVENTS_PER_STREAM = 10;
    private static final int TOTAL = STREAMS * EVENTS_PER_STREAM;

    @Inject
    EventStore store;

    @Inject
    ProjectionRunner runner;

    @Inject
    Pool pool;

    @Test
    void projectsEveryEventAndARebuildReplaysThemIntoAnIdenticalReadModel() {
        List<StreamAppend> appends = IntStream.range(0, STREAMS)
                .mapToObj(i -> TestEvents.append("account-" + UUID.randomUUID(), 0, EVENTS_PER_STREAM))
                .toList();
        pool.withTransaction(tx -> store.append(tx, appends)).await().indefinitely();

        await().atMost(WAIT).until(() -> caughtUp(status()));
        List<String> readModel = readModel();
        assertThat(readModel).hasSize(STREAMS)
                .allSatisfy(row -> assertThat(row).endsWith("|" + EVENTS_PER_STREAM + "|" + EVENTS_PER_STREAM + "|InvoiceIssued"));
        assertThat(status().rebuilding()).isFalse();

        runner.rebuild(StreamSummaryProjection.NAME).await().atMost(WAIT);

        // Each batch of 7 takes at least 50 ms, so the replay of 50 events is still under way here.
        ProjectionStatus early = status();
        assertThat(early.rebuilding()).isTrue();
        assertThat(early.replayedSinceRebuild()).isLessThan(TOTAL);
        assertThat(early.eventsBehind()).isGreaterThan(0);
        await().atMost(WAIT).until(() -> caughtUp(status()) && !status().rebuilding());
        ProjectionStatus done = status();
        assertThat(done.replayedSinceRebuild()).isEqualTo(TOTAL);
        assertThat(done.checkpoint()).isEqualTo(done.head());
        assertThat(readModel()).isEqualTo(readModel);
    }

    private ProjectionStatus status() {
        List<ProjectionStatus> all = runner.status().await().atMost(WAIT);
        assertThat(all).extracting(ProjectionStatus::name).containsExactly(StreamSummaryProjection.NAME);
        return all.getFirst();
    }

    private static boolean caughtUp(ProjectionStatus status) {
        return status.eventsBehind() == 0 && status.checkpoint().equals(status.head());
    }

    private List<String> readModel() {
        return pool.query("SELECT stream_id, events, last_version, last_event_type FROM test_stream_summary ORDER BY stream_id")
                .execute().await().indefinitely().stream()
                .map(row -> row.getString(0) + "|" + row.getLong(1) + "|" + row.getLong(2) + "|" + row.getString(3))
                .toList();
    }
}
