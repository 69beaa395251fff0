package io.ledgerline.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL event store: appends with optimistic concurrency, reads one stream, many streams, or everything in
 * the global order. Every read passes payloads through the {@link UpcasterChain}.
 * <p>
 * Methods take the {@link SqlClient} or {@link SqlConnection} to run on, so callers put appends in the same
 * transaction as their inbox rows and read models.
 */
public class EventStore {

    /** SQLSTATE unique_violation. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String STREAM_VERSION_CONSTRAINT = "events_stream_version_key";
    /** PostgreSQL's detail for a unique violation: "Key (stream_id, version)=(acct-1, 3) already exists." */
    private static final Pattern CONFLICTING_KEY = Pattern.compile("=\\((.*), (\\d+)\\) already exists");

    /**
     * tx_id is read as text (the client has no xid8 type) under another name: an alias named tx_id would make
     * ORDER BY tx_id sort the text, where "1000" comes before "999" (and no index serves the sort).
     */
    private static final String COLUMNS = "position, tx_id::text AS tx_id_text, event_id, stream_id, version, event_type,"
            + " schema_version, partition_key, payload::text AS payload, metadata::text AS metadata, recorded_at";

    /**
     * One statement for every event of every stream: the arrays are unnested into rows, inserted in the order
     * given, which append makes the streams' lock order (so positions follow it). A row is inserted only if its
     * stream is at the version the caller expected, as seen by this statement; the caller compares the returned rows
     * with what it sent. Two concurrent appends that both pass that check collide on UNIQUE (stream_id, version)
     * instead.
     */
    private static final String APPEND = """
            INSERT INTO events (event_id, stream_id, version, event_type, schema_version, partition_key, payload, metadata)
            SELECT e.event_id, e.stream_id, e.version, e.event_type, e.schema_version, e.partition_key,
                   e.payload::jsonb, e.metadata::jsonb
              FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::int8[], $5::text[], $6::int4[], $7::text[],
                          $8::text[], $9::text[])
                   WITH ORDINALITY AS e(event_id, stream_id, expected_version, version, event_type, schema_version,
                                        partition_key, payload, metadata, ord)
             WHERE e.expected_version = coalesce(
                       (SELECT max(s.version) FROM events s WHERE s.stream_id = e.stream_id), 0)
             ORDER BY e.ord
            RETURNING stream_id
            """;

    private static final String READ_STREAM =
            "SELECT " + COLUMNS + " FROM events WHERE stream_id = $1 ORDER BY version";

    private static final String READ_STREAMS =
            "SELECT " + COLUMNS + " FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, version";

    /** Each stream's events after a version (a snapshot's): the index on (stream_id, version) serves each pair. */
    private static final String READ_STREAMS_AFTER = "SELECT " + COLUMNS + " FROM events"
            + " JOIN unnest($1::text[], $2::int8[]) AS after(sid, after_version)"
            + " ON stream_id = after.sid AND version > after.after_version ORDER BY stream_id, version";

    /**
     * Only transactions older than the oldest one still running are read: a younger event could otherwise be
     * returned while an older transaction (with a lower tx_id) is yet to commit, and the reader would then skip it.
     */
    private static final String VISIBLE = "tx_id < pg_snapshot_xmin(pg_current_snapshot())";

    private static final String ALL_AFTER = " FROM events WHERE (tx_id, position) > ($1::text::xid8, $2) AND " + VISIBLE
            + " ORDER BY tx_id, position LIMIT $3";

    private static final String READ_ALL_AFTER = "SELECT " + COLUMNS + ALL_AFTER;

    /**
     * {@link #READ_ALL_AFTER} with the payload and metadata only of the event types in $4: a relay that publishes some
     * types still reads every event (its checkpoint moves past the others) but PostgreSQL turns only its own into text
     * and sends them. Reporting's KPI relay reads every aging event this way, a few hundred bytes of JSON each.
     */
    private static final String READ_ALL_AFTER_PAYLOADS_OF = "SELECT " + COLUMNS
            .replace("payload::text AS payload", "CASE WHEN event_type = ANY($4::text[]) THEN payload::text END AS payload")
            .replace("metadata::text AS metadata",
                    "CASE WHEN event_type = ANY($4::text[]) THEN metadata::text END AS metadata") + ALL_AFTER;

