package io.ledgerline.receivables.properties;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.UpcasterChain;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.testsupport.MigratedDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 6: the events the decider emits, stored in the real PostgreSQL event store and read back, replay to the
 * very account that was built live. This is what the service relies on whenever it rebuilds an account from its
 * stream (a cold cache, a restart, a projection rebuild): JSON round trips of amounts, dates, enums and optional
 * fields must lose nothing.
 */
class LedgerReplayPropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static MigratedDatabase database;
    private static Pool pool;
    private static EventStore store;

    /** One database for the class: creating and migrating one per try would dominate the run time. */
    @BeforeContainer
    static void startDatabase() {
        database = new MigratedDatabase("ledger_replay_props", 2, "classpath:db/event-store");
        pool = database.pool();
        store = new EventStore(pool, UpcasterChain.none());
    }

    @AfterContainer
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /**
     * Every scenario is the same customer, so each try starts from an empty store: the append at expected version 0
     * is then a real "new stream" append, as for a customer's first record.
     */
    @BeforeTry
    void emptyTheStore() {
        pool.query("DELETE FROM events").execute().await().atMost(TIMEOUT);
    }

    @Provide
    Arbitrary<LedgerScenario> scenarios() {
        return LedgerScenarios.scenarios();
    }

    @Property(tries = 200)
    void stored_events_replay_to_the_live_account(@ForAll("scenarios") LedgerScenario scenario) {
        Ledger.Fold live = Ledger.fold(scenario.customerId(), scenario.arrival());
        String streamId = AccountEvents.streamId(scenario.customerId());
        List<EventToAppend> appends = live.events().stream()
                .map(event -> AccountEvents.toAppend(event, "{\"test\":\"LedgerReplayPropertiesTest\"}"))
                .toList();

        pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(streamId, 0, appends))))
                .await().atMost(TIMEOUT);
        List<ReceivablesEvent> readBack = store.readStream(pool, streamId).await().atMost(TIMEOUT).stream()
                .map(AccountEvents::fromRecorded)
                .toList();
        Account replayed = AccountDecider.replay(scenario.customerId(), readBack);

        // The events themselves first: a difference there names the field that did not survive the round trip.
        assertThat(readBack).isEqualTo(live.events());
        assertThat(replayed).isEqualTo(live.account());
    }
}
