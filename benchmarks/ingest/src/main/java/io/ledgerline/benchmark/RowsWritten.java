package io.ledgerline.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rows the service wrote, per table of its database, from PostgreSQL's own counters ({@code pg_stat_user_tables}:
 * rows inserted + rows updated + rows deleted), read before and after the ingest phase: every row the ingest
 * transactions, the outbox relay's checkpoint, the projections and anything else wrote, counted by the server
 * rather than by the code being measured. The counters lag a commit by up to a second, so {@link #settled} reads
 * them until they stop moving.
 */
final class RowsWritten {

    /** Tables an ingest transaction writes; the rest are written after it (projections, relay checkpoints...). */
    static final java.util.Set<String> INGEST_TABLES = java.util.Set.of("events", "inbox", "record_outbox",
            "quarantined_keys", "quarantined_records");

    private final Settings settings;

    RowsWritten(Settings settings) {
        this.settings = settings;
    }

    Map<String, Long> now() throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection db = DriverManager.getConnection(settings.pgUrlFor(settings.receivablesDatabase()),
                settings.pgUser(), settings.pgPassword()); Statement s = db.createStatement()) {
            // A fresh snapshot of the statistics, not the one cached for this transaction.
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT schemaname || '.' || relname,"
                    + " n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return rows;
    }

    /** The counters once they have not moved for two readings 1.5 s apart (at most {@code maxSeconds}). */
    Map<String, Long> settled(int maxSeconds) throws Exception {
        Map<String, Long> last = now();
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        int still = 0;
        while (System.nanoTime() < deadline && still < 2) {
            Thread.sleep(1500);
            Map<String, Long> next = now();
            still = next.equals(last) ? still + 1 : 0;
            last = next;
        }
        return last;
    }

    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> written = new TreeMap<>();
        after.forEach((table, n) -> {
            long d = n - before.getOrDefault(table, 0L);
            if (d > 0) {
                written.put(table, d);
            }
        });
        return written;
    }

    static boolean ingestTable(String qualified) {
        String table = qualified.substring(qualified.indexOf('.') + 1);
        return INGEST_TABLES.contains(table);
    }
}
