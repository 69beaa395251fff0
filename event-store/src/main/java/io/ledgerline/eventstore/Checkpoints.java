package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How far each reader of the global order has got, by name ({@code outbox:<topic>}, {@code projection:<name>}).
 * Saved either through the Vert.x client or through a Hibernate Reactive session, so a projection commits its read
 * model and its checkpoint together. Both use the same SQL.
 *
 * <p>A transaction that advances a checkpoint commits without waiting for its WAL to reach the disk
 * ({@code synchronous_commit = off} for that transaction alone; the server flushes it within a few hundred ms, and
 * the next durable commit flushes it with its own). What it writes is derived from events that are durable already: a
 * projection's rows and its checkpoint, a relay's position. A crash of the database server can lose only the last of
 * these transactions, whole, and never one that an acknowledged command committed after them (the WAL is replayed as
 * a prefix); the projection then applies those events again from its checkpoint and the relay publishes them again
 * (consumers absorb duplicates with their inbox), as after a crash of the service. Waiting for the disk here bought
 * nothing and put these commits in the queue of syncs that every command's and every ingest transaction's commit
 * waits in (benchmarks/README.md, "Derived state commits without waiting for the disk").
 */
public class Checkpoints {

    /**
     * Sets {@code synchronous_commit = off} for the rest of the transaction it runs in (see above), inside the
     * statement that moves the checkpoint: no statement of its own, so a relay's single-statement transaction costs
     * no more round trips. Evaluated before the row is written, and only matters if the transaction commits.
     */
    static final String COMMIT_WITHOUT_WAITING = "SELECT set_config('synchronous_commit', 'off', true)";

    private static final String LOAD = "SELECT tx_id::text AS tx_id, position FROM checkpoints WHERE name = $1";

    /**
     * Written with CAST rather than {@code ::} and with numbered parameters so that the same text also runs as a
     * Hibernate native query once {@code $n} becomes {@code ?n}.
     */
    private static final String SAVE = """
            INSERT INTO checkpoints (name, tx_id, position, updated_at)
            VALUES ($1, CAST(CAST($2 AS text) AS xid8), $3, now())
            ON CONFLICT (name) DO UPDATE
               SET tx_id = excluded.tx_id, position = excluded.position, updated_at = excluded.updated_at
            """;

    private static final String SAVE_NATIVE = nativeQuery(SAVE);

    /**
     * Moves a checkpoint only if it is still where the reader read it: two instances reading from the same position
     * cannot both move it. The first advance from the start may find no row yet, and inserts it.
     */
    private static final String ADVANCE = """
            UPDATE checkpoints SET tx_id = CAST(CAST($4 AS text) AS xid8), position = $5, updated_at = now()
              FROM (%s) AS commit_without_waiting
             WHERE name = $1 AND tx_id = CAST(CAST($2 AS text) AS xid8) AND position = $3
            """.formatted(Checkpoints.COMMIT_WITHOUT_WAITING);

    private static final String ADVANCE_FROM_START = """
            INSERT INTO checkpoints (name, tx_id, position, updated_at)
            SELECT $1, CAST(CAST($4 AS text) AS xid8), $5, now() FROM (%s) AS commit_without_waiting
            ON CONFLICT (name) DO UPDATE
               SET tx_id = excluded.tx_id, position = excluded.position, updated_at = excluded.updated_at
             WHERE checkpoints.tx_id = CAST(CAST($2 AS text) AS xid8) AND checkpoints.position = $3
            """.formatted(Checkpoints.COMMIT_WITHOUT_WAITING);

    private static final String ADVANCE_NATIVE = nativeQuery(ADVANCE);
    private static final String ADVANCE_FROM_START_NATIVE = nativeQuery(ADVANCE_FROM_START);

    /** The saved position, or {@link GlobalPosition#START} for a reader that has none yet. */
    public Uni<GlobalPosition> load(SqlClient client, String name) {
        return client.preparedQuery(LOAD).execute(Tuple.of(name)).map(rows -> {
            if (rows.size() == 0) {
                return GlobalPosition.START;
            }
            Row row = rows.iterator().next();
            return new GlobalPosition(Long.parseLong(row.getString("tx_id")), row.getLong("position"));
        });
    }

    public Uni<Void> save(SqlClient client, String name, GlobalPosition position) {
        return client.preparedQuery(SAVE)
                .execute(Tuple.of(name, String.valueOf(position.txId()), position.position()))
                .replaceWithVoid();
    }

    /**
     * Moves the checkpoint from {@code from} (where this reader read it) to {@code to}; fails with
     * {@link CheckpointMoved} if it is no longer at {@code from}.
     */
    public Uni<Void> advance(SqlClient client, String name, GlobalPosition from, GlobalPosition to) {
        return client.preparedQuery(from.equals(GlobalPosition.START) ? ADVANCE_FROM_START : ADVANCE)
                .execute(Tuple.of(name, String.valueOf(from.txId()), from.position(), String.valueOf(to.txId()),
                        to.position()))
                .invoke(rows -> requireMoved(rows.rowCount(), name, from))
                .replaceWithVoid();
    }

    /** {@link #advance(SqlClient, String, GlobalPosition, GlobalPosition)} in the session's transaction. */
    public Uni<Void> advance(Mutiny.Session session, String name, GlobalPosition from, GlobalPosition to) {
        return session.createNativeQuery(from.equals(GlobalPosition.START) ? ADVANCE_FROM_START_NATIVE : ADVANCE_NATIVE)
                .setParameter(1, name)
                .setParameter(2, String.valueOf(from.txId()))
                .setParameter(3, from.position())
                .setParameter(4, String.valueOf(to.txId()))
                .setParameter(5, to.position())
                .executeUpdate()
                .invoke(count -> requireMoved(count, name, from))
                .replaceWithVoid();
    }

    private static void requireMoved(int rows, String name, GlobalPosition from) {
        if (rows != 1) {
            throw new CheckpointMoved(name, from);
        }
    }

    private static String nativeQuery(String sql) {
        return sql.replaceAll("\\$(\\d+)", "?$1");
    }

    /** Saves in the session's transaction, so the checkpoint commits (or not) with what the session wrote. */
    public Uni<Void> save(Mutiny.Session session, String name, GlobalPosition position) {
        return session.createNativeQuery(SAVE_NATIVE)
                .setParameter(1, name)
                .setParameter(2, String.valueOf(position.txId()))
                .setParameter(3, position.position())
                .executeUpdate()
                .replaceWithVoid();
    }
}
