package io.ledgerline.collections.ledger;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts collections consumed from the other services, kept per customer (table {@code ledger_facts}): what a
 * customer's ledger copy is folded from. A fact is stored as its CloudEvent type and payload, exactly as read.
 */
public final class FactLog {

    /** A consumed fact to keep: which message it was, and the event it carried. */
    public record Fact(String customerId, String source, String messageId, String ceType, DomainEvent event) {
    }

    private static final String INSERT = """
            INSERT INTO ledger_facts (customer_id, source, message_id, ce_type, payload)
            SELECT c, s, m, t, p::jsonb
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(c, s, m, t, p)
            """;

    private static final String READ = """
            SELECT customer_id, ce_type, payload::text AS payload FROM ledger_facts
             WHERE customer_id = ANY($1::text[]) ORDER BY position
            """;

    private FactLog() {
    }

    public static Uni<Void> append(SqlConnection tx, List<Fact> facts) {
        if (facts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = facts.size();
        String[] customers = new String[n];
        String[] sources = new String[n];
        String[] ids = new String[n];
        String[] types = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Fact fact = facts.get(i);
            customers[i] = fact.customerId();
            sources[i] = fact.source();
            ids[i] = fact.messageId();
            types[i] = fact.ceType();
            payloads[i] = EventJson.writeString(fact.event());
        }
        return tx.preparedQuery(INSERT).execute(Tuple.tuple().addArrayOfString(customers).addArrayOfString(sources)
                        .addArrayOfString(ids).addArrayOfString(types).addArrayOfString(payloads))
                .replaceWithVoid();
    }

    /** Every fact of these customers in the order it was recorded; a customer without facts maps to an empty list. */
    public static Uni<Map<String, List<DomainEvent>>> read(SqlClient client, Collection<String> customerIds) {
        Tuple ids = Tuple.tuple().addArrayOfString(customerIds.toArray(String[]::new));
        return client.preparedQuery(READ).execute(ids).map(rows -> {
            Map<String, List<DomainEvent>> byCustomer = new HashMap<>();
            customerIds.forEach(id -> byCustomer.put(id, new ArrayList<>()));
            for (Row row : rows) {
                byCustomer.get(row.getString(0)).add(decode(row.getString(1), row.getString(2)));
            }
            return byCustomer;
        });
    }

    static DomainEvent decode(String ceType, String payload) {
        EventTypes.ParsedType type = EventTypes.parse(ceType)
                .orElseThrow(() -> new IllegalStateException("stored fact of unreadable type " + ceType));
        Map<String, ? extends Class<? extends DomainEvent>> classes = switch (type.area()) {
            case EventTypes.RECEIVABLES_AREA -> EventTypes.RECEIVABLES;
            case EventTypes.CREDIT_AREA -> EventTypes.CREDIT;
            case EventTypes.DISPUTES_AREA -> EventTypes.DISPUTES;
            default -> throw new IllegalStateException("collections keeps no facts of area " + type.area());
        };
        Class<? extends DomainEvent> eventClass = classes.get(type.name());
        if (eventClass == null) {
            throw new IllegalStateException("stored fact of unknown type " + ceType);
        }
        return EventJson.read(payload, eventClass);
    }
}
