package io.ledgerline.eventstore;

import io.vertx.mutiny.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.ledgerline.eventstore.TestEvents.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

class EventStoreTest {

    private static TestDatabase db;
    private static EventStore store;
    private static Inbox inbox;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("event_store_test");
        store = new EventStore(db.pool, UpcasterChain.none());
        inbox = new Inbox();
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    private static String newStream() {
        return "account-" + UUID.randomUUID();
    }

    private static void appendInTransaction(List<StreamAppend> appends) {
        db.pool.withTransaction(tx -> store.append(tx, appends)).await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void appendedEventsAreReadBackInVersionOrderWithEverythingThatWasWritten() {
        String stream = newStream();
        StreamAppend first = append(stream, 0, 2);
        appendInTransaction(List.of(first));
        StreamAppend second = append(stream, 2, 1);
        appendInTransaction(List.of(second));

        List<RecordedEvent> events = store.readStream(db.pool, stream).await().indefinitely();

        assertThat(events).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(RecordedEvent::eventId).containsExactly(
                first.events().get(0).eventId(), first.events().get(1).eventId(), second.events().get(0).eventId());
        RecordedEvent event = events.getFirst();
        assertThat(event.streamId()).isEqualTo(stream);
        assertThat(event.eventType()).isEqualTo("InvoiceIssued");
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.partitionKey()).isEqualTo("customer-1");
        assertThat(event.payloadJson()).isEqualTo("{\"n\": 1, \"stream\": \"" + stream + "\"}");
        assertThat(event.metadataJson()).isEqualTo("{\"source\": \"test\"}");
        assertThat(event.recordedAt()).isNotNull();
        assertThat(event.txId()).isPositive();
        assertThat(events.get(1).position()).isGreaterThan(event.position());
        assertThat(store.readStream(db.pool, newStream()).await().indefinitely()).isEmpty();
    }

    @Test
    void readBetweenWithoutMetadataReturnsTheSameEventsWithNoMetadata() {
        String stream = newStream();
        appendInTransaction(List.of(append(stream, 0, 3)));
        List<RecordedEvent> written = store.readStream(db.pool, stream).await().indefinitely();
        GlobalPosition after = new GlobalPosition(written.getFirst().txId(), written.getFirst().position() - 1);
        GlobalPosition upTo = written.getLast().globalPosition();

        List<RecordedEvent> full = store.readBetween(db.pool, after, upTo, 10).await().indefinitely();
        List<RecordedEvent> bare = store.readBetween(db.pool, after, upTo, 10, false).await().indefinitely();

        assertThat(full).isEqualTo(written);
        assertThat(bare).extracting(RecordedEvent::metadataJson).containsOnlyNulls();
        assertThat(bare).usingRecursiveFieldByFieldElementComparatorIgnoringFields("metadataJson").isEqualTo(written);
    }

    @Test
    void oneAppendWritesSeveralStreamsInOneTransactionAndReadStreamsReturnsEachInOneQuery() {
        String a = newStream();
        String b = newStream();
        String empty = newStream();
        appendInTransaction(List.of(append(a, 0, 3), append(b, 0, 2)));

        Map<String, List<RecordedEvent>> streams = store.readStreams(db.pool, List.of(a, b, empty)).await().indefinitely();

        assertThat(streams.get(a)).extracting(RecordedEvent::version).containsExactly(1L, 2L, 3L);
        assertThat(streams.get(b)).extracting(RecordedEvent::version).containsExactly(1L, 2L);
        assertThat(streams.get(empty)).isEmpty();
        // One transaction: every event carries the same transaction id, and positions follow the streams' order (by
        // stream id, see severalStreamsAreTakenInStreamIdOrderWhateverOrderTheCallerGivesThem), each stream's in its own.
        List<RecordedEvent> all = new ArrayList<>(streams.get(a.compareTo(b) < 0 ? a : b));
        all.addAll(streams.get(a.compareTo(b) < 0 ? b : a));
        assertThat(all).extracting(RecordedEvent::txId).containsOnly(all.getFirst().txId());
        assertThat(all).extracting(RecordedEvent::position).isSorted();
    }

