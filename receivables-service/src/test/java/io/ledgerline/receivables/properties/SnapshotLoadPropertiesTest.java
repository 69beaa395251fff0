package io.ledgerline.receivables.properties;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.StreamSnapshot;
import io.ledgerline.eventstore.StreamSnapshots;
import io.ledgerline.eventstore.UpcasterChain;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.testsupport.MigratedDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 9: on the real PostgreSQL store, an account loaded from a snapshot taken at any version of its stream and
 * the events after it is exactly the account loaded from the first event, for random whole histories (contract inputs
 * and people's commands). The snapshot goes through jsonb and back, as in production.
 */
class SnapshotLoadPropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static MigratedDatabase database;
    private static Pool pool;
    private static EventStore store;
    private static StreamSnapshots snapshots;

    @BeforeContainer
    static void startDatabase() {
        database = new MigratedDatabase("snapshot_load_props", 2, "classpath:db/event-store");
        pool = database.pool();
        store = new EventStore(pool, UpcasterChain.none());
        snapshots = new StreamSnapshots();
    }

    @AfterContainer
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** Every history is the same customer: each try starts from an empty store. */
    @BeforeTry
    void emptyTheStore() {
        pool.query("DELETE FROM stream_snapshots").execute().await().atMost(TIMEOUT);
        pool.query("DELETE FROM events").execute().await().atMost(TIMEOUT);
    }

    @Provide
    Arbitrary<LedgerHistories.History> histories() {
        return LedgerHistories.histories();
    }

    @Property(tries = 150)
    void loading_from_a_snapshot_is_loading_from_the_first_event(@ForAll("histories") LedgerHistories.History history,
                                                               @ForAll @IntRange(min = 1, max = 100) int atPercent) {
        String customerId = history.customerId();
        List<ReceivablesEvent> events = LedgerHistories.run(AccountDecider.initialState(customerId), history.actions())
                .events();
        String streamId = AccountEvents.streamId(customerId);
        List<EventToAppend> appends = events.stream().map(e -> AccountEvents.toAppend(e, "{}")).toList();
        pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(streamId, 0, appends))))
                .await().atMost(TIMEOUT);
        int at = events.size() * atPercent / 100;
        if (at > 0) {
            String state = AccountDecider.replay(customerId, events.subList(0, at)).toJson();
            assertThat(snapshots.save(pool, new StreamSnapshot(streamId, at, Account.JSON_SHAPE, state))
                    .await().atMost(TIMEOUT)).isTrue();
        }
        // Never writes snapshots itself (the stream is never that far past one): the load is all this checks.
        AccountRepository withSnapshots = new AccountRepository(store, snapshots, 10, Integer.MAX_VALUE);
        AccountRepository withoutSnapshots = new AccountRepository(store, snapshots, 10, 0);

        AccountRepository.Loaded fromSnapshot = withSnapshots.loadFresh(pool, customerId).await().atMost(TIMEOUT);
        AccountRepository.Loaded fromFirstEvent = withoutSnapshots.loadFresh(pool, customerId).await().atMost(TIMEOUT);

        assertThat(withSnapshots.loadCounts().eventsFolded()).as("only the events after the snapshot")
                .isEqualTo(events.size() - at);
        assertThat(withoutSnapshots.loadCounts().eventsFolded()).isEqualTo(events.size());
        assertThat(fromSnapshot.version()).isEqualTo(fromFirstEvent.version()).isEqualTo(events.size());
        assertThat(fromSnapshot.account()).isEqualTo(fromFirstEvent.account());
        assertThat(fromSnapshot.account().toJson()).isEqualTo(fromFirstEvent.account().toJson());
    }
}
