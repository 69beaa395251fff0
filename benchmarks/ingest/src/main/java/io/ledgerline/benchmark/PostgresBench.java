package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * PostgreSQL's own insert rates on the stack's server, in a scratch database, into a table created from the event
 * store's migrations (so the same columns, defaults, unique constraints and indexes the service writes to):
 * multi-row INSERTs of {@value #BATCH} rows per transaction (the ceiling a batching event store works against), and one
 * INSERT + COMMIT per row from one client (what a one-event-per-transaction store such as Message DB's
 * {@code write_message} does).
 */
final class PostgresBench {

    static final String SCRATCH_DATABASE = "benchmark_scratch";
    static final int BATCH = 500;
    private static final String MIGRATIONS = "event-store/src/main/resources/db/event-store";
    private static final String COLUMNS =
            "(event_id, stream_id, version, event_type, schema_version, partition_key, payload, metadata)";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)";

    /** {@code machine}: the quiesce before and the machine's state after, printed and reported beside the figure. */
    record Rate(long rows, double seconds, String machine) {
        double perSecond() {
            return rows / seconds;
        }
    }

    private final Settings settings;
    private final SplittableRandom random = new SplittableRandom(7);
    /** Realistic payloads, made before timing so that building strings is not what is measured. */
    private final String[] payloads = new String[1024];
    private final String[] metadata = new String[1024];
    private final long[] versions;
    private final String[] streamIds;
    private final String[] keys;

    PostgresBench(Settings settings) {
        this.settings = settings;
        this.versions = new long[settings.customers()];
        this.streamIds = new String[settings.customers()];
        this.keys = new String[settings.customers()];
        for (int c = 0; c < keys.length; c++) {
            keys[c] = String.format("C-BENCH-%05d", c);
            streamIds[c] = "account-" + keys[c];
        }
        for (int i = 0; i < payloads.length; i++) {
            String customer = String.format("C-BENCH-%05d", i % settings.customers());
            payloads[i] = "{\"customerId\":\"" + customer + "\",\"invoiceId\":\"INV-BENCH-" + i
                    + "\",\"issueDate\":\"2026-03-02\",\"dueDate\":\"2026-04-01\",\"currency\":\"EUR\",\"amount\":\""
                    + (1000 + i) + ".50\",\"purchaseOrder\":\"PO-" + (40000 + i)
                    + "\",\"description\":\"freight Hamburg-Lyon, delivery 2026-03-02\"}";
            metadata[i] = "{\"messageId\":\"bench-" + i + "\",\"ingestType\":\"InvoiceIssued\",\"topic\":"
                    + "\"ledgerline.ingest.invoices\",\"partition\":" + (i % 3) + ",\"offset\":" + (i * 7L) + "}";
        }
    }

    static String serverVersion(Settings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static String setting(Settings settings, String name) {
        try (Connection connection = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword());
                PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** Runs both measurements; the scratch tables are dropped afterwards whatever happens. */
    Rate[] run() throws SQLException, IOException {
        ensureScratchDatabase();
        try (Connection connection = DriverManager.getConnection(settings.pgUrlFor(SCRATCH_DATABASE),
                settings.pgUser(), settings.pgPassword())) {
            createTables(connection);
            try {
                // The ceiling the ingest target divides by: measured on a quiet disk and a fresh checkpoint, with the
                // service's rows of the first-minute phase vacuumed and analysed (autovacuum's work, not the window's).
                Quiesce.Result quiet = Quiesce.before("the batched INSERTs",
                        settings.pgUrlFor(settings.receivablesDatabase()), settings.pgUser(), settings.pgPassword(), true, 60);
                Rate measured = batched(connection);
                Rate batched = new Rate(measured.rows(), measured.seconds(),
                        quiet.describe() + "; right after: " + Quiesce.State.now().describe());
                System.out.printf("  batched INSERT (%d rows/transaction): %,d rows in %.1f s = %,.0f rows/s%n",
                        BATCH, batched.rows(), batched.seconds(), batched.perSecond());
                System.out.println("    " + batched.machine());
                truncate(connection);
                Rate single = singleRowTransactions(connection);
                System.out.printf("  one row per transaction (1 client):   %,d rows in %.1f s = %,.0f rows/s%n",
                        single.rows(), single.seconds(), single.perSecond());
                return new Rate[] {batched, single};
            } finally {
                dropTables(connection);
            }
        }
    }

    private void ensureScratchDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword())) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, SCRATCH_DATABASE);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE " + SCRATCH_DATABASE);
            }
        }
    }

    /** The event store's own migration files, in version order, so the scratch table cannot drift from the real one. */
    private void createTables(Connection connection) throws SQLException, IOException {
        Path folder = settings.root().resolve(MIGRATIONS);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("event store migrations not found under " + MIGRATIONS
                    + " (set -Dledgerline.root to the repository root)");
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        dropTables(connection);
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (Path file : files) {
                statement.execute(Files.readString(file));
            }
        }
    }

    private static void truncate(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE events");
        }
    }

    private static void dropTables(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS events, checkpoints, inbox");
        }
    }

    private Rate batched(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("INSERT INTO events ").append(COLUMNS).append(" VALUES ");
        for (int i = 0; i < BATCH; i++) {
            sql.append(i == 0 ? "" : ", ").append(ROW);
        }
        connection.setAutoCommit(false);
        long limitNanos = settings.batchedInsertTime().toNanos();
        long rows = 0;
        long started = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            while (rows < settings.events() && System.nanoTime() - started < limitNanos) {
                int p = 1;
                for (int i = 0; i < BATCH; i++) {
                    p = bindRow(insert, p, rows + i);
                }
                insert.executeUpdate();
                connection.commit();
                rows += BATCH;
            }
        }
        return new Rate(rows, (System.nanoTime() - started) / 1e9, Quiesce.State.now().describe());
    }

    private Rate singleRowTransactions(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        long limitNanos = settings.singleInsertTime().toNanos();
        long rows = 0;
        long started = System.nanoTime();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events " + COLUMNS + " VALUES " + ROW)) {
            while (System.nanoTime() - started < limitNanos) {
                bindRow(insert, 1, rows);
                insert.executeUpdate();
                connection.commit();
                rows++;
            }
        }
        return new Rate(rows, (System.nanoTime() - started) / 1e9, Quiesce.State.now().describe());
    }

    /** One event row: streams spread over the customers, each stream's versions consecutive as the store writes them. */
    private int bindRow(PreparedStatement insert, int p, long n) throws SQLException {
        int customer = (int) (n % versions.length);
        int sample = (int) (n % payloads.length);
        // Version 4 random UUID, as the service's event ids; SplittableRandom keeps generation off the critical path.
        UUID id = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
        insert.setObject(p++, id);
        insert.setString(p++, streamIds[customer]);
        insert.setLong(p++, ++versions[customer]);
        insert.setString(p++, "InvoiceIssued");
        insert.setInt(p++, 1);
        insert.setString(p++, keys[customer]);
        insert.setString(p++, payloads[sample]);
        insert.setString(p++, metadata[sample]);
        return p;
    }
}