    private static final String BETWEEN = " FROM events"
            + " WHERE (tx_id, position) > ($1::text::xid8, $2) AND (tx_id, position) <= ($3::text::xid8, $4) AND "
            + VISIBLE + " ORDER BY tx_id, position LIMIT $5";

    private static final String READ_BETWEEN = "SELECT " + COLUMNS + BETWEEN;

    /** The same without the metadata, which PostgreSQL would otherwise turn into text for every event. */
    private static final String READ_BETWEEN_WITHOUT_METADATA = "SELECT "
            + COLUMNS.replace("metadata::text AS metadata", "NULL::text AS metadata") + BETWEEN;

    private static final String HEAD = "SELECT tx_id::text AS tx_id_text, position FROM events WHERE " + VISIBLE
            + " ORDER BY tx_id DESC, position DESC LIMIT 1";

    /**
     * Whether an event after the position has committed but is not yet readable: its transaction id is at or above
     * the oldest transaction still running, which may yet commit an older event. Asked of the newest committed event
     * alone (the index on (tx_id, position) read backwards from its end, one visible entry): if any committed event
     * after the position is held back, the newest is after the position and held back too, since the index orders by
     * transaction id first. Until 2026-12-03 it asked {@code EXISTS (... WHERE (tx_id, position) > $1 AND tx_id >=
     * xmin)}, which the index served forwards from the position through every entry after it (the xmin bound, a lower
     * bound too, did not end the scan; an open transaction's entries, invisible, each checked in the table): a relay
     * waiting behind an open transaction asked it every few ms at the cost of everything after its position
     * (benchmarks/README.md, "The relay's held-back check").
     */
    static final String HELD_BACK = "SELECT coalesce((SELECT (tx_id, position) > ($1::text::xid8, $2)"
            + " AND tx_id >= pg_snapshot_xmin(pg_current_snapshot()) FROM events"
            + " ORDER BY tx_id DESC, position DESC LIMIT 1), false)";

    private static final String COUNT_AFTER = "SELECT count(*) FROM events"
            + " WHERE (tx_id, position) > ($1::text::xid8, $2) AND " + VISIBLE;

    private final Pool pool;
    private final UpcasterChain upcasters;
    private volatile MeterRegistry meters;
    private volatile boolean traceFromCurrentSpan = true;

    public EventStore(Pool pool, UpcasterChain upcasters) {
        this.pool = pool;
        this.upcasters = upcasters;
    }

    /**
     * Whether {@link #append} gives events without a {@code traceparent} in their metadata the current span's (on by
     * default; the CDI bean follows whether tracing is on, see {@link Traces#recording()}).
     */
    public EventStore tracingFromCurrentSpan(boolean on) {
        this.traceFromCurrentSpan = on;
        return this;
    }

