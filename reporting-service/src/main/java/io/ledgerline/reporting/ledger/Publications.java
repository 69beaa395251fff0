package io.ledgerline.reporting.ledger;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;
import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.reporting.domain.AgingPublication;
import io.ledgerline.reporting.domain.KpiPublication;
import io.ledgerline.reporting.projection.SetWrite;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.ledgerline.reporting.projection.SetWrite.Type.BIGINT;
import static io.ledgerline.reporting.projection.SetWrite.Type.BOOL;
import static io.ledgerline.reporting.projection.SetWrite.Type.DATE;
import static io.ledgerline.reporting.projection.SetWrite.Type.TEXT;

/**
 * reporting's own aggregates in its event store: one stream per aging key ({@code aging-<customerId>/<currency>}:
 * {@code AgingSnapshot} and {@code AgingCleared} events) and one per KPI key ({@code kpi-<kpi>/<scope>/<period>}:
 * {@code KpiCalculated}). The outbox relays publish them from there (snapshots and KPIs to their topics, a cleared
 * aging as a tombstone), so a figure is on Kafka if and only if it was committed here. Each stream's state (what was
 * last published) is kept in a row updated in the same transaction as the append.
 */
public class Publications {

    public static final String AGING_SNAPSHOT = "AgingSnapshot";
    public static final String AGING_CLEARED = "AgingCleared";
    public static final String KPI_CALCULATED = "KpiCalculated";

    /**
     * One index probe per customer of the poll (the subquery with {@code OFFSET 0} is not flattened, so it runs per
     * customer on {@code rpt_aging_published_customer_idx}): the time is the poll's, not the table's. As
     * {@code customer_id = ANY($1)} the statement's cached generic plan scanned the whole table and compared every
     * row with every customer of the poll (the array is a parameter there, so it is searched, not hashed): a cost of
     * keys published × customers in the poll, which made a poll after a backlog several times slower per event than
     * a small one and drew the steady state's latency tail out (benchmarks/README.md, Reporting, 2026-12-02).
     */
    private static final String AGING_STATES = """
            SELECT p.aging_key, p.customer_id, p.currency, p.version, p.open, p.content
            FROM unnest($1::text[]) AS c(customer_id)
            CROSS JOIN LATERAL (SELECT * FROM rpt_aging_published a WHERE a.customer_id = c.customer_id OFFSET 0) p""";
    private static final SetWrite SAVE_AGING = SetWrite.of(
            "INSERT INTO rpt_aging_published (aging_key, customer_id, currency, version, open, content)",
            List.of(TEXT, TEXT, TEXT, BIGINT, BOOL, TEXT), """
            ON CONFLICT (aging_key) DO UPDATE SET version = EXCLUDED.version, open = EXCLUDED.open,
                content = EXCLUDED.content""", 0);
    private static final String KPI_STATES = """
            SELECT kpi_key, version, last_content, closed_content FROM rpt_kpi_published WHERE kpi_key = ANY($1)""";
    private static final SetWrite SAVE_KPI = SetWrite.of(
            "INSERT INTO rpt_kpi_published (kpi_key, version, last_content, closed_content, closed_as_of)",
            List.of(TEXT, BIGINT, TEXT, TEXT, DATE), """
            ON CONFLICT (kpi_key) DO UPDATE SET version = EXCLUDED.version, last_content = EXCLUDED.last_content,
                closed_content = EXCLUDED.closed_content,
                closed_as_of = coalesce(rpt_kpi_published.closed_as_of, EXCLUDED.closed_as_of)""", 0);

    private final EventStore store;

    public Publications(EventStore store) {
        this.store = store;
    }

    /** An aging key's current publication: whether it is open, for keys the caller did not compute. */
    public record AgingKeyState(String customerId, String currency, AgingPublication.State state) {
    }

    /** What was last published under every aging key of these customers. */
    public Uni<Map<String, AgingKeyState>> agingStates(SqlClient client, Collection<String> customers) {
        return client.preparedQuery(AGING_STATES).execute(Tuple.of(customers.toArray(String[]::new))).map(rows -> {
            Map<String, AgingKeyState> states = new HashMap<>();
            for (Row row : rows) {
                states.put(row.getString("aging_key"), new AgingKeyState(row.getString("customer_id"),
                        row.getString("currency"), new AgingPublication.State(row.getLong("version"),
                        row.getBoolean("open"), row.getString("content"))));
            }
            return states;
        });
    }

