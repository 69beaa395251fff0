package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a consumer parks the records of one partition key (a customer, an account) that failed for a reason nobody
 * foresaw, so that every other key's records go on flowing. A key stays quarantined until an operator replays it:
 * every later record of that key is parked behind the first (keeping the key's order), and the replay takes them all,
 * in order, once the cause is fixed.
 * <p>
 * Consumers of any service use it the same way, inside the transaction that handles a batch:
 * <ol>
 * <li>{@link #quarantinedAmong} for the batch's keys (it takes a share lock on those keys' rows, so a replay cannot
 * finish between this look and the commit);</li>
 * <li>{@link #park} the records of those keys instead of handling them;</li>
 * <li>after an unexpected failure narrowed down to one key (see {@link RetryPolicy}), {@link #park} that key's records
 * with the error, in a transaction of their own.</li>
 * </ol>
 * A replay ({@link #replay}) locks the key's row, hands the parked records in order to the consumer's own handler in
 * one transaction per chunk, and deletes them (and the key's row, once none is left) in that same transaction.
 */
public class Quarantine {

    /** A quarantined key: why, since when, how many records wait, how many replays have failed. */
    public record Entry(String consumer, String key, String error, OffsetDateTime since, OffsetDateTime lastErrorAt,
                        int failedReplays, long records) {
    }

    /** Handles parked records inside the replay's transaction; a failure rolls the chunk back and keeps them parked. */
    @FunctionalInterface
    public interface ReplayHandler {
        Uni<Void> handle(SqlConnection tx, List<ConsumedRecord> records);
    }

    /** What a replay did: records handled, and whether the key is out of quarantine; on failure, why not. */
    public record ReplayOutcome(String key, long replayed, boolean released, String error) {
    }

    /** Errors are stored for people; control characters and endless messages would not help them. */
    static final int MAX_ERROR_LENGTH = 4000;
    private static final int REPLAY_CHUNK = 500;

    private static final String QUARANTINED_AMONG = """
            SELECT key FROM quarantined_keys WHERE consumer = $1 AND key = ANY($2) FOR SHARE
            """;
    private static final String ADD_KEY = """
            INSERT INTO quarantined_keys (consumer, key, error) VALUES ($1, $2, $3)
            ON CONFLICT (consumer, key) DO NOTHING
            """;
    private static final String PARK = """
            INSERT INTO quarantined_records (consumer, key, topic, partition, record_offset, record_key, value, headers)
            SELECT $1, r.key, r.topic, r.partition, r.record_offset, r.record_key, r.value, r.headers
            FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::bytea[], $7::bytea[], $8::bytea[])
                    WITH ORDINALITY AS r(key, topic, partition, record_offset, record_key, value, headers, n)
            ORDER BY r.n
            """;
    private static final String ENTRIES = """
            SELECT k.consumer, k.key, k.error, k.since, k.last_error_at, k.failed_replays,
                   (SELECT count(*) FROM quarantined_records r WHERE r.consumer = k.consumer AND r.key = k.key) AS records
            FROM quarantined_keys k WHERE k.consumer = $1 ORDER BY k.since, k.key
            """;
    private static final String LOCK_KEY = "SELECT key FROM quarantined_keys WHERE consumer = $1 AND key = $2 FOR UPDATE";
    private static final String PARKED = """
            SELECT seq, topic, partition, record_offset, record_key, value, headers FROM quarantined_records
            WHERE consumer = $1 AND key = $2 ORDER BY seq LIMIT $3
            """;
    private static final String RELEASE_RECORDS = "DELETE FROM quarantined_records WHERE consumer = $1 AND key = $2 AND seq = ANY($3)";
    private static final String RELEASE_KEY = "DELETE FROM quarantined_keys WHERE consumer = $1 AND key = $2";
    private static final String REPLAY_FAILED = """
            UPDATE quarantined_keys SET error = $3, last_error_at = now(), failed_replays = failed_replays + 1
            WHERE consumer = $1 AND key = $2
            """;

    /**
     * Which of {@code keys} are quarantined for {@code consumer}. Takes a share lock on their rows until the end of
     * {@code tx}: a replay of one of them waits for this transaction, and this one for a replay in progress.
     */
    public Uni<Set<String>> quarantinedAmong(SqlConnection tx, String consumer, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return tx.preparedQuery(QUARANTINED_AMONG)
                .execute(Tuple.of(consumer, new LinkedHashSet<>(keys).toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    /**
     * Parks records, in the order given, each under its key; {@code errorByKey} names why for keys not quarantined
     * before (a key already quarantined keeps its first error). Keys are partition keys such as customer ids.
     */
    public Uni<Void> park(SqlConnection tx, String consumer, java.util.Map<String, String> errorByKey,
                          List<Parked> records) {
        Uni<Void> keysAdded = Uni.createFrom().voidItem();
        if (!errorByKey.isEmpty()) {
            List<Tuple> batch = new ArrayList<>();
            errorByKey.forEach((key, error) -> batch.add(Tuple.of(consumer, key, forPeople(error))));
            keysAdded = tx.preparedQuery(ADD_KEY).executeBatch(batch).replaceWithVoid();
        }
        if (records.isEmpty()) {
            return keysAdded;
        }
        int n = records.size();
        String[] keys = new String[n];
        String[] topics = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        Buffer[] recordKeys = new Buffer[n];
        Buffer[] values = new Buffer[n];
        Buffer[] headers = new Buffer[n];
        for (int i = 0; i < n; i++) {
            Parked p = records.get(i);
            ConsumedRecord r = p.record();
            keys[i] = p.key();
            topics[i] = r.topic();
            partitions[i] = r.partition();
            offsets[i] = r.offset();
            recordKeys[i] = r.key() == null ? null : Buffer.buffer(r.key());
            values[i] = r.value() == null ? null : Buffer.buffer(r.value());
            headers[i] = Buffer.buffer(RecordHeadersCodec.encode(r.headers()));
        }
        return keysAdded.chain(() -> tx.preparedQuery(PARK).execute(Tuple.tuple()
                .addValue(consumer).addValue(keys).addValue(topics).addValue(partitions).addValue(offsets)
                .addValue(recordKeys).addValue(values).addValue(headers))).replaceWithVoid();
    }

    /** A record to park under a key. */
    public record Parked(String key, ConsumedRecord record) {
    }

    /** Every quarantined key of {@code consumer}, oldest first. */
    public Uni<List<Entry>> entries(SqlClient client, String consumer) {
        return client.preparedQuery(ENTRIES).execute(Tuple.of(consumer)).map(rows -> {
            List<Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new Entry(row.getString("consumer"), row.getString("key"), row.getString("error"),
                        row.getOffsetDateTime("since"), row.getOffsetDateTime("last_error_at"),
                        row.getInteger("failed_replays"), row.getLong("records")));
            }
            return entries;
        });
    }

    public Uni<Optional<Entry>> entry(SqlClient client, String consumer, String key) {
        return entries(client, consumer).map(all -> all.stream().filter(e -> e.key().equals(key)).findFirst());
    }

    /**
     * Replays a key: in one transaction per chunk of parked records, locks the key, hands the chunk (in order) to
     * {@code handler} and deletes it; once no record is left the key leaves quarantine. Records parked behind while the
     * replay runs are taken too. If the handler fails, the chunk stays parked, the failure is recorded on the key and
     * returned in the outcome; chunks handled before it stay handled.
     */
    public Uni<ReplayOutcome> replay(Pool pool, String consumer, String key, ReplayHandler handler) {
        return replayFrom(pool, consumer, key, handler, 0);
    }

    private Uni<ReplayOutcome> replayFrom(Pool pool, String consumer, String key, ReplayHandler handler, long done) {
        return pool.withTransaction(tx -> tx.preparedQuery(LOCK_KEY).execute(Tuple.of(consumer, key))
                        .chain(locked -> {
                            if (!locked.iterator().hasNext()) {
                                return Uni.createFrom().item(-1);
                            }
                            return parked(tx, consumer, key).chain(records -> {
                                if (records.isEmpty()) {
                                    return tx.preparedQuery(RELEASE_KEY).execute(Tuple.of(consumer, key)).replaceWith(0);
                                }
                                return handler.handle(tx, records)
                                        .chain(() -> tx.preparedQuery(RELEASE_RECORDS).execute(Tuple.of(consumer, key,
                                                records.stream().map(ConsumedRecord::seq).toArray(Long[]::new))))
                                        .replaceWith(records.size());
                            });
                        }))
                .onItemOrFailure().transformToUni((handled, failure) -> {
                    if (failure != null) {
                        return recordReplayFailure(pool, consumer, key, failure)
                                .replaceWith(new ReplayOutcome(key, done, false, describe(failure)));
                    }
                    if (handled < 0) {
                        return Uni.createFrom().item(new ReplayOutcome(key, done, done > 0, done > 0 ? null
                                : "not quarantined"));
                    }
                    if (handled == 0) {
                        return Uni.createFrom().item(new ReplayOutcome(key, done, true, null));
                    }
                    return replayFrom(pool, consumer, key, handler, done + handled);
                });
    }

    private Uni<List<ConsumedRecord>> parked(SqlConnection tx, String consumer, String key) {
        return tx.preparedQuery(PARKED).execute(Tuple.of(consumer, key, REPLAY_CHUNK)).map(rows -> {
            List<ConsumedRecord> records = new ArrayList<>();
            for (Row row : rows) {
                records.add(new ConsumedRecord(row.getLong("seq"), row.getString("topic"), row.getInteger("partition"),
                        row.getLong("record_offset"), bytes(row, "record_key"), bytes(row, "value"),
                        RecordHeadersCodec.decode(bytes(row, "headers"))));
            }
            return records;
        });
    }

    private Uni<Void> recordReplayFailure(Pool pool, String consumer, String key, Throwable failure) {
        return pool.preparedQuery(REPLAY_FAILED).execute(Tuple.of(consumer, key, forPeople("replay failed: "
                        + describe(failure))))
                .replaceWithVoid()
                // The replay's own failure is the news; not being able to note it as well changes nothing.
                .onFailure().recoverWithNull();
    }

    /** How many keys are quarantined and how many records they hold, for every consumer. */
    public Uni<long[]> totals(SqlClient client) {
        return client.query("SELECT (SELECT count(*) FROM quarantined_keys), (SELECT count(*) FROM quarantined_records)")
                .execute().map(rows -> {
                    Row row = rows.iterator().next();
                    return new long[]{row.getLong(0), row.getLong(1)};
                });
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + (message == null ? "" : ": " + message);
    }

    /** Without control characters other than line breaks (PostgreSQL text holds no NUL) and not endless. */
    static String forPeople(String error) {
        StringBuilder clean = new StringBuilder(Math.min(error.length(), MAX_ERROR_LENGTH));
        for (int n = 0; n < error.length() && clean.length() < MAX_ERROR_LENGTH; n++) {
            char c = error.charAt(n);
            clean.append(c < 0x20 && c != '\n' || c == 0x7F || Character.isSurrogate(c) ? '?' : c);
        }
        return clean.toString();
    }

    private static byte[] bytes(Row row, String column) {
        Buffer buffer = row.getDelegate().getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
