package io.ledgerline.receivables.ledger;

import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.eventstore.StreamSnapshot;
import io.ledgerline.eventstore.StreamSnapshots;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loads customer accounts from their event streams. Recently used accounts are kept in memory with their stream
 * version, so a busy customer is not re-read from the start for every Kafka poll; the version makes the cache safe,
 * because an append on a stale state fails with a concurrency conflict and the caller evicts and retries.
 * <p>
 * <b>Snapshots.</b> An account read from the store starts from its stream's snapshot (the account's JSON form at a
 * version, {@link Account#JSON_SHAPE}) and folds only the events after it. A snapshot is written once a stream has
 * grown by {@code ledgerline.accounts.snapshot-every} events past the last one, <i>after</i> the commit and off the
 * caller's path: separate short queries load the account again from committed data (snapshot + events after
 * it) and saves it. So a snapshot only ever describes committed events, never the in-memory working state that ingest
 * changes in place or a command's state before its commit, and no append transaction grows by the serialization of a
 * large account (which would hold back every reader of the store, see the event-store README). A snapshot that is
 * missing, of another shape or unreadable is ignored: the account is folded from its first event, as before.
 * <p>
 * <b>Kept states for people's commands.</b> {@link #loadCurrent} answers from a second, separate set of states: each
 * a fold of committed events only, never changed after it is kept (callers get copies), with the id of the event at
 * its version. A load reads the stream from that version on in one indexed query, checks the event there is still
 * the one folded, and folds only what came after it (written by anyone: ingest, another instance, the flows); a
 * stream that no longer has that event (a store restored to an earlier point) is folded again from the store. So a
 * kept state never hides another writer's events, and the append still names the version it decided on: optimistic
 * concurrency is the store's, exactly as with a fresh load.
 * <p>
 * <b>A command's first state, from ingest's cache.</b> When no state is kept for a command's account, {@link
 * #loadCurrent} takes the one in ingest's cache, if that entry is a committed state nobody holds for change: put there
 * after a commit ({@link #remember} with the last event's id, or a command's or the flows' commit) and not handed out
 * by {@link #load} since. It becomes the kept state as it is, marked shared (whoever takes it from ingest's cache then
 * gets a copy), under the same rules as any kept state: the events after it are read, the event at its version must
 * be the one it was folded to. So the first command on an account ingest has just written to folds nothing instead of
 * the whole stream; an entry a poll may be changing in place is never taken (the account is folded from the store).
 */
@ApplicationScoped
public class AccountRepository {

    private static final Logger LOG = Logger.getLogger(AccountRepository.class);
    /** Snapshot refreshes running at once, at most: they are an optimisation and must never crowd out real work. */
    private static final int MAX_REFRESHES_IN_FLIGHT = 2;
    /** Streams read from the store in one pair of queries (snapshot, events after it) at most: see {@link #fold}. */
    static final int LOAD_CHUNK = 32;
    /** Documents (invoices, payments, credit notes) ingest's cache holds at most: see the module README's sizing rule. */
    public static final long DEFAULT_CACHE_DOCUMENTS = 200_000;

    /** An account state and the stream version it was folded up to. */
    public record Loaded(Account account, long version) {
    }

    /**
     * What callers' loads from the store did (the snapshot refreshes' own reads are not counted): events folded,
     * accounts started from a snapshot; and snapshots this instance wrote.
     */
    public record LoadCounts(long eventsFolded, long fromSnapshot, long snapshotsWritten, long fromKept,
                             long fromIngestCache) {
    }

    /** A state folded from committed events up to {@code version}, whose event has id {@code eventId}; never changed. */
    private record Kept(Account account, long version, UUID eventId) {
    }

    /** The version and last event id of an entry of ingest's cache that is a committed state nobody changes. */
    private record Committed(long version, UUID eventId) {
    }

    /** A load from the store, with the id of the last event folded (null when it all came from the snapshot). */
    private record Folded(Loaded loaded, UUID lastEventId) {
    }

    private final EventStore store;
    private final StreamSnapshots snapshots;
    private final int snapshotEvery;
    /** Ingest's cache, bounded by accounts and by documents ({@link AccountCache}); it guards {@link #sharedWithKept}. */
    private final AccountCache recent;
    /**
     * Customers whose entry in {@link #recent} is a kept state's own object (put there by {@link #committed}): whoever
     * takes it from there ({@link #load}) gets a copy, made then, so the kept state is never changed. Guarded by
     * {@link #recent}.
     */
    private final Set<String> sharedWithKept = new HashSet<>();
    /**
     * Customers whose entry in {@link #recent} is a committed state (at the version and last event id given here) that
     * no caller of {@link #load} holds for change: {@link #loadCurrent} may take it as a command's kept state. An entry
     * leaves this map when {@link #load} hands it out (a poll changes it in place), is forgotten or leaves the cache.
     * Guarded by {@link #recent}.
     */
    private final Map<String, Committed> committedInRecent = new HashMap<>();
    /** {@link #loadCurrent}'s states, most recently used kept; separate from {@link #recent}, which ingest changes. */
    private final Map<String, Kept> kept;
    /**
     * {@link #loadForFlows}'s states: the same kind as {@link #kept} (committed folds, never changed), kept apart so
     * that a burst of disputes' events over many customers does not push people's commands' states out.
     */
    private final Map<String, Kept> flowStates;
    /** The version of each stream's latest snapshot as far as this instance knows (0: none). */
    private final Map<String, Long> snapshotVersions;
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final LongAdder eventsFolded = new LongAdder();
    private final LongAdder fromSnapshot = new LongAdder();
    private final LongAdder snapshotsWritten = new LongAdder();
    private final LongAdder fromKept = new LongAdder();
    private final LongAdder takenFromIngestCache = new LongAdder();
    /** Whether {@link #loadCurrent} may take a committed state from ingest's cache (see the class comment). */
    private final boolean commandsFromIngestCache;
    /** Whether {@link #loadForFlows} may take a committed state from ingest's cache (see the class comment). */
    private final boolean flowsFromIngestCache;

    @Inject
    public AccountRepository(EventStore store, StreamSnapshots snapshots,
                             @ConfigProperty(name = "ledgerline.accounts.cache-size", defaultValue = "2000") int cacheSize,
                             @ConfigProperty(name = "ledgerline.accounts.cache-documents",
                                     defaultValue = "" + DEFAULT_CACHE_DOCUMENTS) long cacheDocuments,
                             @ConfigProperty(name = "ledgerline.accounts.snapshot-every", defaultValue = "500")
                             int snapshotEvery,
                             @ConfigProperty(name = "ledgerline.accounts.command-states", defaultValue = "500")
                             int commandStates,
                             @ConfigProperty(name = "ledgerline.accounts.flow-states", defaultValue = "500")
                             int flowStates,
                             @ConfigProperty(name = "ledgerline.accounts.commands-from-ingest-cache",
                                     defaultValue = "true") boolean commandsFromIngestCache,
                             @ConfigProperty(name = "ledgerline.accounts.flows-from-ingest-cache",
                                     defaultValue = "true") boolean flowsFromIngestCache) {
        this.store = store;
        this.snapshots = snapshots;
        this.snapshotEvery = snapshotEvery;
        // Called under the lock of recent (every put is): an account leaving the cache is no longer shared with a
        // kept state, nor a committed state a command may take.
        this.recent = new AccountCache(cacheSize, cacheDocuments, id -> {
            committedInRecent.remove(id);
            sharedWithKept.remove(id);
        });
        this.snapshotVersions = lru(Math.max(cacheSize, 1000));
        this.kept = lru(Math.max(commandStates, 0));
        this.flowStates = lru(Math.max(flowStates, 0));
        this.commandsFromIngestCache = commandsFromIngestCache;
        this.flowsFromIngestCache = flowsFromIngestCache;
    }

    public AccountRepository(EventStore store, StreamSnapshots snapshots, int cacheSize, int snapshotEvery,
                             int commandStates, int flowStates) {
        this(store, snapshots, cacheSize, DEFAULT_CACHE_DOCUMENTS, snapshotEvery, commandStates, flowStates, true, true);
    }

    public AccountRepository(EventStore store, StreamSnapshots snapshots, int cacheSize, int snapshotEvery) {
        this(store, snapshots, cacheSize, snapshotEvery, 500, 500);
    }

    private static <V> Map<String, V> lru(int size) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > size;
            }
        };
    }

    /**
     * The accounts, from memory or from the store (snapshot, then the events after it). Completes on a worker thread,
     * never the Vert.x event loop: folding is CPU work, and so is whatever the caller decides on the result.
     */
    public Uni<Map<String, Loaded>> load(SqlClient client, Collection<String> customerIds) {
        Map<String, Loaded> found = new HashMap<>();
        List<String> missing;
        synchronized (recent) {
            for (String id : customerIds) {
                Loaded cached = recent.get(id);
                // Handed out for change (a poll decides on it in place): no command may take it until it is
                // remembered again after a commit.
                committedInRecent.remove(id);
                if (sharedWithKept.remove(id) && cached != null) {
                    // A command's committed state, also kept for the next command: the caller changes what it takes.
                    cached = new Loaded(cached.account().copy(), cached.version());
                    recent.put(id, cached);
                }
                if (cached != null) {
                    found.put(id, cached);
                }
            }
            missing = customerIds.stream().filter(id -> !found.containsKey(id)).distinct().toList();
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found).emitOn(Infrastructure.getDefaultWorkerPool());
        }
        return fromStore(client, missing, true).map(loaded -> {
            found.putAll(loaded);
            return found;
        });
    }

    public Uni<Loaded> load(SqlClient client, String customerId) {
        return load(client, List.of(customerId)).map(all -> all.get(customerId));
    }

    /**
     * The account straight from its stream (snapshot and tail), never from memory or a kept state: the reference the
     * kept-state and snapshot paths ({@link #loadCurrent}, {@link #loadForFlows}) are checked against.
     */
    public Uni<Loaded> loadFresh(SqlClient client, String customerId) {
        return fromStore(client, List.of(customerId), true).map(loaded -> loaded.get(customerId));
    }

    /**
     * The account as its stream holds it now, for people's commands: from the state kept for it (see the class
     * comment) and the events after it, one indexed query, or from the store as {@link #loadFresh} when none is kept
     * or the stream no longer has the kept state's event; with no state kept, a committed state in ingest's cache that
     * nobody holds for change becomes the kept state (see the class comment). The account returned is the caller's
     * own copy. Use it before
     * the transaction writes to the stream (what is kept must be committed), then append at the version returned and
     * call {@link #committed} after the commit. Completes on a worker thread.
     */
    public Uni<Loaded> loadCurrent(SqlClient client, String customerId) {
        return current(client, List.of(customerId), kept, commandsFromIngestCache, false)
                .map(all -> all.get(customerId));
    }

    /**
     * The accounts as their streams hold them now, for the flows consumer (disputes' and collections' events), in
     * one query for all those with a kept state (see the class comment; kept apart from people's commands') and two
     * for the others (snapshot, then the events after it). With {@code ledgerline.accounts.flows-from-ingest-cache},
     * a committed state in ingest's cache that nobody holds for change is taken as the kept state (as a command's
     * first state, see the class comment) when no flows state is kept or the kept one is older: ingest writes to the
     * same accounts all the time, and every event it wrote since would otherwise be read and folded again. Each
     * account returned is the caller's own copy, never ingest's cached object. Same rules as {@link #loadCurrent}:
     * use it before the transaction writes to the streams, append at the versions returned, and call
     * {@link #committedByFlows} after the commit. Completes on a worker thread.
     */
    public Uni<Map<String, Loaded>> loadForFlows(SqlClient client, Collection<String> customerIds) {
        return current(client, List.copyOf(new java.util.LinkedHashSet<>(customerIds)), flowStates,
                flowsFromIngestCache, flowsFromIngestCache);
    }

    /**
     * After the flows consumer's commit: as {@link #committed}, kept among the flows' states, and offered to ingest's
     * cache so that its next poll on the customer need not read the stream again.
     */
    public void committedByFlows(String customerId, Account account, long version, UUID lastEventId) {
        // As a command's: the poll's own copy becomes the kept state and is shared with ingest's cache (copied only
        // when taken from there), so keeping the flows' states costs no second copy of each account.
        keep(flowStates, customerId, new Kept(account, version, lastEventId));
        share(customerId, account, version, lastEventId);
    }

    /**
     * Puts a kept state's own object into ingest's cache, marked shared so that {@link #load} hands out a copy; an
     * older state never replaces a newer one.
     */
    private void share(String customerId, Account account, long version, UUID lastEventId) {
        synchronized (recent) {
            Loaded known = recent.get(customerId);
            if (known == null || version >= known.version()) {
                // Marked before the put: an account the put itself evicts (larger than the cache's bound) loses
                // its marks with it.
                sharedWithKept.add(customerId);
                committedInRecent.put(customerId, new Committed(version, lastEventId));
                recent.put(customerId, new Loaded(account, version));
            }
        }
        snapshotDue(customerId, version, 0);
    }

    /**
     * A committed state nobody changes, from ingest's cache, for a command's account with no state kept: the cached
     * object itself, marked shared from now on so that ingest (or anyone taking it through {@link #load}) gets a copy.
     * Null when the entry is missing, is handed out for change, or its last event is not known.
     */
    private Kept adoptFromIngestCache(String customerId, long newerThan) {
        synchronized (recent) {
            Committed committed = committedInRecent.get(customerId);
            Loaded cached = recent.get(customerId);
            if (committed == null || cached == null || cached.version() != committed.version()
                    || committed.version() <= newerThan) {
                return null;
            }
            sharedWithKept.add(customerId);
            return new Kept(cached.account(), committed.version(), committed.eventId());
        }
    }

    /**
     * Kept states plus the events after them (one query), the others from the store; a kept state whose event the
     * stream no longer holds at its version is dropped and that account folded from the store too.
     */
    private Uni<Map<String, Loaded>> current(SqlClient client, List<String> customerIds, Map<String, Kept> states,
                                             boolean fromIngestCache, boolean newerFromIngestCache) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(Map.<String, Loaded>of()).emitOn(Infrastructure.getDefaultWorkerPool());
        }
        Map<String, Kept> found = new HashMap<>();
        synchronized (states) {
            for (String id : customerIds) {
                Kept state = states.get(id);
                if (state != null) {
                    found.put(id, state);
                }
            }
        }
        if (fromIngestCache) {
            for (String id : customerIds) {
                Kept known = found.get(id);
                // Commands: only when no state is kept for them. The flows: also instead of a kept state that is
                // older than ingest's (ingest writes to the same accounts all the time, and every event it wrote
                // since would otherwise be read and folded again).
                if (known == null || newerFromIngestCache) {
                    Kept adopted = adoptFromIngestCache(id, known == null ? -1 : known.version());
                    if (adopted != null) {
                        // Kept like any other state: checked against the stream below, and the next command starts
                        // from it (or from what this one commits).
                        keep(states, id, adopted);
                        takenFromIngestCache.increment();
                        found.put(id, adopted);
                    }
                }
            }
        }
        List<String> missing = customerIds.stream().filter(id -> !found.containsKey(id)).toList();
        if (found.isEmpty()) {
            return fromStoreKeeping(client, missing, states);
        }
        Map<String, Long> after = new LinkedHashMap<>();
        found.forEach((id, state) -> after.put(AccountEvents.streamId(id), state.version() - 1));
        return store.readStreamsAfter(client, after)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(streams -> {
                    Map<String, Loaded> loaded = new HashMap<>();
                    List<String> refold = new java.util.ArrayList<>(missing);
                    found.forEach((customerId, state) -> {
                        String streamId = AccountEvents.streamId(customerId);
                        List<RecordedEvent> events = streams.getOrDefault(streamId, List.of());
                        if (events.isEmpty() || events.getFirst().version() != state.version()
                                || !events.getFirst().eventId().equals(state.eventId())) {
                            LOG.warnf("%s no longer holds the event %s at version %d that its kept state was folded"
                                    + " to: folding it from the store", streamId, state.eventId(), state.version());
                            synchronized (states) {
                                if (states.get(customerId) == state) {
                                    states.remove(customerId);
                                }
                            }
                            refold.add(customerId);
                            return;
                        }
                        List<RecordedEvent> newer = events.subList(1, events.size());
                        Account account = state.account().copy();
                        AccountEvents.fromRecorded(newer).forEach(account::evolve);
                        eventsFolded.add(newer.size());
                        fromKept.increment();
                        long version = state.version();
                        if (!newer.isEmpty()) {
                            version = newer.getLast().version();
                            keep(states, customerId, new Kept(account.copy(), version, newer.getLast().eventId()));
                            snapshotDue(customerId, version, 0);
                        }
                        loaded.put(customerId, new Loaded(account, version));
                    });
                    if (refold.isEmpty()) {
                        return Uni.createFrom().item(loaded);
                    }
                    return fromStoreKeeping(client, refold, states).map(more -> {
                        loaded.putAll(more);
                        return loaded;
                    });
                });
    }

    private Uni<Map<String, Loaded>> fromStoreKeeping(SqlClient client, List<String> customerIds,
                                                      Map<String, Kept> states) {
        return fold(client, customerIds, true).map(all -> {
            Map<String, Loaded> loaded = new HashMap<>();
            all.forEach((customerId, folded) -> {
                if (folded.lastEventId() != null) {
                    keep(states, customerId, new Kept(folded.loaded().account().copy(), folded.loaded().version(),
                            folded.lastEventId()));
                }
                loaded.put(customerId, folded.loaded());
            });
            return loaded;
        });
    }

    /**
     * After a command's commit: {@code account} is what its stream now holds up to {@code version}, the last event
     * appended having id {@code lastEventId}. Kept for the next command and offered to ingest's cache; the caller
     * hands it over and must not change it afterwards.
     */
    public void committed(String customerId, Account account, long version, UUID lastEventId) {
        // The command's own copy becomes the kept state (the caller must not change it any more) and ingest's cache
        // gets the same object, marked shared: it is copied only if ingest (or the flows, or the delinquency run)
        // takes it from there, so a command makes one copy of its account (at its load) instead of two.
        keep(kept, customerId, new Kept(account, version, lastEventId));
        share(customerId, account, version, lastEventId);
    }

    /** The newer of two kept states wins (both are folds of committed events; the newer folds fewer next time). */
    private static void keep(Map<String, Kept> states, String customerId, Kept state) {
        synchronized (states) {
            Kept known = states.get(customerId);
            if (known == null || known.version() <= state.version()) {
                states.put(customerId, state);
            }
        }
    }

    private Uni<Map<String, Loaded>> fromStore(SqlClient client, List<String> customerIds, boolean mayRefresh) {
        return fold(client, customerIds, mayRefresh).map(all -> {
            Map<String, Loaded> loaded = new HashMap<>();
            all.forEach((id, folded) -> loaded.put(id, folded.loaded()));
            return loaded;
        });
    }

    /**
     * The accounts as the store holds them: each stream's snapshot of the current shape, if any, and the events after
     * it, read in two queries for all of them; parsed and folded on a worker thread. With {@code mayRefresh}, a stream
     * found {@code snapshot-every} events or more past its snapshot gets a new one.
     */
    private Uni<Map<String, Folded>> fold(SqlClient client, List<String> customerIds, boolean mayRefresh) {
        if (customerIds.size() <= LOAD_CHUNK) {
            return foldChunk(client, customerIds, mayRefresh);
        }
        // In chunks, one after the other: the rows of one query (every event of every stream asked for, JSON text
        // included) are all in memory until the query's result is folded. A poll of 500 customers with ~200 events
        // each read at once held ~100,000 rows, over 100 MB, beside the accounts themselves (the disputes benchmark:
        // back-to-back full GCs in a 512 MiB heap); a chunk holds at most LOAD_CHUNK streams' rows.
        Map<String, Folded> all = new HashMap<>();
        Uni<Map<String, Folded>> chain = Uni.createFrom().item(all);
        for (int from = 0; from < customerIds.size(); from += LOAD_CHUNK) {
            List<String> chunk = customerIds.subList(from, Math.min(customerIds.size(), from + LOAD_CHUNK));
            chain = chain.chain(sofar -> foldChunk(client, chunk, mayRefresh).map(more -> {
                sofar.putAll(more);
                return sofar;
            }));
        }
        return chain;
    }

    private Uni<Map<String, Folded>> foldChunk(SqlClient client, List<String> customerIds, boolean mayRefresh) {
        List<String> streamIds = customerIds.stream().map(AccountEvents::streamId).toList();
        Uni<Map<String, StreamSnapshot>> found = snapshotEvery > 0
                ? snapshots.loadAll(client, streamIds, Account.JSON_SHAPE)
                : Uni.createFrom().item(Map.of());
        return found.emitOn(Infrastructure.getDefaultWorkerPool()).chain(byStream -> {
            Map<String, Loaded> starts = new HashMap<>();
            Map<String, Long> after = new LinkedHashMap<>();
            for (String id : customerIds) {
                Loaded start = start(id, byStream.get(AccountEvents.streamId(id)));
                starts.put(id, start);
                after.put(AccountEvents.streamId(id), start.version());
            }
            return store.readStreamsAfter(client, after).emitOn(Infrastructure.getDefaultWorkerPool()).map(streams -> {
                Map<String, Folded> loaded = new HashMap<>();
                for (String id : customerIds) {
                    Loaded start = starts.get(id);
                    List<RecordedEvent> events = streams.getOrDefault(AccountEvents.streamId(id), List.of());
                    Account account = start.account();
                    AccountEvents.fromRecorded(events).forEach(account::evolve);
                    if (mayRefresh) {
                        // Counted for callers' loads only, not for the snapshot refreshes' own.
                        eventsFolded.add(events.size());
                        if (start.version() > 0) {
                            fromSnapshot.increment();
                        }
                    }
                    long version = events.isEmpty() ? start.version() : events.getLast().version();
                    loaded.put(id, new Folded(new Loaded(account, version),
                            events.isEmpty() ? null : events.getLast().eventId()));
                    if (mayRefresh) {
                        snapshotDue(id, version, start.version());
                    }
                }
                return loaded;
            });
        });
    }

    /** Where folding starts: the snapshot's account and version if it can be read, else an empty account at 0. */
    private Loaded start(String customerId, StreamSnapshot snapshot) {
        if (snapshot != null) {
            try {
                Account account = Account.fromJson(snapshot.stateJson());
                if (account.customerId().equals(customerId)) {
                    return new Loaded(account, snapshot.version());
                }
                LOG.warnf("the snapshot of %s holds customer %s: ignored", snapshot.streamId(), account.customerId());
            } catch (IllegalArgumentException unreadable) {
                // The shape matches but the text does not read: a bug to fix, never a reason to fail a load.
                LOG.warnf("the snapshot of %s at version %d cannot be read, folding the whole stream: %s",
                        snapshot.streamId(), snapshot.version(), unreadable.getMessage());
            }
        }
        return new Loaded(AccountDecider.initialState(customerId), 0);
    }

    /** Remembers where the stream's snapshot is and starts a new one if the stream has grown enough past it. */
    private void snapshotDue(String customerId, long version, long snapshotVersion) {
        if (snapshotEvery <= 0) {
            return;
        }
        long known;
        synchronized (snapshotVersions) {
            known = Math.max(snapshotVersion, snapshotVersions.getOrDefault(customerId, 0L));
            snapshotVersions.put(customerId, known);
        }
        if (version - known >= snapshotEvery) {
            refreshSnapshot(customerId);
        }
    }

    /**
     * Writes the account's snapshot from what the store has committed, in short queries of their own, without
     * waiting: a failure only means the next load folds a few more events (logged, retried at the next trigger).
     */
    private void refreshSnapshot(String customerId) {
        if (refreshing.size() >= MAX_REFRESHES_IN_FLIGHT || !refreshing.add(customerId)) {
            return;
        }
        Pool pool = store.pool();
        fromStore(pool, List.of(customerId), false)
                .map(loaded -> loaded.get(customerId))
                .chain(loaded -> loaded.version() == 0 ? Uni.createFrom().item(false)
                        : snapshots.save(pool, new StreamSnapshot(AccountEvents.streamId(customerId), loaded.version(),
                                Account.JSON_SHAPE, loaded.account().toJson()))
                        .invoke(saved -> {
                            synchronized (snapshotVersions) {
                                snapshotVersions.merge(customerId, loaded.version(), Math::max);
                            }
                            if (saved) {
                                snapshotsWritten.increment();
                            }
                        }))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onTermination().invoke(() -> refreshing.remove(customerId))
                .subscribe().with(saved -> LOG.debugf("snapshot of %s refreshed: %s", customerId, saved),
                        failure -> LOG.warnf("the snapshot of %s could not be written (loads fold more events until"
                                + " the next try): %s", customerId, failure.toString()));
    }

    /** Totals since start, for tests and diagnostics. */
    public LoadCounts loadCounts() {
        return new LoadCounts(eventsFolded.sum(), fromSnapshot.sum(), snapshotsWritten.sum(), fromKept.sum(),
                takenFromIngestCache.sum());
    }

    /** Up to {@code limit} customers with an account whose ids sort after {@code after} ("" for the first page). */
    public Uni<List<String>> customerIdsAfter(SqlClient client, String after, int limit) {
        return client.preparedQuery("SELECT DISTINCT stream_id FROM events WHERE stream_id LIKE 'account-%'"
                        + " AND stream_id > $1 ORDER BY stream_id LIMIT $2")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(AccountEvents.streamId(after), limit))
                .map(rows -> {
                    List<String> ids = new java.util.ArrayList<>();
                    rows.forEach(row -> ids.add(AccountEvents.customerIdOf(row.getString(0))));
                    return ids;
                });
    }

    /**
     * The account's events in stream order, as stored. Completes on a worker thread: callers fold them, which must
     * not hold up the event loop for a long stream.
     */
    public Uni<List<RecordedEvent>> history(SqlClient client, String customerId) {
        return store.readStream(client, AccountEvents.streamId(customerId)).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Several accounts' events in one query, by customer id; completes on a worker thread, as {@link #history}. */
    public Uni<Map<String, List<RecordedEvent>>> histories(SqlClient client, List<String> customerIds) {
        return store.readStreams(client, customerIds.stream().map(AccountEvents::streamId).toList())
                .emitOn(Infrastructure.getDefaultWorkerPool()).map(streams -> {
            Map<String, List<RecordedEvent>> byCustomer = new HashMap<>();
            streams.forEach((stream, events) -> byCustomer.put(AccountEvents.customerIdOf(stream), events));
            return byCustomer;
        });
    }

    /**
     * Called after a commit: these states are now what the streams hold. A stream that has grown far enough past its
     * snapshot gets a new one (written from the store, not from these objects, which ingest keeps changing in place).
     */
    public void remember(Map<String, Loaded> committed) {
        remember(committed, Map.of());
    }

    /**
     * {@link #remember(Map)}, with the id of the last event each account's commit appended: the caller is done with
     * these objects (it changes them no more), so a command may start from them (see the class comment).
     */
    public void remember(Map<String, Loaded> committed, Map<String, UUID> lastEventIds) {
        synchronized (recent) {
            // An older state never replaces a newer one (two writers' commits can be remembered out of order).
            committed.forEach((id, loaded) -> {
                Loaded known = recent.get(id);
                if (known == null || loaded.version() >= known.version()) {
                    sharedWithKept.remove(id);
                    UUID lastEventId = lastEventIds.get(id);
                    if (lastEventId != null) {
                        committedInRecent.put(id, new Committed(loaded.version(), lastEventId));
                    } else {
                        committedInRecent.remove(id);
                    }
                    // After the marks, so that an account the put itself evicts loses them with it.
                    recent.put(id, loaded);
                }
            });
        }
        committed.forEach((id, loaded) -> snapshotDue(id, loaded.version(), 0));
    }

    public void forget(Collection<String> customerIds) {
        synchronized (recent) {
            customerIds.forEach(recent::remove);
            sharedWithKept.removeAll(customerIds);
            customerIds.forEach(committedInRecent::remove);
        }
    }
}
