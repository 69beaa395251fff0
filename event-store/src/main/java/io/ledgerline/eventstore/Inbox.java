package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Messages each consumer has already handled. Recording a message in the same transaction as its effect makes a
 * redelivery harmless: the second time, its id is not new and the caller skips it.
 */
public class Inbox {

    /** One statement for a whole poll: ids already present are skipped, the others come back as new. */
    private static final String RECORD_NEW = """
            INSERT INTO inbox (consumer, message_id)
            SELECT $1, id FROM unnest($2::text[]) AS id
            ON CONFLICT (consumer, message_id) DO NOTHING
            RETURNING message_id
            """;

    /**
     * Records {@code messageIds} for {@code consumer} on {@code tx} and returns those not recorded before. A message
     * being handled concurrently by another transaction is held back until that one ends, then counts as new only
     * if it rolled back.
     */
    public Uni<Set<String>> recordNew(SqlConnection tx, String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        // Duplicates inside one batch would make ON CONFLICT DO NOTHING skip the second copy anyway;
        // dropping them first keeps the statement small.
        String[] distinct = new HashSet<>(messageIds).toArray(String[]::new);
        return tx.preparedQuery(RECORD_NEW).execute(Tuple.tuple().addString(consumer).addArrayOfString(distinct))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    for (Row row : rows) {
                        fresh.add(row.getString(0));
                    }
                    return fresh;
                });
    }
}