    /**
     * Counts appended events in {@code ledgerline.events.appended{event_type}} (Prometheus:
     * {@code ledgerline_events_appended_total}) once their transaction has committed: a rolled-back append is not
     * counted.
     */
    public EventStore countingAppendsIn(MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    /** The pool this store was built with, for callers that read outside any transaction. */
    public Pool pool() {
        return pool;
    }

    /**
     * Appends the events of every stream in one statement on {@code tx}. Fails with {@link ConcurrencyConflict}
     * when a stream is not at its expected version; the caller must then roll the transaction back (rows of other
     * streams may already have been written in it).
     * <p>
     * The streams are written in one fixed order, by stream id ({@link #lockOrder}), whatever order the caller gives:
     * each row's unique (stream, version) entry makes a concurrent append of the same stream wait for this transaction,
     * so two appends that took two streams in opposite orders could each hold one and wait for the other (a deadlock,
     * SQLSTATE 40P01). In one order, the second append waits at the first stream they share, holding none of the
     * others. A stream's own events keep their order; only the order between streams (their global positions within
     * the transaction) follows the stream ids.
     */
    public Uni<Void> append(SqlConnection tx, List<StreamAppend> appends) {
        List<StreamAppend> nonEmpty = lockOrder(appends);
        if (nonEmpty.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Map<String, StreamAppend> byStream = indexByStream(nonEmpty);
        // Read here, where the caller's span (a REST request's, a consumer's) is current; events that carry their own
        // trace context (e.g. one per ingest record) keep it.
        String currentTrace = traceFromCurrentSpan ? Traces.current() : null;
        return tx.preparedQuery(APPEND).execute(appendParameters(nonEmpty, currentTrace))
                .onFailure(EventStore::isStreamVersionViolation)
                .transform(failure -> conflictFor((PgException) failure, byStream))
                .invoke(inserted -> requireAllInserted(inserted, byStream))
                .invoke(() -> countOnCommit(tx, nonEmpty))
                .replaceWithVoid();
    }

    private void countOnCommit(SqlConnection tx, List<StreamAppend> appends) {
        MeterRegistry registry = meters;
        if (registry == null) {
            return;
        }
        Map<String, Integer> byType = new HashMap<>();
        appends.forEach(append -> append.events().forEach(event -> byType.merge(event.eventType(), 1, Integer::sum)));
        Runnable count = () -> byType.forEach((type, n) -> Counter.builder("ledgerline.events.appended")
                .description("events appended to the store (committed)")
                .tag("event_type", type).register(registry).increment(n));
        Transaction transaction = tx.transaction();
        if (transaction == null) {
            count.run();
        } else {
            transaction.completion().subscribe().with(committed -> count.run(), rolledBack -> { });
        }
    }

    public Uni<List<RecordedEvent>> readStream(SqlClient client, String streamId) {
        return client.preparedQuery(READ_STREAM).execute(Tuple.of(streamId)).map(this::toEvents);
    }

    /** Reads several streams in one query; a stream without events maps to an empty list. */
    public Uni<Map<String, List<RecordedEvent>>> readStreams(SqlClient client, Collection<String> streamIds) {
        Tuple ids = Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new));
        return client.preparedQuery(READ_STREAMS).execute(ids).map(rows -> {
            Map<String, List<RecordedEvent>> streams = new LinkedHashMap<>();
            streamIds.forEach(id -> streams.put(id, new ArrayList<>()));
            for (RecordedEvent event : toEvents(rows)) {
                streams.get(event.streamId()).add(event);
            }
            return streams;
        });
    }

    /**
     * Several streams' events after a version each (0: the whole stream), in one query; a stream without such events
     * maps to an empty list. For loads from a {@link StreamSnapshot}.
     */
    public Uni<Map<String, List<RecordedEvent>>> readStreamsAfter(SqlClient client, Map<String, Long> afterVersions) {
        String[] ids = new String[afterVersions.size()];
        Long[] versions = new Long[afterVersions.size()];
        int i = 0;
        for (Map.Entry<String, Long> entry : afterVersions.entrySet()) {
            ids[i] = entry.getKey();
            versions[i++] = entry.getValue();
        }
        Tuple parameters = Tuple.tuple().addArrayOfString(ids).addArrayOfLong(versions);
        return client.preparedQuery(READ_STREAMS_AFTER).execute(parameters).map(rows -> {
            Map<String, List<RecordedEvent>> streams = new LinkedHashMap<>();
            afterVersions.keySet().forEach(id -> streams.put(id, new ArrayList<>()));
            for (RecordedEvent event : toEvents(rows)) {
                streams.get(event.streamId()).add(event);
            }
            return streams;
        });
    }

    /**
     * Up to {@code limit} events strictly after {@code after} in the global order, oldest first. An event is
     * returned only once every transaction that began before its own has ended, so a reader that resumes from the
     * last event it got never skips one and never gets one twice.
     */
    public Uni<List<RecordedEvent>> readAllAfter(SqlClient client, GlobalPosition after, int limit) {
        Tuple parameters = Tuple.of(String.valueOf(after.txId()), after.position(), limit);
        return client.preparedQuery(READ_ALL_AFTER).execute(parameters).map(this::toEvents);
    }

