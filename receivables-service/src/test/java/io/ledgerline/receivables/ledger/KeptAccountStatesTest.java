package io.ledgerline.receivables.ledger;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.StreamSnapshots;
import io.ledgerline.eventstore.UpcasterChain;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.WriteOffAuthority;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The states {@link AccountRepository#loadCurrent} keeps for people's commands (and {@link
 * AccountRepository#loadForFlows} for the flows consumer), on a real PostgreSQL: a kept state never hides what another
 * writer appended since (it is folded on, and an append at the kept version still fails on
 * the stream version), never hides a stream that was rewritten under it (a store restored to an earlier point and
 * written again: the whole stream is folded afresh), and is never changed by what a caller does with its copy.
 */
class KeptAccountStatesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static MigratedDatabase database;
    private static Pool pool;
    private static EventStore store;
    private static StreamSnapshots snapshots;

    @BeforeAll
    static void startDatabase() {
        database = new MigratedDatabase("kept_account_states", 4, "classpath:db/event-store");
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

    /** Another writer of the stream (ingest, another instance): decides invoices and payments and appends them. */
    private static final class Writer {
        final String customerId;
        Account account;
        long version;
        int documents;

        Writer(String customerId) {
            this.customerId = customerId;
            this.account = AccountDecider.initialState(customerId);
        }

        List<ReceivablesEvent> grow(int invoices, String prefix) {
            List<ReceivablesEvent> events = new ArrayList<>();
            for (int i = 0; i < invoices; i++) {
                int n = ++documents;
                LocalDate day = LocalDate.of(2026, 3, 1).plusDays(n % 200);
                BigDecimal amount = new BigDecimal(200 + n % 700 + ".50");
                decide(new IngestEvent.InvoiceIssued(prefix + "INV-" + n, customerId, day, day.plusDays(30), "EUR",
                        amount, null, null), events);
                decide(new IngestEvent.PaymentReceived(prefix + "PAY-" + n, customerId, day.plusDays(5), "EUR",
                        amount.subtract(BigDecimal.TEN), PaymentMethod.SEPA, prefix + "INV-" + n, null), events);
            }
            append(events);
            return events;
        }

        void append(List<ReceivablesEvent> events) {
            List<EventToAppend> appends = events.stream().map(e -> AccountEvents.toAppend(e, "{}")).toList();
            pool.withTransaction(tx -> store.append(tx,
                    List.of(new StreamAppend(AccountEvents.streamId(customerId), version, appends))))
                    .await().atMost(TIMEOUT);
            version += events.size();
        }

        private void decide(IngestEvent input, List<ReceivablesEvent> events) {
            Decision.Accepted accepted = (Decision.Accepted) AccountDecider.decide(input, account);
            accepted.events().forEach(account::evolve);
            events.addAll(accepted.events());
        }
    }

    private static AccountRepository repository() {
        return new AccountRepository(store, snapshots, 100, 500, 100, 100);
    }

    private static AccountRepository.Loaded loadCurrent(AccountRepository accounts, String customerId) {
        return accounts.loadCurrent(pool, customerId).await().atMost(TIMEOUT);
    }

    private static Account foldOfTheWholeStream(String customerId) {
        return AccountDecider.replay(customerId, AccountEvents.fromRecorded(
                store.readStream(pool, AccountEvents.streamId(customerId)).await().atMost(TIMEOUT)));
    }

    /** A command decided and appended as AccountCommands does, then reported committed. */
    private static long writeOff(AccountRepository accounts, String customerId, String invoiceId, String amount) {
        AccountRepository.Loaded loaded = loadCurrent(accounts, customerId);
        var command = new LedgerCommand.WriteOff(customerId, invoiceId, new BigDecimal(amount),
                LocalDate.of(2026, 12, 1), "sue", "sue-subject", "supervisor", "GOODWILL", "test",
                WriteOffAuthority.unlimited());
        Decision.Accepted accepted = (Decision.Accepted) AccountDecider.decide(command, loaded.account(),
                LedgerRules.DEFAULT);
        List<EventToAppend> appends = accepted.events().stream().map(e -> AccountEvents.toAppend(e, "{}")).toList();
        pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(AccountEvents.streamId(customerId),
                loaded.version(), appends)))).await().atMost(TIMEOUT);
        Account after = loaded.account().copy();
        accepted.events().forEach(after::evolve);
        long version = loaded.version() + appends.size();
        accounts.committed(customerId, after, version, appends.getLast().eventId());
        return version;
    }

    @Test
    void anotherWritersEventsAreFoldedOntoTheKeptStateAndAnAppendAtTheKeptVersionStillFails() {
        Writer ingest = new Writer("C-KEPT-1");
        ingest.grow(40, "");
        AccountRepository accounts = repository();

        AccountRepository.Loaded first = loadCurrent(accounts, ingest.customerId);
        assertThat(first.version()).isEqualTo(ingest.version);
        assertThat(accounts.loadCounts().fromKept()).isZero();

        // Nothing written since: the kept state, no event folded.
        long folded = accounts.loadCounts().eventsFolded();
        AccountRepository.Loaded again = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().fromKept()).isEqualTo(1);
        assertThat(accounts.loadCounts().eventsFolded() - folded).isZero();
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.account().toJson()).isEqualTo(ingest.account.toJson());

        // Another writer appends: the next load has its events (only those are folded), at the stream's version.
        List<ReceivablesEvent> later = ingest.grow(3, "LATE-");
        folded = accounts.loadCounts().eventsFolded();
        AccountRepository.Loaded current = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().eventsFolded() - folded).isEqualTo(later.size());
        assertThat(current.version()).isEqualTo(ingest.version);
        assertThat(current.account().toJson())
                .isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson())
                .isEqualTo(ingest.account.toJson());
        assertThat(current.account().invoice("LATE-INV-41")).isNotNull();

        // A command decided on the state kept before that writer still names its version: the store refuses it.
        List<EventToAppend> stale = List.of(AccountEvents.toAppend(new ReceivablesEvent.InvoiceAdjusted(
                ingest.customerId, "INV-1", "ADJ-1", "EUR", new BigDecimal("1.00"), LocalDate.of(2026, 12, 1), "fee",
                "sue"), "{}"));
        assertThatThrownBy(() -> pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(
                AccountEvents.streamId(ingest.customerId), first.version(), stale)))).await().atMost(TIMEOUT))
                .isInstanceOf(ConcurrencyConflict.class);
    }

    @Test
    void theStateACommandCommittedIsKeptAndTheNextCommandFoldsOnlyWhatOthersWroteSince() {
        Writer ingest = new Writer("C-KEPT-2");
        ingest.grow(30, "");
        AccountRepository accounts = repository();

        long afterFirst = writeOff(accounts, ingest.customerId, "INV-1", "1.00");
        long folded = accounts.loadCounts().eventsFolded();
        long afterSecond = writeOff(accounts, ingest.customerId, "INV-2", "2.00");
        assertThat(accounts.loadCounts().eventsFolded() - folded)
                .as("the first command's committed state was kept: nothing to fold").isZero();
        assertThat(afterSecond).isGreaterThan(afterFirst);

        // Ingest writes between two commands (its writer is behind by the commands' events: it reloads, as ingest does).
        ingest.account = foldOfTheWholeStream(ingest.customerId);
        ingest.version = afterSecond;
        List<ReceivablesEvent> between = ingest.grow(2, "MID-");
        folded = accounts.loadCounts().eventsFolded();
        long afterThird = writeOff(accounts, ingest.customerId, "MID-INV-31", "3.00");
        assertThat(accounts.loadCounts().eventsFolded() - folded).isEqualTo(between.size());
        assertThat(afterThird).isGreaterThan(ingest.version);

        AccountRepository.Loaded now = loadCurrent(accounts, ingest.customerId);
        assertThat(now.version()).isEqualTo(afterThird);
        assertThat(now.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(now.account().writeOffs()).hasSize(3);
    }

    @Test
    void aStreamRewrittenUnderTheKeptStateIsFoldedAgainFromTheStore() {
        Writer ingest = new Writer("C-KEPT-3");
        ingest.grow(20, "");
        AccountRepository accounts = repository();
        AccountRepository.Loaded kept = loadCurrent(accounts, ingest.customerId);
        long keptVersion = kept.version();

        // The store restored to an earlier point (the last invoice, its payment and what followed them gone) and
        // written again by someone else, past the kept version: the event at that version is another one now.
        String stream = AccountEvents.streamId(ingest.customerId);
        long lastInvoice = pool.preparedQuery("SELECT version FROM events WHERE stream_id = $1"
                        + " AND event_type = 'InvoiceIssued' AND payload ->> 'invoiceId' = 'INV-20'")
                .execute(Tuple.of(stream)).await().atMost(TIMEOUT).iterator().next().getLong(0);
        pool.preparedQuery("DELETE FROM events WHERE stream_id = $1 AND version >= $2")
                .execute(Tuple.of(stream, lastInvoice)).await().atMost(TIMEOUT);
        Writer restored = new Writer(ingest.customerId);
        restored.account = foldOfTheWholeStream(ingest.customerId);
        restored.version = lastInvoice - 1;
        restored.documents = 100;
        restored.grow(3, "AFTER-RESTORE-");
        assertThat(restored.version).isGreaterThanOrEqualTo(keptVersion);

        AccountRepository.Loaded current = loadCurrent(accounts, ingest.customerId);
        assertThat(current.version()).isEqualTo(restored.version);
        assertThat(current.account().toJson())
                .isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson())
                .isEqualTo(restored.account.toJson());
        assertThat(current.account().invoice("INV-20")).as("gone with the restore").isNull();

        // Rewound below the kept version and not written again (yet): the shorter stream, not the kept state.
        AccountRepository.Loaded keptAgain = loadCurrent(accounts, ingest.customerId);
        pool.preparedQuery("DELETE FROM events WHERE stream_id = $1 AND version > $2")
                .execute(Tuple.of(stream, keptAgain.version() - 2)).await().atMost(TIMEOUT);
        AccountRepository.Loaded shorter = loadCurrent(accounts, ingest.customerId);
        assertThat(shorter.version()).isEqualTo(keptAgain.version() - 2);
        assertThat(shorter.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
    }

    @Test
    void whatACallerDoesWithItsCopyNeverReachesTheKeptState() {
        Writer ingest = new Writer("C-KEPT-4");
        ingest.grow(10, "");
        AccountRepository accounts = repository();

        AccountRepository.Loaded mine = loadCurrent(accounts, ingest.customerId);
        // A decision that is never committed (its transaction fails, or the caller just folds for itself).
        mine.account().evolve(new ReceivablesEvent.InvoiceAdjusted(ingest.customerId, "INV-1", "ADJ-1", "EUR",
                new BigDecimal("5.00"), LocalDate.of(2026, 12, 1), "never committed", "sue"));

        AccountRepository.Loaded next = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().fromKept()).isEqualTo(1);
        assertThat(next.account().toJson()).isEqualTo(ingest.account.toJson())
                .isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(next.account().invoice("INV-1").adjustments()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    /**
     * An ingest poll as IngestProcessor runs it: the account taken from ingest's cache (or the store) with {@code load},
     * invoices decided on it in place, appended, and remembered after the commit with the last event's id.
     */
    private static AccountRepository.Loaded ingestPoll(AccountRepository accounts, Writer writer, int invoices,
                                                       String prefix) {
        AccountRepository.Loaded taken = accounts.load(pool, List.of(writer.customerId)).await().atMost(TIMEOUT)
                .get(writer.customerId);
        List<ReceivablesEvent> events = new ArrayList<>();
        for (int i = 1; i <= invoices; i++) {
            LocalDate day = LocalDate.of(2026, 6, 1).plusDays(i);
            Decision.Accepted accepted = (Decision.Accepted) AccountDecider.decideAndFold(new IngestEvent.InvoiceIssued(
                    prefix + "INV-" + i, writer.customerId, day, day.plusDays(30), "EUR", new BigDecimal("75.00"),
                    null, null), taken.account(), LedgerRules.DEFAULT);
            events.addAll(accepted.events());
        }
        List<EventToAppend> appends = events.stream().map(e -> AccountEvents.toAppend(e, "{}")).toList();
        pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(AccountEvents.streamId(writer.customerId),
                taken.version(), appends)))).await().atMost(TIMEOUT);
        AccountRepository.Loaded committed = new AccountRepository.Loaded(taken.account(),
                taken.version() + appends.size());
        accounts.remember(Map.of(writer.customerId, committed), Map.of(writer.customerId, appends.getLast().eventId()));
        writer.account = foldOfTheWholeStream(writer.customerId);
        writer.version = committed.version();
        return committed;
    }

    @Test
    void aCommandStartsFromTheStateIngestCommittedWithoutFoldingTheStreamAndNeverChangesIt() {
        Writer ingest = new Writer("C-ADOPT-1");
        ingest.grow(30, "");
        AccountRepository accounts = repository();
        AccountRepository.Loaded cached = ingestPoll(accounts, ingest, 2, "POLL-");

        long folded = accounts.loadCounts().eventsFolded();
        AccountRepository.Loaded first = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().fromIngestCache()).isEqualTo(1);
        assertThat(accounts.loadCounts().eventsFolded() - folded).as("nothing folded: ingest's state was taken")
                .isZero();
        assertThat(first.version()).isEqualTo(ingest.version);
        assertThat(first.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(first.account()).as("the command's own copy").isNotSameAs(cached.account());

        // Ingest takes the account again for its next poll: a copy now, so what it changes in place (here a decision
        // that never commits) never reaches the state the commands keep.
        AccountRepository.Loaded ingests = accounts.load(pool, List.of(ingest.customerId)).await().atMost(TIMEOUT)
                .get(ingest.customerId);
        assertThat(ingests.account()).isNotSameAs(cached.account());
        ingests.account().evolve(new ReceivablesEvent.InvoiceAdjusted(ingest.customerId, "INV-1", "ADJ-NEVER", "EUR",
                new BigDecimal("9.00"), LocalDate.of(2026, 12, 1), "never committed", "ingest"));
        long afterWriteOff = writeOff(accounts, ingest.customerId, "INV-2", "1.00");
        AccountRepository.Loaded now = loadCurrent(accounts, ingest.customerId);
        assertThat(now.version()).isEqualTo(afterWriteOff);
        assertThat(now.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(now.account().invoice("INV-1").adjustments()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void anAccountAPollHoldsForChangeIsNeverTakenFromIngestsCache() {
        Writer ingest = new Writer("C-ADOPT-2");
        ingest.grow(10, "");
        AccountRepository accounts = repository();
        ingestPoll(accounts, ingest, 1, "POLL-");

        // The next poll has taken it and is deciding on it in place, not committed (yet, or ever).
        AccountRepository.Loaded inFlight = accounts.load(pool, List.of(ingest.customerId)).await().atMost(TIMEOUT)
                .get(ingest.customerId);
        AccountDecider.decideAndFold(new IngestEvent.InvoiceIssued("IN-FLIGHT-1", ingest.customerId,
                LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 31), "EUR", new BigDecimal("10.00"), null, null),
                inFlight.account(), LedgerRules.DEFAULT);

        AccountRepository.Loaded current = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().fromIngestCache()).isZero();
        assertThat(current.account().invoice("IN-FLIGHT-1")).isNull();
        assertThat(current.version()).isEqualTo(ingest.version);
        assertThat(current.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());

        // Remembered without the last event's id (it cannot be checked against the stream): not taken either.
        Writer other = new Writer("C-ADOPT-3");
        other.grow(5, "");
        accounts.remember(Map.of(other.customerId, new AccountRepository.Loaded(other.account.copy(), other.version)));
        loadCurrent(accounts, other.customerId);
        assertThat(accounts.loadCounts().fromIngestCache()).isZero();
    }

    @Test
    void aStreamThatNoLongerHoldsTheCachedStatesEventIsFoldedFromTheStore() {
        Writer ingest = new Writer("C-ADOPT-4");
        ingest.grow(10, "");
        AccountRepository accounts = repository();
        // The cache says the state's last event is one the stream does not hold at that version (as after a store
        // restored to an earlier point and written again): the command must not start from it.
        Account stale = ingest.account.copy();
        stale.evolve(new ReceivablesEvent.InvoiceAdjusted(ingest.customerId, "INV-1", "ADJ-LOST", "EUR",
                new BigDecimal("3.00"), LocalDate.of(2026, 12, 1), "lost with the restore", "ingest"));
        accounts.remember(Map.of(ingest.customerId, new AccountRepository.Loaded(stale, ingest.version)),
                Map.of(ingest.customerId, java.util.UUID.randomUUID()));

        AccountRepository.Loaded current = loadCurrent(accounts, ingest.customerId);
        assertThat(accounts.loadCounts().fromIngestCache()).isEqualTo(1);
        assertThat(current.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(current.account().invoice("INV-1").adjustments()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void theFlowsLoadManyAccountsAtOnceFromKeptStatesAndTheStoreAndNeverHideAnotherWritersEvents() {
        Writer first = new Writer("C-FLOWS-1");
        Writer second = new Writer("C-FLOWS-2");
        Writer third = new Writer("C-FLOWS-3");
        first.grow(25, "");
        second.grow(10, "");
        third.grow(5, "");
        AccountRepository accounts = repository();
        List<String> customers = List.of(first.customerId, second.customerId, third.customerId, "C-FLOWS-NEW");

        Map<String, AccountRepository.Loaded> loaded = accounts.loadForFlows(pool, customers).await().atMost(TIMEOUT);
        assertThat(loaded).containsOnlyKeys(customers);
        assertThat(loaded.get("C-FLOWS-NEW").version()).isZero();
        for (Writer w : List.of(first, second, third)) {
            assertThat(loaded.get(w.customerId).version()).isEqualTo(w.version);
            assertThat(loaded.get(w.customerId).account().toJson()).isEqualTo(w.account.toJson());
        }
        assertThat(accounts.loadCounts().fromKept()).isZero();

        // The flows poll decides on its copies and commits one account: that state is kept, and ingest's cache gets
        // the same object; ingest changing what it takes from its cache afterwards does not change the kept state.
        AccountRepository.Loaded mine = loaded.get(second.customerId);
        List<ReceivablesEvent> adjusted = List.of(new ReceivablesEvent.InvoiceAdjusted(second.customerId, "INV-1",
                "ADJ-FLOWS-1", "EUR", new BigDecimal("1.00"), LocalDate.of(2026, 12, 1), "fee", "flows"));
        adjusted.forEach(mine.account()::evolve);
        List<EventToAppend> appends = adjusted.stream().map(e -> AccountEvents.toAppend(e, "{}")).toList();
        pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(AccountEvents.streamId(second.customerId),
                mine.version(), appends)))).await().atMost(TIMEOUT);
        accounts.committedByFlows(second.customerId, mine.account(), mine.version() + 1, appends.getLast().eventId());
        AccountRepository.Loaded ingests = accounts.load(pool, List.of(second.customerId)).await().atMost(TIMEOUT)
                .get(second.customerId);
        assertThat(ingests.account()).as("ingest takes a copy of a kept state").isNotSameAs(mine.account());
        ingests.account().evolve(new ReceivablesEvent.InvoiceAdjusted(second.customerId, "INV-2", "ADJ-NOT-COMMITTED",
                "EUR", new BigDecimal("2.00"), LocalDate.of(2026, 12, 1), "fee", "ingest"));

        // Ingest writes to the first account meanwhile; the third's kept state was never changed.
        List<ReceivablesEvent> later = first.grow(2, "LATE-");
        long folded = accounts.loadCounts().eventsFolded();
        long fromKept = accounts.loadCounts().fromKept();
        Map<String, AccountRepository.Loaded> again = accounts.loadForFlows(pool, customers).await().atMost(TIMEOUT);
        assertThat(accounts.loadCounts().fromKept() - fromKept).as("all but the new customer from kept states")
                .isEqualTo(3);
        assertThat(accounts.loadCounts().eventsFolded() - folded).as("only the other writer's events folded")
                .isEqualTo(later.size());
        for (String customerId : List.of(first.customerId, second.customerId, third.customerId)) {
            assertThat(again.get(customerId).account().toJson()).isEqualTo(foldOfTheWholeStream(customerId).toJson());
        }
        assertThat(again.get(first.customerId).version()).isEqualTo(first.version);
        assertThat(again.get(second.customerId).version()).isEqualTo(second.version + 1);
        assertThat(again.get(first.customerId).account()).as("each load hands out its own copy")
                .isNotSameAs(loaded.get(first.customerId).account());
    }

    @Test
    void theFlowsStartFromTheStateIngestCommittedWhenItIsNewerThanTheirOwnAndNeverFromOneAPollHolds() {
        Writer ingest = new Writer("C-FLOWS-ADOPT-1");
        ingest.grow(20, "");
        AccountRepository accounts = repository();
        // The flows have a kept state of their own, from the store.
        accounts.loadForFlows(pool, List.of(ingest.customerId)).await().atMost(TIMEOUT);
        long keptVersion = ingest.version;

        // Ingest writes on: its committed state is newer than the flows' kept one. The flows take it (a copy) instead
        // of reading and folding again every event ingest wrote since.
        AccountRepository.Loaded cached = ingestPoll(accounts, ingest, 3, "POLL-");
        assertThat(cached.version()).isGreaterThan(keptVersion);
        long folded = accounts.loadCounts().eventsFolded();
        long adopted = accounts.loadCounts().fromIngestCache();
        AccountRepository.Loaded flows = accounts.loadForFlows(pool, List.of(ingest.customerId)).await()
                .atMost(TIMEOUT).get(ingest.customerId);
        assertThat(accounts.loadCounts().fromIngestCache() - adopted).isEqualTo(1);
        assertThat(accounts.loadCounts().eventsFolded() - folded).as("nothing folded: ingest's state was taken")
                .isZero();
        assertThat(flows.version()).isEqualTo(ingest.version);
        assertThat(flows.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
        assertThat(flows.account()).as("the poll's own copy").isNotSameAs(cached.account());
        // What the flows poll does with its copy never reaches ingest's cache nor the flows' kept state.
        flows.account().evolve(new ReceivablesEvent.InvoiceAdjusted(ingest.customerId, "INV-1", "ADJ-NEVER-1", "EUR",
                new BigDecimal("4.00"), LocalDate.of(2026, 12, 1), "never committed", "flows"));
        AccountRepository.Loaded again = accounts.loadForFlows(pool, List.of(ingest.customerId)).await()
                .atMost(TIMEOUT).get(ingest.customerId);
        assertThat(again.account().invoice("INV-1").adjustments()).isEqualByComparingTo(BigDecimal.ZERO);
        AccountRepository.Loaded ingests = accounts.load(pool, List.of(ingest.customerId)).await().atMost(TIMEOUT)
                .get(ingest.customerId);
        assertThat(ingests.account().invoice("INV-1").adjustments()).isEqualByComparingTo(BigDecimal.ZERO);

        // Ingest has taken it for its next poll and decides on it in place, uncommitted: the flows never start from
        // that object; they fold what the stream holds (here: nothing new) onto their kept state.
        AccountDecider.decideAndFold(new IngestEvent.InvoiceIssued("IN-FLIGHT-9", ingest.customerId,
                LocalDate.of(2026, 7, 1), LocalDate.of(2026, 7, 31), "EUR", new BigDecimal("10.00"), null, null),
                ingests.account(), LedgerRules.DEFAULT);
        adopted = accounts.loadCounts().fromIngestCache();
        AccountRepository.Loaded whileHeld = accounts.loadForFlows(pool, List.of(ingest.customerId)).await()
                .atMost(TIMEOUT).get(ingest.customerId);
        assertThat(accounts.loadCounts().fromIngestCache()).isEqualTo(adopted);
        assertThat(whileHeld.account().invoice("IN-FLIGHT-9")).isNull();
        assertThat(whileHeld.version()).isEqualTo(ingest.version);
        assertThat(whileHeld.account().toJson()).isEqualTo(foldOfTheWholeStream(ingest.customerId).toJson());
    }
}
