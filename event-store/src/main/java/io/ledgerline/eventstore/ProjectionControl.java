package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The {@code projection_control} row of each projection: parked or not, and the state of a rebuild. In the database
 * so that every instance sees it and the active reader, wherever it runs, acts on it.
 */
final class ProjectionControl {

    /** A projection's control row as read; {@link #NONE} when it has none. */
    record State(boolean parked, String parkedError, boolean rebuilding, long generation, GlobalPosition rebuiltUpTo,
                 long replayed) {
        static final State NONE = new State(false, null, false, 0, GlobalPosition.START, 0);
    }

    private static final String LOAD = """
            SELECT parked_at IS NOT NULL AS parked, parked_error, rebuilding, rebuild_generation,
                   rebuild_tx_id::text AS rebuild_tx_id, rebuild_position, rebuild_replayed
              FROM projection_control WHERE name = $1
            """;

    private static final String REQUEST_REBUILD = """
            INSERT INTO projection_control AS c (name, rebuilding, rebuild_generation, rebuild_requested_at)
            VALUES ($1, true, 1, now())
            ON CONFLICT (name) DO UPDATE
               SET rebuilding = true, rebuild_generation = c.rebuild_generation + 1, rebuild_tx_id = '0',
                   rebuild_position = 0, rebuild_replayed = 0, rebuild_requested_at = now(),
                   rebuild_finished_at = NULL, parked_at = NULL, parked_error = NULL
            """;

    private static final String PARK = """
            INSERT INTO projection_control AS c (name, parked_at, parked_error) VALUES ($1, now(), $2)
            ON CONFLICT (name) DO UPDATE SET parked_at = now(), parked_error = excluded.parked_error
            """;

    private static final String RESUME =
            "UPDATE projection_control SET parked_at = NULL, parked_error = NULL WHERE name = $1 AND parked_at IS NOT NULL";

    private static final String ADVANCE_REBUILD = """
            UPDATE projection_control
               SET rebuild_tx_id = CAST(CAST(?4 AS text) AS xid8), rebuild_position = ?5,
                   rebuild_replayed = rebuild_replayed + ?6
             WHERE name = ?1 AND rebuilding AND rebuild_generation = ?2
               AND rebuild_tx_id = CAST(CAST(?3 AS text) AS xid8) AND rebuild_position = ?7
            """;

    private static final String RESTART_REBUILD = """
            UPDATE projection_control SET rebuild_tx_id = '0', rebuild_position = 0, rebuild_replayed = 0
             WHERE name = ?1 AND rebuilding AND rebuild_generation = ?2
            """;

    /**
     * The time of this statement, not of the transaction's start ({@code now()}): it runs last in the transaction
     * that writes the final batch and swaps the shadow tables in, and the rebuild is not done before those are. It
     * lifts a park that came during the rebuild: the rows the live batch failed on have just been replaced.
     */
    private static final String FINISH_REBUILD = """
            UPDATE projection_control SET rebuilding = false, rebuild_finished_at = clock_timestamp(),
                   parked_at = NULL, parked_error = NULL
             WHERE name = ?1 AND rebuilding AND rebuild_generation = ?2
            """;

    Uni<State> load(SqlClient client, String projection) {
        return client.preparedQuery(LOAD).execute(Tuple.of(projection)).map(rows -> {
            if (rows.size() == 0) {
                return State.NONE;
            }
            Row row = rows.iterator().next();
            return new State(row.getBoolean("parked"), row.getString("parked_error"), row.getBoolean("rebuilding"),
                    row.getLong("rebuild_generation"),
                    new GlobalPosition(Long.parseLong(row.getString("rebuild_tx_id")), row.getLong("rebuild_position")),
                    row.getLong("rebuild_replayed"));
        });
    }

    Uni<Void> requestRebuild(SqlClient client, String projection) {
        return client.preparedQuery(REQUEST_REBUILD).execute(Tuple.of(projection)).replaceWithVoid();
    }

    Uni<Void> park(SqlClient client, String projection, String error) {
        return client.preparedQuery(PARK).execute(Tuple.of(projection, error)).replaceWithVoid();
    }

    /** True if it was parked. */
    Uni<Boolean> resume(SqlClient client, String projection) {
        return client.preparedQuery(RESUME).execute(Tuple.of(projection)).map(rows -> rows.rowCount() == 1);
    }

    /** Moves the rebuild's position in the session's transaction, only if it is still this rebuild at {@code from}. */
    Uni<Void> advanceRebuild(Mutiny.Session session, String projection, long generation, GlobalPosition from,
                             GlobalPosition to, int replayed) {
        return session.createNativeQuery(ADVANCE_REBUILD)
                .setParameter(1, projection)
                .setParameter(2, generation)
                .setParameter(3, String.valueOf(from.txId()))
                .setParameter(4, String.valueOf(to.txId()))
                .setParameter(5, to.position())
                .setParameter(6, (long) replayed)
                .setParameter(7, from.position())
                .executeUpdate()
                .invoke(count -> {
                    if (count != 1) {
                        throw new CheckpointMoved("rebuild of " + projection, from);
                    }
                })
                .replaceWithVoid();
    }

    /** The same rebuild (same generation) from the first event again: its shadow copies were lost. */
    Uni<Void> restartRebuild(Mutiny.Session session, String projection, long generation) {
        return session.createNativeQuery(RESTART_REBUILD)
                .setParameter(1, projection)
                .setParameter(2, generation)
                .executeUpdate()
                .replaceWithVoid();
    }

    Uni<Void> finishRebuild(Mutiny.Session session, String projection, long generation) {
        return session.createNativeQuery(FINISH_REBUILD)
                .setParameter(1, projection)
                .setParameter(2, generation)
                .executeUpdate()
                .replaceWithVoid();
    }
}
