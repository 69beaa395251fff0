package io.ledgerline.eventstore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ledgerline.eventstore.TestEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

class StreamSnapshotsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TestDatabase db;
    private static EventStore store;
    private static StreamSnapshots snapshots;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("stream_snapshots_test");
        store = new EventStore(db.pool, UpcasterChain.none());
        snapshots = new StreamSnapshots();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    private static String streamWith(int events) {
        String stream = "account-" + UUID.randomUUID();
        db.pool.withTransaction(tx -> store.append(tx, List.of(append(stream, 0, events)))).await().atMost(TIMEOUT);
        return stream;
    }

    private static boolean save(String stream, long version, int shape, String state) {
        return snapshots.save(db.pool, new StreamSnapshot(stream, version, shape, state)).await().atMost(TIMEOUT);
    }

    private static Optional<StreamSnapshot> load(String stream, int shape) {
        return snapshots.load(db.pool, stream, shape).await().atMost(TIMEOUT);
    }

    @Test
    void theLatestSnapshotOfAShapeIsKeptAndAnOlderOneNeverReplacesIt() {
        String stream = streamWith(10);

        assertThat(save(stream, 4, 1, "{\"n\": 4}")).isTrue();
        assertThat(save(stream, 8, 1, "{\"n\": 8}")).isTrue();
        assertThat(save(stream, 6, 1, "{\"n\": 6}")).as("an older one, e.g. a slower writer").isFalse();
        assertThat(save(stream, 8, 1, "{\"n\": 88}")).as("the same version again").isFalse();

        StreamSnapshot loaded = load(stream, 1).orElseThrow();
        assertThat(loaded.version()).isEqualTo(8);
        assertThat(loaded.shapeVersion()).isEqualTo(1);
        assertThat(loaded.stateJson()).isEqualTo("{\"n\": 8}");
        assertThat(loaded.takenAt()).isNotNull();
    }

    @Test
    void aSnapshotOfAnotherShapeIsNotLoadedAndANewerShapeReplacesOlderOnes() {
        String stream = streamWith(5);
        assertThat(save(stream, 5, 1, "{\"old\": true}")).isTrue();

        assertThat(load(stream, 2)).as("code reading shape 2 never sees shape 1").isEmpty();

        assertThat(save(stream, 3, 2, "{\"new\": true}")).isTrue();
        assertThat(load(stream, 1)).as("the older shape is dropped with the first snapshot of the newer").isEmpty();
        assertThat(load(stream, 2)).map(StreamSnapshot::version).contains(3L);

        assertThat(save(stream, 5, 1, "{\"old\": true}")).as("older code keeps its own during a rolling upgrade").isTrue();
        assertThat(load(stream, 2)).as("but never drops a newer shape").map(StreamSnapshot::version).contains(3L);
    }

    @Test
    void aSnapshotIsStoredOnlyForAVersionTheStreamHasCommitted() {
        String stream = streamWith(3);

        assertThat(save(stream, 4, 1, "{}")).isFalse();
        assertThat(save("account-" + UUID.randomUUID(), 1, 1, "{}")).isFalse();
        assertThat(load(stream, 1)).isEmpty();
    }

    @Test
    void eventsAfterASnapshotAreReadForManyStreamsInOneQuery() {
        String first = streamWith(7);
        String second = streamWith(3);
        String none = "account-" + UUID.randomUUID();

        Map<String, List<RecordedEvent>> read = store.readStreamsAfter(db.pool,
                new java.util.LinkedHashMap<>(Map.of(first, 5L, second, 0L, none, 0L))).await().atMost(TIMEOUT);

        assertThat(read.get(first)).extracting(RecordedEvent::version).containsExactly(6L, 7L);
        assertThat(read.get(second)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(read.get(none)).isEmpty();
        assertThat(read.get(first).getFirst().payloadJson()).contains("\"n\": 6");
    }

    @Test
    void deletingAStreamsSnapshotsLeavesOthers() {
        String stream = streamWith(2);
        String other = streamWith(2);
        save(stream, 2, 1, "{}");
        save(other, 2, 1, "{}");

        assertThat(snapshots.delete(db.pool, stream).await().atMost(TIMEOUT)).isEqualTo(1);

        assertThat(load(stream, 1)).isEmpty();
        assertThat(load(other, 1)).isPresent();
    }
}