    @Test
    void aConflictInOneStreamRollsBackTheWholeBatch() {
        String existing = newStream();
        appendInTransaction(List.of(append(existing, 0, 1)));
        String fresh = newStream();

        assertThatThrownBy(() -> appendInTransaction(List.of(append(fresh, 0, 2), append(existing, 0, 1))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(existing);
                    assertThat(conflict.expectedVersion()).isZero();
                });
        assertThat(store.readStream(db.pool, fresh).await().indefinitely()).isEmpty();
    }

    @Test
    void anExpectedVersionAheadOfTheStreamIsAConflictToo() {
        String stream = newStream();
        appendInTransaction(List.of(append(stream, 0, 2)));

        assertThatThrownBy(() -> appendInTransaction(List.of(append(stream, 5, 1))))
                .isInstanceOfSatisfying(ConcurrencyConflict.class,
                        conflict -> assertThat(conflict.expectedVersion()).isEqualTo(5));
        assertThat(store.readStream(db.pool, stream).await().indefinitely()).hasSize(2);
    }

    @Test
    void twoConcurrentAppendsAtTheSameExpectedVersionOneSucceedsTheOtherConflicts() throws Exception {
        String stream = newStream();
        StreamAppend initial = append(stream, 0, 1);
        appendInTransaction(List.of(initial));
        StreamAppend mine = append(stream, 1, 1);
        StreamAppend theirs = append(stream, 1, 1);

        // Both transactions insert before either commits: the second waits on the unique index for the first.
        SqlConnection first = db.pool.getConnectionAndAwait();
        SqlConnection second = db.pool.getConnectionAndAwait();
        try {
            var firstTx = first.beginAndAwait();
            var secondTx = second.beginAndAwait();
            store.append(first, List.of(mine)).await().indefinitely();
            CompletableFuture<Void> blocked = store.append(second, List.of(theirs)).subscribeAsCompletionStage();
            assertThat(catchThrowable(() -> blocked.get(300, TimeUnit.MILLISECONDS)))
                    .as("the second append waits for the first transaction")
                    .isInstanceOf(TimeoutException.class);
            firstTx.commitAndAwait();

            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(ConcurrencyConflict.class, conflict -> {
                        assertThat(conflict.streamId()).isEqualTo(stream);
                        assertThat(conflict.expectedVersion()).isEqualTo(1);
                    });
            secondTx.rollbackAndAwait();
        } finally {
            first.closeAndAwait();
            second.closeAndAwait();
        }
        assertThat(store.readStream(db.pool, stream).await().indefinitely())
                .extracting(RecordedEvent::eventId)
                .containsExactly(initial.events().getFirst().eventId(), mine.events().getFirst().eventId());
    }

    @Test
    void severalStreamsAreTakenInStreamIdOrderWhateverOrderTheCallerGivesThem() {
        String a = "account-a-" + UUID.randomUUID();
        String b = "account-b-" + UUID.randomUUID();
        String c = "account-c-" + UUID.randomUUID();
        List<StreamAppend> given = List.of(append(c, 0, 2), append(a, 0, 1), append(b, 0, 2));

        assertThat(EventStore.lockOrder(given)).extracting(StreamAppend::streamId).containsExactly(a, b, c);
        appendInTransaction(given);

        // The rows were inserted (and their unique entries taken) in that order: their positions say so.
        List<RecordedEvent> written = store.readStreams(db.pool, List.of(a, b, c)).await().indefinitely().values()
                .stream().flatMap(List::stream).sorted(Comparator.comparingLong(RecordedEvent::position)).toList();
        assertThat(written).extracting(RecordedEvent::streamId).containsExactly(a, b, b, c, c);
        assertThat(written).extracting(RecordedEvent::version).containsExactly(1L, 1L, 2L, 1L, 2L);
    }