    /**
     * {@link #readAllAfter(SqlClient, GlobalPosition, int)}, but only events of {@code payloadTypes} (their stored
     * type; upcasters keep the type) come with their payload and metadata; every other event comes with both null and
     * is not upcast: its position, type and stream are there for a reader that passes over it.
     */
    public Uni<List<RecordedEvent>> readAllAfter(SqlClient client, GlobalPosition after, int limit,
                                                 Set<String> payloadTypes) {
        Tuple parameters = Tuple.of(String.valueOf(after.txId()), after.position(), limit,
                payloadTypes.toArray(String[]::new));
        return client.preparedQuery(READ_ALL_AFTER_PAYLOADS_OF).execute(parameters).map(this::toEvents);
    }

    /**
     * Like {@link #readAllAfter} but never past {@code upTo}: for a reader that must stop exactly where another one
     * is, e.g. a rebuild catching up with the live projection.
     */
    public Uni<List<RecordedEvent>> readBetween(SqlClient client, GlobalPosition after, GlobalPosition upTo, int limit) {
        return readBetween(client, after, upTo, limit, true);
    }

    /**
     * {@link #readBetween(SqlClient, GlobalPosition, GlobalPosition, int)}; without {@code withMetadata} the events
     * come without their metadata ({@link RecordedEvent#metadataJson()} null), for a reader that never looks at it.
     */
    public Uni<List<RecordedEvent>> readBetween(SqlClient client, GlobalPosition after, GlobalPosition upTo, int limit,
                                                boolean withMetadata) {
        Tuple parameters = Tuple.of(String.valueOf(after.txId()), after.position(), String.valueOf(upTo.txId()),
                upTo.position(), limit);
        return client.preparedQuery(withMetadata ? READ_BETWEEN : READ_BETWEEN_WITHOUT_METADATA).execute(parameters)
                .map(this::toEvents);
    }

    /** The newest position a reader can reach now ({@link GlobalPosition#START} for an empty store). */
    public Uni<GlobalPosition> head(SqlClient client) {
        return client.preparedQuery(HEAD).execute().map(rows -> {
            if (rows.size() == 0) {
                return GlobalPosition.START;
            }
            Row row = rows.iterator().next();
            return new GlobalPosition(Long.parseLong(row.getString("tx_id_text")), row.getLong("position"));
        });
    }

