package io.ledgerline.eventstore;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.ledgerline.eventstore.TestEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug this store is built to avoid: a transaction that took a lower position commits after one with a higher
 * position. A reader tailing position alone would have moved past the first event before it became visible, and
 * never returned it. Reading in (tx_id, position) order below the snapshot's xmin holds the reader back instead.
 */
class LateCommitTest {

    private static TestDatabase db;
    private static EventStore store;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("late_commit_test");
        store = new EventStore(db.pool, UpcasterChain.none());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    /** A tailing reader as the relay and projections run it: read after the checkpoint, move it to the last event. */
    private static final class TailingReader {
        private GlobalPosition checkpoint = GlobalPosition.START;
        private final List<UUID> seen = new ArrayList<>();

        List<UUID> poll() {
            List<RecordedEvent> batch = store.readAllAfter(db.pool, checkpoint, 2).await().indefinitely();
            if (!batch.isEmpty()) {
                checkpoint = batch.getLast().globalPosition();
            }
            List<UUID> ids = batch.stream().map(RecordedEvent::eventId).toList();
            seen.addAll(ids);
            return ids;
        }

        void pollUntilEmpty() {
            while (!poll().isEmpty()) {
                // Each poll returns at most two events; keep going until caught up.
            }
        }
    }

    @Test
    void aReaderWaitsForTheEarlierTransactionAndThenReturnsEveryEventExactlyOnceInOrder() {
        StreamAppend before = append("before-" + UUID.randomUUID(), 0, 1);
        db.pool.withTransaction(tx -> store.append(tx, List.of(before))).await().indefinitely();
        TailingReader reader = new TailingReader();
        reader.pollUntilEmpty();
        assertThat(reader.seen).containsExactly(id(before, 0));

        StreamAppend late = append("late-" + UUID.randomUUID(), 0, 2);
        StreamAppend early = append("early-" + UUID.randomUUID(), 0, 1);
        SqlConnection connectionA = db.pool.getConnectionAndAwait();
        try {
            // A inserts first (so it holds the lower tx_id and the lower positions) but does not commit yet.
            Transaction a = connectionA.beginAndAwait();
            store.append(connectionA, List.of(late)).await().indefinitely();
            // B starts after A, inserts and commits.
            db.pool.withTransaction(tx -> store.append(tx, List.of(early))).await().indefinitely();
            assertThat(store.readStream(db.pool, early.streamId()).await().indefinitely())
                    .as("B is committed and visible to an ordinary read").hasSize(1);
            // A's rows are visible only inside A until it commits.
            List<Long> latePositions = positionsOf(connectionA, late);
            List<Long> earlyPositions = positionsOf(db.pool, early);
            assertThat(latePositions).hasSize(2).allSatisfy(position ->
                    assertThat(position).isLessThan(earlyPositions.getFirst()));

            assertThat(reader.poll()).as("the reader must not move past A while A is open").isEmpty();
            assertThat(reader.poll()).isEmpty();
            assertThat(store.head(db.pool).await().indefinitely()).isEqualTo(reader.checkpoint);
            assertThat(store.heldBackAfter(db.pool, reader.checkpoint).await().indefinitely())
                    .as("B's committed event waits behind A: a tailing reader should look again soon").isTrue();

            a.commitAndAwait();
        } finally {
            connectionA.closeAndAwait();
        }

        reader.pollUntilEmpty();
        assertThat(reader.seen).containsExactly(id(before, 0), id(late, 0), id(late, 1), id(early, 0));
        assertThat(store.heldBackAfter(db.pool, reader.checkpoint).await().indefinitely())
                .as("nothing committed waits once A has committed and the reader has caught up").isFalse();
        // A transaction still open at the end of the global order holds nothing back: its events are not committed.
        SqlConnection connectionC = db.pool.getConnectionAndAwait();
        try {
            Transaction c = connectionC.beginAndAwait();
            store.append(connectionC, List.of(append("open-" + UUID.randomUUID(), 0, 3))).await().indefinitely();
            assertThat(store.heldBackAfter(db.pool, reader.checkpoint).await().indefinitely())
                    .as("only an open transaction's events after the reader").isFalse();
            c.rollbackAndAwait();
        } finally {
            connectionC.closeAndAwait();
        }
        assertThat(reader.poll()).isEmpty();
        assertThat(store.head(db.pool).await().indefinitely()).isEqualTo(reader.checkpoint);
        assertThat(store.countAfter(db.pool, GlobalPosition.START).await().indefinitely()).isEqualTo(4);
    }

    @Test
    void theHeldBackCheckReadsTheNewestCommittedEventAloneHoweverLargeTheOpenTransactionBeforeIt() {
        // A database of its own: the test above counts every event of its database.
        try (TestDatabase own = new TestDatabase("held_back_cost_test")) {
            EventStore ownStore = new EventStore(own.pool, UpcasterChain.none());
            own.pool.withTransaction(tx -> ownStore.append(tx, List.of(append("before-" + UUID.randomUUID(), 0, 1))))
                    .await().indefinitely();
            GlobalPosition caughtUp = ownStore.head(own.pool).await().indefinitely();
            SqlConnection connectionA = own.pool.getConnectionAndAwait();
            try {
                // A relay waiting behind a large open transaction asks this every few milliseconds: its cost must not
                // grow with that transaction (here 10,000 events, invisible to the check).
                Transaction a = connectionA.beginAndAwait();
                ownStore.append(connectionA, List.of(append("large-" + UUID.randomUUID(), 0, 10_000)))
                        .await().indefinitely();
                own.pool.withTransaction(tx -> ownStore.append(tx, List.of(append("after-" + UUID.randomUUID(), 0, 1))))
                        .await().indefinitely();
                assertThat(ownStore.heldBackAfter(own.pool, caughtUp).await().indefinitely()).isTrue();
                String plan = own.pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS) " + EventStore.HELD_BACK)
                        .execute(Tuple.of(String.valueOf(caughtUp.txId()), caughtUp.position()))
                        .await().indefinitely().stream().map(row -> row.getString(0))
                        .collect(Collectors.joining("\n"));
                Matcher buffers = Pattern.compile("Buffers: shared hit=(\\d+)(?: read=(\\d+))?").matcher(plan);
                assertThat(buffers.find()).as(plan).isTrue();
                long touched = Long.parseLong(buffers.group(1))
                        + (buffers.group(2) == null ? 0 : Long.parseLong(buffers.group(2)));
                assertThat(touched).as("buffers the check touched (its whole plan's):%n%s", plan).isLessThan(50);
                a.rollbackAndAwait();
            } finally {
                connectionA.closeAndAwait();
            }
        }
    }

    private static UUID id(StreamAppend append, int index) {
        return append.events().get(index).eventId();
    }

    private static List<Long> positionsOf(SqlClient client, StreamAppend append) {
        return client.preparedQuery("SELECT position FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY position")
                .execute(Tuple.tuple().addArrayOfUUID(
                        append.events().stream().map(EventToAppend::eventId).toArray(UUID[]::new)))
                .await().indefinitely()
                .stream().map(row -> row.getLong(0)).toList();
    }
}
