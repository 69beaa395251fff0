package io.ledgerline.eventstore;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ledgerline.eventstore.TestEvents.append;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The global order is numeric in transaction ids. Compared as text, "1000" sorts before "999": a reader would take
 * the later event first, move its checkpoint past the earlier one, and skip it for good. The test makes two events
 * whose transaction ids straddle a power of ten and reads them one at a time.
 */
class GlobalOrderTest {

    private static TestDatabase db;
    private static EventStore store;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("global_order_test");
        store = new EventStore(db.pool, UpcasterChain.none());
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Test
    void events_are_read_in_numeric_transaction_order_across_a_power_of_ten() {
        appendIn("stream-before");
        long before = store.head(db.pool).await().indefinitely().txId();
        long powerOfTen = (long) Math.pow(10, Long.toString(before).length());
        // Transaction ids are cluster-wide: use up the ones below the next power of ten, each in its own commit.
        db.pool.query("DO $$ BEGIN FOR i IN 1.." + (powerOfTen - before) + " LOOP PERFORM pg_current_xact_id();"
                + " COMMIT; END LOOP; END $$").execute().await().indefinitely();
        appendIn("stream-after");
        long after = store.head(db.pool).await().indefinitely().txId();
        assertThat(Long.toString(after).length()).isGreaterThan(Long.toString(before).length());

        List<RecordedEvent> first = store.readAllAfter(db.pool, GlobalPosition.START, 1).await().indefinitely();
        assertThat(first).extracting(RecordedEvent::streamId).containsExactly("stream-before");
        List<RecordedEvent> second = store.readAllAfter(db.pool, first.getFirst().globalPosition(), 1)
                .await().indefinitely();
        assertThat(second).extracting(RecordedEvent::streamId).containsExactly("stream-after");
        assertThat(store.head(db.pool).await().indefinitely()).isEqualTo(second.getFirst().globalPosition());
    }

    private static void appendIn(String stream) {
        db.pool.withTransaction(tx -> store.append(tx, List.of(append(stream, 0, 1)))).await().indefinitely();
    }
}
