package io.ledgerline.credit.ledger;

import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.eventstore.EventStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Customers' credit (facts and file) in memory, so an order check answers from it without replaying anything. A
 * customer is loaded from its credit stream and its kept upstream events the first time it is needed, then kept.
 *
 * <p>Every writer of a customer (the consumer, a command, an order check) calls {@link #advance} in its transaction:
 * it moves the customer's row in {@code credit_customer} from the versions its copy was built from to the new ones,
 * and fails with {@link StaleCopy} if someone else moved them first (another instance, or the consumer between the
 * load and the commit). The caller then forgets the copy and decides again on a fresh one: nothing is ever decided on
 * facts that are not the latest.
 */
@ApplicationScoped
public class CreditFiles {

    /** A customer's versions before a change and after it. */
    public record Move(String customerId, String name, long upstreamBefore, long streamBefore, long upstreamAfter,
                       long streamAfter) {
    }

    /** Another writer changed the customer since this copy was loaded. */
    public static final class StaleCopy extends RuntimeException {
        private final Set<String> customerIds;

        public StaleCopy(Set<String> customerIds) {
            super("credit files changed meanwhile: " + customerIds, null, false, false);
            this.customerIds = customerIds;
        }

        public Set<String> customerIds() {
            return customerIds;
        }
    }

    private static final String ADVANCE = """
            WITH input AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::int8[], $5::int8[], $6::int8[])
                    AS i(customer_id, name, upstream_before, stream_before, upstream_after, stream_after)),
            moved AS (
                UPDATE credit_customer c
                   SET upstream_version = i.upstream_after, stream_version = i.stream_after,
                       name = coalesce(i.name, c.name)
                  FROM input i
                 WHERE c.customer_id = i.customer_id
                   AND c.upstream_version = i.upstream_before AND c.stream_version = i.stream_before
                RETURNING c.customer_id),
            created AS (
                INSERT INTO credit_customer (customer_id, name, upstream_version, stream_version)
                SELECT i.customer_id, i.name, i.upstream_after, i.stream_after FROM input i
                 WHERE i.upstream_before = 0 AND i.stream_before = 0
                ON CONFLICT (customer_id) DO NOTHING
                RETURNING customer_id)
            SELECT customer_id FROM moved UNION ALL SELECT customer_id FROM created
            """;

    /**
     * {@link #ADVANCE} that fails the statement (SQLSTATE LL409) unless every customer moved and every event of
     * {@code $7} is in the store, for writers that send COMMIT without waiting for the answers.
     */
    private static final String ADVANCE_OR_FAIL = ADVANCE.substring(0, ADVANCE.lastIndexOf("SELECT customer_id FROM moved"))
            + """
            SELECT credit_require(
                (SELECT count(*) FROM moved) + (SELECT count(*) FROM created) = cardinality($1::text[])
                AND (SELECT count(*) FROM events WHERE event_id = ANY($7::uuid[])) = cardinality($7::uuid[]),
                'STALE_COPY')
            """;

    private static final String LOCK_IN_ORDER = "SELECT customer_id FROM credit_customer WHERE customer_id = ANY($1)"
            + " ORDER BY customer_id FOR UPDATE";

    private static final String VERSIONS =
            "SELECT upstream_version, stream_version FROM credit_customer WHERE customer_id = $1";

    private final EventStore store;
    private final UpstreamLog upstreamLog;
    private final Map<String, CustomerCredit> recent;

    public CreditFiles(EventStore store, UpstreamLog upstreamLog,
                       @ConfigProperty(name = "ledgerline.credit.files.cache-size", defaultValue = "20000") int size) {
        this.store = store;
        this.upstreamLog = upstreamLog;
        this.recent = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CustomerCredit> eldest) {
                return size() > size;
            }
        };
    }

    /** The customers' credit, from memory where it is there, else from their streams and kept events. */
    public Uni<Map<String, CustomerCredit>> load(SqlClient client, Collection<String> customerIds) {
        Map<String, CustomerCredit> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        synchronized (recent) {
            for (String id : new java.util.LinkedHashSet<>(customerIds)) {
                CustomerCredit cached = recent.get(id);
                if (cached != null) {
                    found.put(id, cached);
                } else {
                    missing.add(id);
                }
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        return loadFromStore(client, missing).map(loaded -> {
            found.putAll(loaded);
            synchronized (recent) {
                loaded.forEach(recent::putIfAbsent);
            }
            return found;
        });
    }

    public Uni<CustomerCredit> load(SqlClient client, String customerId) {
        return load(client, List.of(customerId)).map(all -> all.get(customerId));
    }

    /**
     * The customer as memory has it if that is still what the database says (one small read), else reloaded: for
     * reads that must not show a copy another instance has overtaken.
     */
    public Uni<CustomerCredit> loadCurrent(SqlClient client, String customerId) {
        return load(client, customerId).chain(credit -> client.preparedQuery(VERSIONS).execute(Tuple.of(customerId))
                .chain(rows -> {
                    long upstream = 0;
                    long stream = 0;
                    if (rows.size() > 0) {
                        Row row = rows.iterator().next();
                        upstream = row.getLong(0);
                        stream = row.getLong(1);
                    }
                    if (upstream == credit.facts().observed() && stream == credit.file().version()) {
                        return Uni.createFrom().item(credit);
                    }
                    forget(List.of(customerId));
                    return load(client, customerId);
                }));
    }

    private Uni<Map<String, CustomerCredit>> loadFromStore(SqlClient client, List<String> customerIds) {
        return store.readStreams(client, customerIds.stream().map(CreditEvents::streamId).toList())
                .chain(streams -> upstreamLog.read(client, customerIds).map(upstream -> {
                    Map<String, CustomerCredit> loaded = new HashMap<>();
                    for (String id : customerIds) {
                        loaded.put(id, CustomerCredit.replay(id, upstream.getOrDefault(id, List.of()),
                                CreditEvents.fromRecorded(streams.getOrDefault(CreditEvents.streamId(id), List.of()))));
                    }
                    return loaded;
                }));
    }

    /**
     * Locks the customers' rows in the order of their ids, so that writers of several customers (a credit group's
     * check) take them in one order and never wait for each other in a circle.
     */
    public Uni<Void> lockInOrder(SqlConnection tx, List<String> customerIds) {
        return tx.preparedQuery(LOCK_IN_ORDER).execute(Tuple.of(customerIds.toArray(String[]::new))).replaceWithVoid();
    }

    /** Moves each customer's versions, or fails with {@link StaleCopy} naming those someone else moved first. */
    public Uni<Void> advance(SqlConnection tx, List<Move> moves) {
        if (moves.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple params = moveParams(moves);
        return tx.preparedQuery(ADVANCE).execute(params)
                .invoke(rows -> {
                    Set<String> moved = new HashSet<>();
                    rows.forEach(row -> moved.add(row.getString(0)));
                    Set<String> stale = new HashSet<>();
                    for (Move m : moves) {
                        if (!moved.contains(m.customerId())) {
                            stale.add(m.customerId());
                        }
                    }
                    if (!stale.isEmpty()) {
                        throw new StaleCopy(stale);
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Like {@link #advance}, but the statement itself fails (and with it the transaction) if a customer was moved by
     * someone else or one of {@code eventIds} is not in the store: for a transaction whose COMMIT is already sent.
     */
    public Uni<Void> advanceOrFail(SqlConnection tx, List<Move> moves, java.util.UUID[] eventIds) {
        return tx.preparedQuery(ADVANCE_OR_FAIL).execute(moveParams(moves).addValue(eventIds)).replaceWithVoid();
    }

    /** The statements' parameters: customer ids, names, and the versions before and after, one array each. */
    private static Tuple moveParams(List<Move> moves) {
        int n = moves.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        Long[] upstreamBefore = new Long[n];
        Long[] streamBefore = new Long[n];
        Long[] upstreamAfter = new Long[n];
        Long[] streamAfter = new Long[n];
        for (int i = 0; i < n; i++) {
            Move m = moves.get(i);
            ids[i] = m.customerId();
            names[i] = m.name();
            upstreamBefore[i] = m.upstreamBefore();
            streamBefore[i] = m.streamBefore();
            upstreamAfter[i] = m.upstreamAfter();
            streamAfter[i] = m.streamAfter();
        }
        return Tuple.tuple().addArrayOfString(ids).addArrayOfString(names).addArrayOfLong(upstreamBefore)
                .addArrayOfLong(streamBefore).addArrayOfLong(upstreamAfter).addArrayOfLong(streamAfter);
    }

    /**
     * Publishes copies a transaction just committed. A published copy is never changed again: writers change a copy
     * of it and publish that, so readers need no lock.
     */
    public void publish(Collection<CustomerCredit> committed) {
        synchronized (recent) {
            committed.forEach(credit -> recent.put(credit.customerId(), credit));
        }
    }

    /** Forgets a customer's copy if it is still the one a failed writer started from (a newer one is kept). */
    public void forgetIfSame(String customerId, CustomerCredit startedFrom) {
        synchronized (recent) {
            recent.remove(customerId, startedFrom);
        }
    }

    public void forget(Collection<String> customerIds) {
        synchronized (recent) {
            customerIds.forEach(recent::remove);
        }
    }

    /** Every customer whose credit is in memory now (for the daily run, which also reads the database's list). */
    public Set<String> cached() {
        synchronized (recent) {
            return new HashSet<>(recent.keySet());
        }
    }
}
