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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Message DB (the {@code @eventide/message-db} npm package, installed by {@code run-ingest.sh} into
 * {@code benchmarks/ingest/target/message-db}) in a database of its own on the stack's PostgreSQL: its SQL files are
 * applied in the order of the package's own {@code install.sh} (schema, pgcrypto, table, type and functions, indexes;
 * its role and grants are left out, the benchmark connects as the server's superuser), then {@value #WRITERS} writers
 * call {@code message_store.write_message} one message per transaction over the same streams as the workload, for a
 * fixed time. Messages/s over all writers is what the service's ingest is compared with.
 */
final class MessageDbBench {

    static final String DATABASE = "benchmark_message_db";
    static final int WRITERS = 4;
    private static final Pattern RUN_FILE = Pattern.compile("\\$base/([A-Za-z0-9_./-]+\\.sql)");

    record Result(String version, long messages, double seconds, int streams) {
        double perSecond() {
            return messages / seconds;
        }
    }

    private final Settings settings;
    private final Path packageDir;

    MessageDbBench(Settings settings, Path packageDir) {
        this.settings = settings;
        this.packageDir = packageDir;
    }

    /** The installed package's database folder, or null when run-ingest.sh could not install it (npm missing). */
    static Path find(Settings settings) {
        Path dir = settings.root().resolve("benchmarks/ingest/target/message-db/node_modules/@eventide/message-db/database");
        return Files.isRegularFile(dir.resolve("install.sh")) ? dir : null;
    }

    Result run() throws Exception {
        recreateDatabase();
        String url = settings.pgUrlFor(DATABASE);
        String version;
        try (Connection connection = DriverManager.getConnection(url, settings.pgUser(), settings.pgPassword())) {
            install(connection);
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT message_store.message_store_version()")) {
                rs.next();
                version = rs.getString(1);
            }
        }
        int streams = settings.customers();
        String[] names = new String[streams];
        for (int c = 0; c < streams; c++) {
            names[c] = String.format("account-C-BENCH-%05d", c);
        }
        String data = "{\"customerId\":\"C-BENCH-00001\",\"invoiceId\":\"INV-BENCH-1\",\"issueDate\":\"2026-03-02\","
                + "\"dueDate\":\"2026-04-01\",\"currency\":\"EUR\",\"amount\":\"1000.50\",\"purchaseOrder\":\"PO-40000\","
                + "\"description\":\"freight Hamburg-Lyon, delivery 2026-03-02\"}";
        String metadata = "{\"messageId\":\"bench-1\",\"ingestType\":\"InvoiceIssued\",\"topic\":"
                + "\"ledgerline.ingest.invoices\",\"partition\":1,\"offset\":7}";
        long limit = settings.singleInsertTime().toNanos();
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(WRITERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long[] started = new long[1];
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, settings.pgUser(), settings.pgPassword());
                        PreparedStatement write = connection.prepareStatement(
                                "SELECT message_store.write_message(?, ?, ?, ?::jsonb, ?::jsonb)")) {
                    // Message DB's functions name its table and helpers unqualified: its role sets this search path.
                    try (Statement s = connection.createStatement()) {
                        s.execute("SET search_path = message_store, public");
                    }
                    connection.setAutoCommit(true);
                    ready.countDown();
                    go.await();
                    long n = writer;
                    while (System.nanoTime() - started[0] < limit) {
                        write.setString(1, UUID.randomUUID().toString());
                        write.setString(2, names[(int) (n % streams)]);
                        write.setString(3, "InvoiceIssued");
                        write.setString(4, data);
                        write.setString(5, metadata);
                        try (ResultSet rs = write.executeQuery()) {
                            rs.next();
                        }
                        written.incrementAndGet();
                        // Writers walk the streams from different starting points, so they meet on the same streams
                        // now and then, as writers for the same accounts would.
                        n += WRITERS * 7 + 1;
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    ready.countDown();
                }
            }, "message-db-writer-" + w);
            threads.add(thread);
            thread.start();
        }
        ready.await();
        started[0] = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started[0]) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("a Message DB writer failed", failure.get());
        }
        try (Connection connection = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword()); Statement s = connection.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        }
        return new Result(version, written.get(), seconds, streams);
    }

    private void recreateDatabase() throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword()); Statement s = connection.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE);
        }
    }

    /** The package's SQL in the order its install scripts run it (roles and privileges excepted). */
    private void install(Connection connection) throws IOException, SQLException {
        List<String> files = new ArrayList<>(List.of("schema/message-store.sql", "extensions/pgcrypto.sql",
                "tables/messages.sql"));
        files.addAll(filesRunBy("install-functions.sh"));
        files.addAll(filesRunBy("install-indexes.sh"));
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = message_store, public");
            for (String file : files) {
                String sql = Files.readString(packageDir.resolve(file));
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    if (file.startsWith("extensions/")) {
                        // PostgreSQL 13 and later have gen_random_uuid() without pgcrypto; the embedded server may
                        // ship without contrib modules.
                        System.out.println("  (Message DB: " + file + " not applied: " + e.getMessage()
                                + "; gen_random_uuid() is built in)");
                    } else {
                        throw new SQLException("Message DB's " + file + " failed: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private List<String> filesRunBy(String script) throws IOException {
        List<String> files = new ArrayList<>();
        for (String line : Files.readAllLines(packageDir.resolve(script))) {
            Matcher m = RUN_FILE.matcher(line);
            if (line.trim().startsWith("run_psql_file") && m.find()) {
                files.add(m.group(1));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no SQL files found in Message DB's " + script);
        }
        return files;
    }
}