    /**
     * Decides and appends the publication of each computed snapshot (one per key) against the states given; returns
     * how many records it appended. The caller computes a zero snapshot for every open key that has nothing left.
     */
    public Uni<Integer> publishAging(SqlConnection tx, Map<String, AgingKeyState> states,
                                     Collection<AgingSnapshot> computed) {
        List<StreamAppend> appends = new ArrayList<>();
        List<Object[]> saved = new ArrayList<>();
        for (AgingSnapshot snapshot : computed) {
            String key = snapshot.key();
            AgingKeyState known = states.get(key);
            AgingPublication.State state = known == null ? AgingPublication.State.NONE : known.state();
            List<AgingPublication.Event> events = AgingPublication.decide(state, snapshot);
            if (events.isEmpty()) {
                continue;
            }
            List<EventToAppend> toAppend = new ArrayList<>();
            AgingPublication.State next = state;
            for (AgingPublication.Event event : events) {
                toAppend.add(switch (event) {
                    case AgingPublication.Published p -> event(AGING_SNAPSHOT, key, EventJson.writeString(p.snapshot()));
                    case AgingPublication.Cleared c -> event(AGING_CLEARED, key, EventJson.writeString(c));
                });
                next = AgingPublication.evolve(next, event);
            }
            appends.add(new StreamAppend("aging-" + key, state.version(), toAppend));
            saved.add(new Object[] {key, snapshot.customerId(), snapshot.currency(), next.version(), next.open(),
                    next.content()});
        }
        return append(tx, appends, SAVE_AGING, saved);
    }

    public Uni<Map<String, KpiPublication.State>> kpiStates(SqlClient client, Collection<String> keys) {
        return client.preparedQuery(KPI_STATES).execute(Tuple.of(keys.toArray(String[]::new))).map(rows -> {
            Map<String, KpiPublication.State> states = new HashMap<>();
            for (Row row : rows) {
                String closed = row.getString("closed_content");
                states.put(row.getString("kpi_key"), new KpiPublication.State(row.getLong("version"),
                        row.getString("last_content"), closed == null ? "" : closed));
            }
            return states;
        });
    }

    /** Decides and appends the publication of each computed figure (restated false); returns how many went out. */
    public Uni<Integer> publishKpis(SqlConnection tx, Collection<KpiCalculated> computed) {
        Map<String, KpiCalculated> byKey = new LinkedHashMap<>();
        computed.forEach(figure -> byKey.put(figure.key(), figure));
        if (byKey.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return kpiStates(tx, byKey.keySet()).chain(states -> {
            List<StreamAppend> appends = new ArrayList<>();
            List<Object[]> saved = new ArrayList<>();
            byKey.forEach((key, figure) -> {
                KpiPublication.State state = states.getOrDefault(key, KpiPublication.State.NONE);
                List<KpiCalculated> out = KpiPublication.decide(state, figure);
                if (out.isEmpty()) {
                    return;
                }
                KpiPublication.State next = state;
                List<EventToAppend> events = new ArrayList<>();
                for (KpiCalculated published : out) {
                    events.add(event(KPI_CALCULATED, key, EventJson.writeString(published)));
                    next = KpiPublication.evolve(next, published);
                }
                appends.add(new StreamAppend("kpi-" + key, state.version(), events));
                saved.add(new Object[] {key, next.version(), next.lastContent(),
                        next.closed() ? next.closedContent() : null, next.closed() ? figure.asOf() : null});
            });
            return append(tx, appends, SAVE_KPI, saved);
        });
    }

    private Uni<Integer> append(SqlConnection tx, List<StreamAppend> appends, SetWrite save, List<Object[]> saved) {
        if (appends.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int records = appends.stream().mapToInt(a -> a.events().size()).sum();
        // Sent together (pipelined): the state rows are written right after the append, without a round trip
        // between them; a conflicting append fails first (answers come in the order sent) and rolls back both.
        return Uni.combine().all().unis(store.append(tx, appends), save.execute(tx, saved)).discardItems()
                .replaceWith(records);
    }

    private static EventToAppend event(String type, String key, String payload) {
        return new EventToAppend(UUID.randomUUID(), type, 1, key, payload, "{}");
    }
}