    /**
     * Two transactions append to the same two streams, named in opposite orders (as ingest and the flows consumer may
     * name the same accounts), both held up behind a third transaction's uncommitted event on the stream that sorts
     * first, then let go at once. Taken in the order given, the one that named the other stream first would already
     * hold it, and whichever got the first stream next would wait for it: a deadlock in about half of the rounds
     * (SQLSTATE 40P01, seen before the streams were sorted). Taken in one order, neither holds anything while it
     * waits: one appends, the other fails on the stream version, every round.
     */
    @Test
    void appendsNamingTheSameStreamsInOppositeOrdersDoNotDeadlock() throws Exception {
        for (int round = 0; round < 8; round++) {
            String x = newStream();
            String y = newStream();
            String first = x.compareTo(y) < 0 ? x : y;
            String second = first.equals(x) ? y : x;
            SqlConnection holder = db.pool.getConnectionAndAwait();
            SqlConnection one = db.pool.getConnectionAndAwait();
            SqlConnection two = db.pool.getConnectionAndAwait();
            try {
                var holding = holder.beginAndAwait();
                store.append(holder, List.of(append(first, 0, 1))).await().atMost(Duration.ofSeconds(10));
                var oneTx = one.beginAndAwait();
                var twoTx = two.beginAndAwait();
                CompletableFuture<Void> forward = store.append(one, List.of(append(first, 0, 1), append(second, 0, 1)))
                        .subscribeAsCompletionStage();
                CompletableFuture<Void> backward = store.append(two, List.of(append(second, 0, 1), append(first, 0, 1)))
                        .subscribeAsCompletionStage();
                await().atMost(Duration.ofSeconds(10)).until(() -> sessionsWaitingForALock() >= 2);
                holding.rollbackAndAwait();

                List<Throwable> failures = new ArrayList<>();
                CompletableFuture.anyOf(forward, backward).handle((done, failed) -> null).get(10, TimeUnit.SECONDS);
                // The first to finish commits (or rolls back), which lets the other one finish.
                boolean forwardFirst = forward.isDone();
                finish(forwardFirst ? forward : backward, forwardFirst ? oneTx : twoTx, failures);
                finish(forwardFirst ? backward : forward, forwardFirst ? twoTx : oneTx, failures);

                assertThat(failures).as("round %d", round).singleElement().isInstanceOf(ConcurrencyConflict.class);
                assertThat(store.readStreams(db.pool, List.of(first, second)).await().indefinitely().values())
                        .as("one of the two appends, whole").allSatisfy(events -> assertThat(events).hasSize(1));
            } finally {
                holder.closeAndAwait();
                one.closeAndAwait();
                two.closeAndAwait();
            }
        }
    }

    private static long sessionsWaitingForALock() {
        return db.pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock'").execute().await().indefinitely().iterator().next().getLong(0);
    }

    /** Waits for an append, then commits its transaction, or rolls it back and keeps why it failed. */
    private static void finish(CompletableFuture<Void> append, io.vertx.mutiny.sqlclient.Transaction tx,
                               List<Throwable> failures) throws Exception {
        try {
            append.get(10, TimeUnit.SECONDS);
            tx.commitAndAwait();
        } catch (java.util.concurrent.ExecutionException e) {
            failures.add(e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause());
            tx.rollbackAndAwait();
        }
    }

    @Test
    void racingAppendsThroughThePoolLetExactlyOneWin() {
        String stream = newStream();
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            racers.add(db.pool.withTransaction(tx -> store.append(tx, List.of(append(stream, 0, 2))))
                    .subscribeAsCompletionStage());
        }
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<Void> racer : racers) {
            try {
                racer.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                failures.add(e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause());
            }
        }

        assertThat(failures).hasSize(3).allMatch(ConcurrencyConflict.class::isInstance);
        assertThat(store.readStream(db.pool, stream).await().indefinitely()).hasSize(2);
    }

    @Test
    void inboxReturnsOnlyTheIdsItHasNotSeenForThatConsumer() {
        String consumer = "ingest-" + UUID.randomUUID();

        Set<String> first = db.pool.withTransaction(tx -> inbox.recordNew(tx, consumer, List.of("m1", "m2", "m3")))
                .await().indefinitely();
        Set<String> second = db.pool.withTransaction(tx -> inbox.recordNew(tx, consumer, List.of("m2", "m3", "m4", "m4")))
                .await().indefinitely();
        Set<String> otherConsumer = db.pool.withTransaction(tx -> inbox.recordNew(tx, consumer + "-other", List.of("m1")))
                .await().indefinitely();

        assertThat(first).containsExactlyInAnyOrder("m1", "m2", "m3");
        assertThat(second).containsExactly("m4");
        assertThat(otherConsumer).containsExactly("m1");
    }
}
