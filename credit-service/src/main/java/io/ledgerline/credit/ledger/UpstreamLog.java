package io.ledgerline.credit.ledger;

import io.ledgerline.credit.domain.Upstream;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The events of other services credit keeps ({@code upstream_events}): appended in the consumer's transaction, read
 * back per customer to rebuild its facts, or all of them in order for a what-if.
 */
@ApplicationScoped
public class UpstreamLog {

    private static final String APPEND = """
            INSERT INTO upstream_events (customer_id, source, ce_id, ce_type, area, event_type, payload)
            SELECT e.customer_id, e.source, e.ce_id, e.ce_type, e.area, e.event_type, e.payload::jsonb
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
                   AS e(customer_id, source, ce_id, ce_type, area, event_type, payload)
            """;
    private static final String READ_CUSTOMERS = "SELECT customer_id, source, ce_id, ce_type, area, event_type,"
            + " payload::text AS payload FROM upstream_events WHERE customer_id = ANY($1::text[]) ORDER BY seq";
    private static final String READ_ALL = "SELECT seq, customer_id, source, ce_id, ce_type, area, event_type,"
            + " payload::text AS payload, received_at FROM upstream_events WHERE seq > $1 ORDER BY seq LIMIT $2";

    private static final Map<String, Map<String, Class<?>>> TYPES = Map.of(
            EventTypes.RECEIVABLES_AREA, byName(ReceivablesEvent.class),
            EventTypes.COLLECTIONS_AREA, byName(CollectionsEvent.class),
            EventTypes.DISPUTES_AREA, byName(DisputesEvent.class));

    /** One kept event, with when credit received it (for a what-if's timeline). */
    public record Kept(long seq, Upstream upstream, Instant receivedAt) {
    }

    public Uni<Void> append(SqlConnection tx, List<Upstream> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = events.size();
        String[] customers = new String[n];
        String[] sources = new String[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] areas = new String[n];
        String[] names = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Upstream u = events.get(i);
            customers[i] = u.customerId();
            sources[i] = u.ref().source();
            ids[i] = u.ref().id();
            types[i] = u.ref().type();
            areas[i] = EventTypes.areaOf(u.event().getClass());
            names[i] = u.event().getClass().getSimpleName();
            payloads[i] = EventJson.writeString(u.event());
        }
        return tx.preparedQuery(APPEND).execute(Tuple.tuple().addArrayOfString(customers).addArrayOfString(sources)
                .addArrayOfString(ids).addArrayOfString(types).addArrayOfString(areas).addArrayOfString(names)
                .addArrayOfString(payloads)).replaceWithVoid();
    }

    /** Each customer's kept events, in the order credit received them. */
    public Uni<Map<String, List<Upstream>>> read(SqlClient client, Collection<String> customerIds) {
        return client.preparedQuery(READ_CUSTOMERS)
                .execute(Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, List<Upstream>> byCustomer = new LinkedHashMap<>();
                    customerIds.forEach(id -> byCustomer.put(id, new ArrayList<>()));
                    for (Row row : rows) {
                        byCustomer.computeIfAbsent(row.getString("customer_id"), id -> new ArrayList<>()).add(upstream(row));
                    }
                    return byCustomer;
                });
    }

    /** Up to {@code limit} kept events after {@code afterSeq}, in the order received. */
    public Uni<List<Kept>> readAfter(SqlClient client, long afterSeq, int limit) {
        return client.preparedQuery(READ_ALL).execute(Tuple.of(afterSeq, limit)).map(rows -> {
            List<Kept> kept = new ArrayList<>();
            for (Row row : rows) {
                kept.add(new Kept(row.getLong("seq"), upstream(row), row.getOffsetDateTime("received_at").toInstant()));
            }
            return kept;
        });
    }

    private static Upstream upstream(Row row) {
        Class<?> type = TYPES.getOrDefault(row.getString("area"), Map.of()).get(row.getString("event_type"));
        if (type == null) {
            throw new IllegalStateException("kept event " + row.getString("ce_id") + " has unknown type "
                    + row.getString("area") + "." + row.getString("event_type"));
        }
        return new Upstream(new EventReference(row.getString("source"), row.getString("ce_id"),
                row.getString("ce_type")), (DomainEvent) EventJson.read(row.getString("payload"), type));
    }

    private static Map<String, Class<?>> byName(Class<?> sealed) {
        Map<String, Class<?>> byName = new HashMap<>();
        Stream.of(sealed.getPermittedSubclasses()).forEach(c -> byName.put(c.getSimpleName(), c));
        return Map.copyOf(byName);
    }
}
