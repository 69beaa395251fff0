package io.ledgerline.receivables.ledger;

import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads customer accounts from their event streams. Recently used accounts are kept in memory with their stream
 * version, so a busy customer is not re-read from the start for every Kafka poll; the version makes the cache safe,
 * because an append on a stale state fails with a concurrency conflict and the caller evicts and retries.
 */
@ApplicationScoped
public class AccountRepository {

    /** An account state and the stream version it was folded up to. */
    public record Loaded(Account account, long version) {
    }

    private final EventStore store;
    private final Map<String, Loaded> recent;

    public AccountRepository(EventStore store, @ConfigProperty(name = "ledgerline.accounts.cache-size",
            defaultValue = "2000") int cacheSize) {
        this.store = store;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * The accounts, from memory or folded from their streams. Completes on a worker thread, never the Vert.x event
     * loop: folding is CPU work, and so is whatever the caller decides on the result.
     */
    public Uni<Map<String, Loaded>> load(SqlClient client, Collection<String> customerIds) {
        return loadOnAnyThread(client, customerIds).emitOn(Infrastructure.getDefaultWorkerPool());
    }

    private Uni<Map<String, Loaded>> loadOnAnyThread(SqlClient client, Collection<String> customerIds) {
        Map<String, Loaded> found = new HashMap<>();
        List<String> missing;
        synchronized (recent) {
            for (String id : customerIds) {
                Loaded cached = recent.get(id);
                if (cached != null) {
                    found.put(id, cached);
                }
            }
            missing = customerIds.stream().filter(id -> !found.containsKey(id)).distinct().toList();
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return store.readStreams(client, missing.stream().map(AccountEvents::streamId).toList()).map(streams -> {
            for (String id : missing) {
                found.put(id, fold(id, streams.getOrDefault(AccountEvents.streamId(id), List.of())));
            }
            return found;
        });
    }

    public Uni<Loaded> load(SqlClient client, String customerId) {
        return load(client, List.of(customerId)).map(all -> all.get(customerId));
    }

    /**
     * The account straight from its stream, never from memory: for people's commands, where a stale cached version
     * (another instance wrote since) would turn a correct If-Match into a false conflict.
     */
    public Uni<Loaded> loadFresh(SqlClient client, String customerId) {
        return history(client, customerId).map(events -> fold(customerId, events));
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

    /** The stream version of an account (0 when it has no events), read from the store. */
    public Uni<Long> version(SqlClient client, String customerId) {
        return client.preparedQuery("SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(AccountEvents.streamId(customerId)))
                .map(rows -> rows.iterator().next().getLong(0));
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

    static Loaded fold(String customerId, List<RecordedEvent> events) {
        return new Loaded(AccountDecider.replay(customerId, AccountEvents.fromRecorded(events)),
                events.isEmpty() ? 0 : events.getLast().version());
    }

    /** Called after a commit: these states are now what the streams hold. */
    public void remember(Map<String, Loaded> committed) {
        synchronized (recent) {
            recent.putAll(committed);
        }
    }

    public void forget(Collection<String> customerIds) {
        synchronized (recent) {
            customerIds.forEach(recent::remove);
        }
    }
}
