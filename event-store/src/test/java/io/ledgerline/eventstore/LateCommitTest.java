package io.ledgerline.eventstore;

import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.ledgerline.eventstore.TestEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bug this store is built to avoid: a transaction that took a lower position commits after one with a higher
 * position. A reader tailing position alone would have moved past the first event before it became visible, and
 * never returned it. Reading in (tx_id, position) order below the snapshot's xmin holds the reader back instead.
 */
class LateCommitTest {

    private static TestDatabase db;
    /** Another database of the same server: another service's. */
    private static TestDatabase other;
    private static EventStore store;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("late_commit_test");
        other = new TestDatabase("late_commit_other");
        store = new EventStore(db.pool, UpcasterChain.none());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
        other.close();
    }

    /** The two ways to read the global order: held back by the whole server's transactions, or this database's. */
    enum Read {
        SERVER_WIDE, THIS_DATABASE;

        List<RecordedEvent> after(GlobalPosition checkpoint, int limit) {
            return (this == SERVER_WIDE ? store.readAllAfter(db.pool, checkpoint, limit)
                    : store.readAllCommittedAfter(db.pool, checkpoint, limit)).await().indefinitely();
        }
    }

    /** A tailing reader as the relay and projections run it: read after the checkpoint, move it to the last event. */
    private static final class TailingReader {
        private final Read read;
        private GlobalPosition checkpoint = GlobalPosition.START;
        private final List<UUID> seen = new ArrayList<>();

        TailingReader(Read read) {
            this.read = read;
        }

        List<UUID> poll() {
            List<RecordedEvent> batch = read.after(checkpoint, 2);
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

    @ParameterizedTest
    @EnumSource(Read.class)
    void aReaderWaitsForTheEarlierTransactionAndThenReturnsEveryEventExactlyOnceInOrder(Read read) {
        TailingReader reader = new TailingReader(read);
        reader.pollUntilEmpty();
        reader.seen.clear();
        StreamAppend before = append("before-" + UUID.randomUUID(), 0, 1);
        db.pool.withTransaction(tx -> store.append(tx, List.of(before))).await().indefinitely();
        reader.pollUntilEmpty();
        assertThat(reader.seen).containsExactly(id(before, 0));
        long eventsBefore = store.countAfter(db.pool, GlobalPosition.START).await().indefinitely();

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
        assertThat(reader.poll()).isEmpty();
        assertThat(store.head(db.pool).await().indefinitely()).isEqualTo(reader.checkpoint);
        assertThat(store.countAfter(db.pool, GlobalPosition.START).await().indefinitely())
                .isEqualTo(eventsBefore + 3);
    }

    /**
     * A transaction open in another database of the server (another service's, which cannot append here) holds
     * back the server-wide read but not the read of this database's writers; one of this database's, even one that
     * got its transaction id before the other database's and appends only later, still holds it back.
     */
    @Test
    void onlyThisDatabasesTransactionsHoldTheReaderOfThisDatabaseBack() {
        TailingReader serverWide = new TailingReader(Read.SERVER_WIDE);
        TailingReader thisDatabase = new TailingReader(Read.THIS_DATABASE);
        serverWide.pollUntilEmpty();
        thisDatabase.pollUntilEmpty();
        serverWide.seen.clear();
        thisDatabase.seen.clear();

        StreamAppend first = append("first-" + UUID.randomUUID(), 0, 1);
        StreamAppend second = append("second-" + UUID.randomUUID(), 0, 1);
        StreamAppend third = append("third-" + UUID.randomUUID(), 0, 1);
        SqlConnection local = db.pool.getConnectionAndAwait();
        SqlConnection elsewhere = other.pool.getConnectionAndAwait();
        try {
            // This database's transaction takes its id first but appends nothing yet (a poll's inbox row first).
            Transaction localTx = local.beginAndAwait();
            local.query("SELECT pg_current_xact_id()").execute().await().indefinitely();
            // Another database's transaction takes a later id and stays open.
            Transaction elsewhereTx = elsewhere.beginAndAwait();
            elsewhere.query("SELECT pg_current_xact_id()").execute().await().indefinitely();
            // An event committed meanwhile is behind both.
            db.pool.withTransaction(tx -> store.append(tx, List.of(first))).await().indefinitely();
            assertThat(thisDatabase.poll()).as("behind this database's open transaction").isEmpty();
            assertThat(serverWide.poll()).isEmpty();

            // The local transaction appends, then ends; the other database's is still open.
            store.append(local, List.of(second)).await().indefinitely();
            localTx.commitAndAwait();
            db.pool.withTransaction(tx -> store.append(tx, List.of(third))).await().indefinitely();
            thisDatabase.pollUntilEmpty();
            assertThat(thisDatabase.seen).as("not held back by another database's transaction")
                    .containsExactly(id(second, 0), id(first, 0), id(third, 0));
            assertThat(serverWide.poll()).as("the server-wide read stops below the other database's transaction")
                    .containsExactly(id(second, 0));
            assertThat(serverWide.poll()).isEmpty();

            elsewhereTx.commitAndAwait();
        } finally {
            local.closeAndAwait();
            elsewhere.closeAndAwait();
        }
        serverWide.pollUntilEmpty();
        assertThat(serverWide.seen).containsExactly(id(second, 0), id(first, 0), id(third, 0));
        assertThat(thisDatabase.poll()).isEmpty();
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
