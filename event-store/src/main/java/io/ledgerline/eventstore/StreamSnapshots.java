package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest snapshot of each stream, one per shape of state ({@code stream_snapshots}). A snapshot is a cache: the
 * events stay the truth, a load with a snapshot must give exactly what a fold of the whole stream gives, and a
 * snapshot can be deleted at any time.
 * <p>
 * Pair it with {@link EventStore#readStreamsAfter}: load the snapshots, then read only the events after them.
 */
public class StreamSnapshots {

    private static final String LOAD = "SELECT stream_id, version, shape_version, state::text AS state, taken_at"
            + " FROM stream_snapshots WHERE stream_id = ANY($1::text[]) AND shape_version = $2";

    /**
     * The state goes in as text (a String bound to a jsonb parameter would be stored as one JSON string).
     * Stored only if the stream has (committed, as this statement sees it) an event at that version, and only over an
     * older snapshot of the same shape: two writers racing keep the newer. Snapshots of older shapes of the stream are
     * deleted with it (a newer shape never is: during a rolling upgrade the older code keeps its own).
     */
    private static final String SAVE = """
            WITH dropped AS (
                DELETE FROM stream_snapshots WHERE stream_id = $1 AND shape_version < $3
            )
            INSERT INTO stream_snapshots (stream_id, version, shape_version, state)
            SELECT $1, $2, $3, $4::text::jsonb
             WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = $1 AND version = $2)
            ON CONFLICT (stream_id, shape_version) DO UPDATE
               SET version = EXCLUDED.version, state = EXCLUDED.state, taken_at = now()
             WHERE stream_snapshots.version < EXCLUDED.version
            RETURNING version
            """;

    /** The stream's snapshot in this shape, if there is one. */
    public Uni<Optional<StreamSnapshot>> load(SqlClient client, String streamId, int shapeVersion) {
        return loadAll(client, java.util.List.of(streamId), shapeVersion)
                .map(found -> Optional.ofNullable(found.get(streamId)));
    }

    /** The snapshots in this shape of those of the streams that have one, by stream id, in one query. */
    public Uni<Map<String, StreamSnapshot>> loadAll(SqlClient client, Collection<String> streamIds, int shapeVersion) {
        Tuple parameters = Tuple.tuple().addArrayOfString(streamIds.toArray(String[]::new)).addInteger(shapeVersion);
        return client.preparedQuery(LOAD).execute(parameters).map(rows -> {
            Map<String, StreamSnapshot> found = new HashMap<>();
            for (Row row : rows) {
                found.put(row.getString("stream_id"), new StreamSnapshot(row.getString("stream_id"),
                        row.getLong("version"), row.getInteger("shape_version"), row.getString("state"),
                        row.getOffsetDateTime("taken_at").toInstant()));
            }
            return found;
        });
    }

    /**
     * Saves the snapshot unless one of the same shape at the same or a later version is there, or the stream has no
     * event at its version (it would describe events nobody committed). True when it was stored.
     */
    public Uni<Boolean> save(SqlClient client, StreamSnapshot snapshot) {
        Tuple parameters = Tuple.of(snapshot.streamId(), snapshot.version(), snapshot.shapeVersion(),
                snapshot.stateJson());
        return client.preparedQuery(SAVE).execute(parameters).map(rows -> rows.size() > 0);
    }

    /** Deletes every snapshot of the stream (e.g. after repairing its events by hand). */
    public Uni<Integer> delete(SqlClient client, String streamId) {
        return client.preparedQuery("DELETE FROM stream_snapshots WHERE stream_id = $1").execute(Tuple.of(streamId))
                .map(io.vertx.mutiny.sqlclient.SqlResult::rowCount);
    }
}
