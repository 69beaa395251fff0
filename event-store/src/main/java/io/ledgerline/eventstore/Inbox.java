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

    private static final String FINGERPRINTS = """
            SELECT message_id, fingerprint FROM inbox WHERE consumer = $1 AND message_id = ANY($2)
            """;
    private static final String RECORD_WITH_FINGERPRINTS = """
            INSERT INTO inbox (consumer, message_id, fingerprint)
            SELECT $1, id, fp FROM unnest($2::text[], $3::text[]) AS m(id, fp)
            ON CONFLICT (consumer, message_id) DO NOTHING
            """;

    /** What a message id stood for when it was recorded: a fingerprint of its content, or null if none was kept. */
    public record Known(String messageId, String fingerprint) {
    }

    /**
     * The messages among {@code messageIds} that {@code consumer} has recorded, with their fingerprints. With
     * {@link #recordAll}, a consumer records only the messages it accepted, and can tell a later message under a known
     * id as a repeat (same fingerprint) or a conflict (another one).
     */
    public Uni<java.util.Map<String, Known>> known(SqlConnection tx, String consumer, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return tx.preparedQuery(FINGERPRINTS)
                .execute(Tuple.tuple().addString(consumer).addArrayOfString(new HashSet<>(messageIds).toArray(String[]::new)))
                .map(rows -> {
                    java.util.Map<String, Known> known = new java.util.HashMap<>();
                    for (Row row : rows) {
                        known.put(row.getString(0), new Known(row.getString(0), row.getString(1)));
                    }
                    return known;
                });
    }

    /**
     * Records messages with their fingerprints (id to fingerprint). Fails with {@link ConcurrentlyRecorded} when another
     * transaction recorded one of them since {@link #known} looked: the caller rolls back and decides again.
     */
    public Uni<Void> recordAll(SqlConnection tx, String consumer, java.util.Map<String, String> fingerprintById) {
        if (fingerprintById.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = fingerprintById.keySet().toArray(String[]::new);
        String[] fingerprints = new String[ids.length];
        for (int n = 0; n < ids.length; n++) {
            fingerprints[n] = fingerprintById.get(ids[n]);
        }
        return tx.preparedQuery(RECORD_WITH_FINGERPRINTS)
                .execute(Tuple.tuple().addString(consumer).addArrayOfString(ids).addArrayOfString(fingerprints))
                .invoke(rows -> {
                    if (rows.rowCount() != ids.length) {
                        throw new ConcurrentlyRecorded(consumer, ids.length - rows.rowCount());
                    }
                })
                .replaceWithVoid();
    }

    /** Another transaction recorded some of the same messages at the same time; decide again. */
    public static final class ConcurrentlyRecorded extends RuntimeException {
        public ConcurrentlyRecorded(String consumer, int count) {
            super(count + " message(s) of " + consumer + " were recorded by another transaction meanwhile");
        }
    }

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
