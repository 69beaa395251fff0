package io.ledgerline.receivables.ledger;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.StreamSnapshot;
import io.ledgerline.eventstore.StreamSnapshots;
import io.ledgerline.eventstore.UpcasterChain;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.testsupport.MigratedDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Long streams on a real PostgreSQL: an account of thousands of events is loaded from its snapshot and the events
 * after it, the snapshot is written once the stream has grown enough and only from committed events, and a snapshot
 * that is of another shape or unreadable is ignored (the stream is folded from the first event, to the same account).
 */
class AccountSnapshotsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int SNAPSHOT_EVERY = 500;

    private static MigratedDatabase database;
    private static Pool pool;
    private static EventStore store;
    private static StreamSnapshots snapshots;

    @BeforeAll
    static void startDatabase() {
        database = new MigratedDatabase("account_snapshots", 4, "classpath:db/event-store");
        pool = database.pool();
        store = new EventStore(pool, UpcasterChain.none());
        snapshots = new StreamSnapshots();
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    /** A customer's ledger as it grows: every invoice paid by a payment of the same amount (applied to it). */
    private static final class LongLedger {
        final String customerId;
        final Account account;
        long version;
        int documents;

        LongLedger(String customerId) {
            this.customerId = customerId;
            this.account = AccountDecider.initialState(customerId);
        }

        /** Decides {@code invoices} more invoices and their payments, and appends their events in one transaction. */
        List<ReceivablesEvent> grow(int invoices) {
            List<ReceivablesEvent> events = new ArrayList<>();
            for (int i = 0; i < invoices; i++) {
                int n = ++documents;
                LocalDate day = LocalDate.of(2026, 1, 1).plusDays(n % 300);
                BigDecimal amount = new BigDecimal(100 + n % 900 + ".25");
                decide(new IngestEvent.InvoiceIssued("INV-" + n, customerId, day, day.plusDays(30), "EUR", amount,
                        null, null), events);
                decide(new IngestEvent.PaymentReceived("PAY-" + n, customerId, day.plusDays(10), "EUR", amount,
                        PaymentMethod.SEPA, "INV-" + n, null), events);
            }
            List<io.ledgerline.eventstore.EventToAppend> appends = events.stream()
                    .map(e -> AccountEvents.toAppend(e, "{}")).toList();
            pool.withTransaction(tx -> store.append(tx,
                    List.of(new StreamAppend(AccountEvents.streamId(customerId), version, appends))))
                    .await().atMost(TIMEOUT);
            version += events.size();
            return events;
        }

        private void decide(IngestEvent input, List<ReceivablesEvent> events) {
            Decision.Accepted accepted = (Decision.Accepted) AccountDecider.decide(input, account);
            accepted.events().forEach(account::evolve);
            events.addAll(accepted.events());
        }
    }

    private static Optional<StreamSnapshot> snapshotOf(String customerId) {
        return snapshots.load(pool, AccountEvents.streamId(customerId), Account.JSON_SHAPE).await().atMost(TIMEOUT);
    }

    private static AccountRepository repository() {
        return new AccountRepository(store, snapshots, 100, SNAPSHOT_EVERY);
    }

    private static AccountRepository.Loaded loadFresh(AccountRepository accounts, String customerId) {
        return accounts.loadFresh(pool, customerId).await().atMost(TIMEOUT);
    }

    @Test
    void aLongStreamIsLoadedFromItsSnapshotAndTheEventsAfterIt() {
        LongLedger ledger = new LongLedger("C-LONG");
        ledger.grow(1000);
        assertThat(ledger.version).as("a long stream").isGreaterThanOrEqualTo(3000);
        AccountRepository accounts = repository();

        AccountRepository.Loaded first = loadFresh(accounts, ledger.customerId);

        assertThat(accounts.loadCounts().eventsFolded()).as("no snapshot yet: the whole stream").isEqualTo(ledger.version);
        assertThat(first.version()).isEqualTo(ledger.version);
        assertThat(first.account().toJson()).isEqualTo(ledger.account.toJson());
        // The load found the stream far past any snapshot: one is written after it, from the committed stream.
        long snapshotAt = ledger.version;
        await().atMost(TIMEOUT).until(() -> snapshotOf(ledger.customerId).map(StreamSnapshot::version),
                version -> version.equals(Optional.of(snapshotAt)));
        assertThat(accounts.loadCounts().snapshotsWritten()).isEqualTo(1);

        List<ReceivablesEvent> later = ledger.grow(5);
        AccountRepository.LoadCounts before = accounts.loadCounts();
        AccountRepository.Loaded second = loadFresh(accounts, ledger.customerId);
        AccountRepository.LoadCounts after = accounts.loadCounts();

        assertThat(after.fromSnapshot() - before.fromSnapshot()).isEqualTo(1);
        assertThat(after.eventsFolded() - before.eventsFolded()).as("only the events after the snapshot")
                .isEqualTo(later.size());
        assertThat(second.version()).isEqualTo(ledger.version);
        assertThat(second.account().toJson()).as("the same account as the fold of the whole stream")
                .isEqualTo(foldOfTheWholeStream(ledger.customerId).toJson())
                .isEqualTo(ledger.account.toJson());
        assertThat(second.account()).isEqualTo(ledger.account);

        // The ingest path: a poll's accounts remembered after its commit; a stream far past its snapshot gets a new one.
        ledger.grow(200);
        accounts.remember(Map.of(ledger.customerId, new AccountRepository.Loaded(ledger.account.copy(), ledger.version)));
        long grownTo = ledger.version;
        await().atMost(TIMEOUT).until(() -> snapshotOf(ledger.customerId).map(StreamSnapshot::version),
                version -> version.equals(Optional.of(grownTo)));
        // Ingest loads of several accounts take the snapshot too.
        accounts.forget(List.of(ledger.customerId));
        long folded = accounts.loadCounts().eventsFolded();
        Map<String, AccountRepository.Loaded> batch = accounts.load(pool, List.of(ledger.customerId, "C-NEW"))
                .await().atMost(TIMEOUT);
        assertThat(accounts.loadCounts().eventsFolded() - folded).isZero();
        assertThat(batch.get(ledger.customerId).account().toJson()).isEqualTo(ledger.account.toJson());
        assertThat(batch.get("C-NEW").version()).isZero();
        assertThat(batch.get("C-NEW").account().isEmpty()).isTrue();
    }

    @Test
    void aSnapshotOfAnotherShapeOrThatCannotBeReadIsIgnored() {
        LongLedger ledger = new LongLedger("C-SHAPES");
        ledger.grow(400);
        String stream = AccountEvents.streamId(ledger.customerId);
        // A snapshot from older code: another shape, and a state this code could not read anyway.
        pool.preparedQuery("INSERT INTO stream_snapshots (stream_id, shape_version, version, state)"
                        + " VALUES ($1, $2, $3, '{\"something\": \"else\"}')")
                .execute(Tuple.of(stream, Account.JSON_SHAPE - 1, ledger.version)).await().atMost(TIMEOUT);
        AccountRepository accounts = repository();

        AccountRepository.Loaded loaded = loadFresh(accounts, ledger.customerId);

        assertThat(accounts.loadCounts().fromSnapshot()).isZero();
        assertThat(accounts.loadCounts().eventsFolded()).isEqualTo(ledger.version);
        assertThat(loaded.account().toJson()).isEqualTo(ledger.account.toJson());
        // Replaced by one of the current shape (the stream is more than snapshot-every past none).
        await().atMost(TIMEOUT).until(() -> snapshotOf(ledger.customerId).isPresent());
        assertThat(pool.preparedQuery("SELECT count(*) FROM stream_snapshots WHERE stream_id = $1")
                .execute(Tuple.of(stream)).await().atMost(TIMEOUT).iterator().next().getLong(0)).isEqualTo(1);

        // Of the current shape but unreadable (a bug, a hand edit): ignored too, never a failed load.
        pool.preparedQuery("UPDATE stream_snapshots SET state = '{\"shape\": " + Account.JSON_SHAPE
                + ", \"invoices\": 7}' WHERE stream_id = $1").execute(Tuple.of(stream)).await().atMost(TIMEOUT);
        AccountRepository fresh = new AccountRepository(store, snapshots, 100, Integer.MAX_VALUE);

        AccountRepository.Loaded again = loadFresh(fresh, ledger.customerId);

        assertThat(fresh.loadCounts().fromSnapshot()).isZero();
        assertThat(fresh.loadCounts().eventsFolded()).isEqualTo(ledger.version);
        assertThat(again.account().toJson()).isEqualTo(ledger.account.toJson());
    }

    @Test
    void snapshotsOffFoldsTheWholeStreamAndWritesNone() {
        LongLedger ledger = new LongLedger("C-OFF");
        ledger.grow(300);
        AccountRepository accounts = new AccountRepository(store, snapshots, 100, 0);

        AccountRepository.Loaded loaded = loadFresh(accounts, ledger.customerId);

        assertThat(loaded.account().toJson()).isEqualTo(ledger.account.toJson());
        assertThat(accounts.loadCounts().eventsFolded()).isEqualTo(ledger.version);
        assertThat(snapshotOf(ledger.customerId)).isEmpty();
    }

    private static Account foldOfTheWholeStream(String customerId) {
        return AccountDecider.replay(customerId, AccountEvents.fromRecorded(
                store.readStream(pool, AccountEvents.streamId(customerId)).await().atMost(TIMEOUT)));
    }
}
