package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * An ingest poll that PostgreSQL rolls back to break a deadlock (40P01) with another writer on the same account (the
 * flows consumer, a command) wrote nothing, so it is decided again at once on fresh state, as often as it takes within
 * the budget for lost races: it is not the poll's own fault, so it must never be narrowed down and quarantined, which
 * is what the outage retry does after three failures while the database answers.
 * <p>
 * A real deadlock cannot be timed deterministically in a test, so a trigger on the event store's table raises
 * PostgreSQL's own deadlock error for this test's customer's stream the first five times it is written (a sequence
 * counts: it is not rolled back with the transaction). Five is more than the outage retry's three.
 */
@QuarkusTest
class IngestLostRaceTest extends LedgerTestBase {

    private static final int DEADLOCKS = 5;

    @Inject
    Pool pool;

    private String suffix;

    @AfterEach
    void dropTrigger() {
        if (suffix != null) {
            sql("DROP TRIGGER IF EXISTS deadlock_" + suffix + " ON events");
            sql("DROP FUNCTION IF EXISTS deadlock_" + suffix + "()");
            sql("DROP SEQUENCE IF EXISTS deadlock_" + suffix);
        }
    }

    @Test
    void a_poll_chosen_as_deadlock_victim_is_decided_again_at_once_and_never_quarantined() {
        suffix = customer.replaceAll("[^A-Za-z0-9]", "_").toLowerCase();
        sql("CREATE SEQUENCE deadlock_" + suffix);
        sql("""
                CREATE FUNCTION deadlock_%1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.stream_id = 'account-%2$s' AND nextval('deadlock_%1$s') <= %3$d THEN
                    RAISE EXCEPTION 'deadlock detected (raised by a test)' USING ERRCODE = '40P01';
                  END IF;
                  RETURN NEW;
                END $$""".formatted(suffix, customer, DEADLOCKS));
        sql("CREATE TRIGGER deadlock_" + suffix + " BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION deadlock_"
                + suffix + "()");

        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", "300.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("300.00")));
        assertThat(count("SELECT count(*) FROM events WHERE stream_id = $1", "account-" + customer)).isEqualTo(1);
        // Every planned deadlock happened, then the attempt that went through.
        assertThat(count("SELECT last_value FROM deadlock_" + suffix, null)).isEqualTo(DEADLOCKS + 1);
        assertThat(count("SELECT count(*) FROM quarantined_keys WHERE key = $1", customer)).isZero();
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().atMost(Duration.ofSeconds(10));
    }

    private long count(String query, String parameter) {
        var prepared = pool.preparedQuery(query);
        return (parameter == null ? prepared.execute() : prepared.execute(Tuple.of(parameter)))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(10));
    }
}
