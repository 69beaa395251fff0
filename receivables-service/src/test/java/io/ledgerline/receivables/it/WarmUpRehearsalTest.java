package io.ledgerline.receivables.it;

import io.ledgerline.receivables.ingest.IngestWarmUp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start's warm-up runs two made-up polls through the real ingest transaction and rolls it back: the records go
 * the whole way (the second poll folds what the first appended, inside the transaction), and afterwards nothing of
 * them is in the store, the inbox, the rejected records' outbox or the quarantine, so the relays have nothing to
 * publish.
 */
@QuarkusTest
class WarmUpRehearsalTest extends LedgerTestBase {

    @Inject
    IngestWarmUp warmUp;

    @Inject
    Pool pool;

    @Test
    void the_rehearsed_polls_go_the_whole_way_and_leave_nothing_behind() throws Throwable {
        long positionBefore = count("SELECT last_value FROM events_position_seq");
        // 2 made-up customers of 100 records each; the repeated record and the invalid one are not accepted.
        assertThat(warmUp.rehearse()).isEqualTo(200);

        // Their events were appended (a sequence does not go back on a rollback) ...
        assertThat(count("SELECT last_value FROM events_position_seq")).isGreaterThanOrEqualTo(positionBefore + 200);
        // ... and rolled back.

        assertThat(count("SELECT count(*) FROM events WHERE stream_id LIKE 'account-warm-up-%'")).isZero();
        assertThat(count("SELECT count(*) FROM inbox WHERE message_id LIKE '%warm-up-%'")).isZero();
        assertThat(count("SELECT count(*) FROM record_outbox WHERE convert_from(key, 'UTF8') LIKE 'warm-up-%'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM quarantined_keys WHERE key LIKE 'warm-up-%'")).isZero();
    }

    private long count(String sql) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.query(sql).execute()
                .map(rows -> rows.iterator().next().getLong(0)));
    }
}