    /** How many events a reader at {@code after} has yet to read, counting only those it could read now. */
    public Uni<Long> countAfter(SqlClient client, GlobalPosition after) {
        Tuple parameters = Tuple.of(String.valueOf(after.txId()), after.position());
        return client.preparedQuery(COUNT_AFTER).execute(parameters).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Whether events after {@code after} have committed that {@link #readAllAfter} does not return yet, because a
     * transaction older than theirs is still open (a projection's batch, another instance's append, any writer of the
     * database server). A tailing reader that finds some looks again within milliseconds rather than at its next poll:
     * nothing else tells it when that older transaction ends.
     */
    public Uni<Boolean> heldBackAfter(SqlClient client, GlobalPosition after) {
        Tuple parameters = Tuple.of(String.valueOf(after.txId()), after.position());
        return client.preparedQuery(HELD_BACK).execute(parameters).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The non-empty appends in the order every append takes its streams: by stream id (a stable sort, so appends that
     * name a stream twice still reach {@link #indexByStream}'s check).
     */
    static List<StreamAppend> lockOrder(List<StreamAppend> appends) {
        return appends.stream().filter(append -> !append.events().isEmpty())
                .sorted(Comparator.comparing(StreamAppend::streamId)).toList();
    }

    private static Map<String, StreamAppend> indexByStream(List<StreamAppend> appends) {
        Map<String, StreamAppend> byStream = new HashMap<>();
        for (StreamAppend append : appends) {
            if (byStream.putIfAbsent(append.streamId(), append) != null) {
                // Both would be checked against the same snapshot, so the second could never pass: merge them instead.
                throw new IllegalArgumentException("stream " + append.streamId() + " appears twice in one append");
            }
        }
        return byStream;
    }

    private static Tuple appendParameters(List<StreamAppend> appends, String currentTrace) {
        int size = appends.stream().mapToInt(append -> append.events().size()).sum();
        UUID[] eventIds = new UUID[size];
        String[] streamIds = new String[size];
        Long[] expectedVersions = new Long[size];
        Long[] versions = new Long[size];
        String[] eventTypes = new String[size];
        Integer[] schemaVersions = new Integer[size];
        String[] partitionKeys = new String[size];
        String[] payloads = new String[size];
        String[] metadata = new String[size];
        int i = 0;
        for (StreamAppend append : appends) {
            long version = append.expectedVersion();
            for (EventToAppend event : append.events()) {
                eventIds[i] = event.eventId();
                streamIds[i] = append.streamId();
                expectedVersions[i] = append.expectedVersion();
                versions[i] = ++version;
                eventTypes[i] = event.eventType();
                schemaVersions[i] = event.schemaVersion();
                partitionKeys[i] = event.partitionKey();
                payloads[i] = event.payloadJson();
                metadata[i] = currentTrace == null || event.metadataJson().contains(Traces.TRACEPARENT)
                        ? event.metadataJson() : Traces.withTraceparent(event.metadataJson(), currentTrace);
                i++;
            }
        }
        return Tuple.tuple()
                .addArrayOfUUID(eventIds)
                .addArrayOfString(streamIds)
                .addArrayOfLong(expectedVersions)
                .addArrayOfLong(versions)
                .addArrayOfString(eventTypes)
                .addArrayOfInteger(schemaVersions)
                .addArrayOfString(partitionKeys)
                .addArrayOfString(payloads)
                .addArrayOfString(metadata);
    }

    private static boolean isStreamVersionViolation(Throwable failure) {
        return failure instanceof PgException pg
                && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && STREAM_VERSION_CONSTRAINT.equals(pg.getConstraint());
    }

    private static ConcurrencyConflict conflictFor(PgException violation, Map<String, StreamAppend> byStream) {
        Matcher key = CONFLICTING_KEY.matcher(violation.getDetail() == null ? "" : violation.getDetail());
        StreamAppend append = key.find() ? byStream.get(key.group(1)) : null;
        if (append == null) {
            // Unparseable detail: still a conflict, but we cannot say which of the streams lost the race.
            return new ConcurrencyConflict(String.join(",", byStream.keySet()), -1, violation);
        }
        return new ConcurrencyConflict(append.streamId(), append.expectedVersion(), violation);
    }

    private static void requireAllInserted(RowSet<Row> inserted, Map<String, StreamAppend> byStream) {
        Map<String, Integer> counts = new HashMap<>();
        for (Row row : inserted) {
            counts.merge(row.getString(0), 1, Integer::sum);
        }
        for (StreamAppend append : byStream.values()) {
            if (counts.getOrDefault(append.streamId(), 0) != append.events().size()) {
                throw new ConcurrencyConflict(append.streamId(), append.expectedVersion());
            }
        }
    }

    /**
     * Every read selects {@link #COLUMNS} in that order, so the columns are taken by index: by name, the client looks
     * each one up among the row's column names, for every column of every event (a rebuild reads them all).
     */
    private List<RecordedEvent> toEvents(RowSet<Row> rows) {
        List<RecordedEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            RecordedEvent event = new RecordedEvent(
                    row.getLong(0),                          // position
                    Long.parseLong(row.getString(1)),        // tx_id_text
                    row.getUUID(2),                          // event_id
                    row.getString(3),                        // stream_id
                    row.getLong(4),                          // version
                    row.getString(5),                        // event_type
                    row.getInteger(6),                       // schema_version
                    row.getString(7),                        // partition_key
                    row.getString(8),                        // payload
                    row.getString(9),                        // metadata
                    row.getOffsetDateTime(10).toInstant());  // recorded_at
            // Without its payload (a reader passing over its type) there is nothing to upcast.
            events.add(event.payloadJson() == null ? event : upcasters.upcast(event));
        }
        return events;
    }
}
