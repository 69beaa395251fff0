package io.ledgerline.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The stack's PostgreSQL: an embedded server (zonky; linux-amd64 binaries) whose data directory lives in the data
 * folder, so databases survive restarts — or, when {@code LEDGERLINE_PG_URL} names one, an existing server.
 * Each service gets its own database on it, created if missing.
 */
final class PostgresDatabases {

    private final String adminJdbcUrl;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final EmbeddedPostgres embedded;
    private final Path dataDirectory;

    private PostgresDatabases(String adminJdbcUrl, String username, String password, EmbeddedPostgres embedded,
            Path dataDirectory) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.username = username;
        this.password = password;
        this.embedded = embedded;
        this.dataDirectory = dataDirectory;
        URI uri = URI.create(adminJdbcUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() == -1 ? 5432 : uri.getPort();
    }

    static PostgresDatabases external(String adminJdbcUrl, String username, String password) {
        PostgresDatabases databases = new PostgresDatabases(adminJdbcUrl, username, password, null, null);
        databases.checkReachable();
        return databases;
    }

    static PostgresDatabases startEmbedded(Path dataDir, int port, boolean fsync) throws IOException {
        Ports.requireFree(port, "PostgreSQL");
        Path directory = dataDir.resolve("postgres");
        Files.createDirectories(directory);
        Path log = dataDir.resolve("logs").resolve("postgres.log");
        Files.createDirectories(log.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                // Keep the data: a second start must find the services' databases as they were left.
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky turns this off for throw-away test servers; this one holds data meant to survive a crash.
                .setServerConfig("synchronous_commit", "on")
                // zonky starts its servers with -F (fsync off): a COMMIT would then reach only the operating system's
                // cache and a power cut could lose acknowledged events. This -c comes after -F and wins, so a COMMIT
                // waits for the disk as on any production server (and the benchmarks price it). LEDGERLINE_PG_FSYNC=off
                // keeps zonky's behaviour, for throw-away data on a slow disk.
                .setServerConfig("fsync", fsync ? "on" : "off")
                // The launcher stops PostgreSQL itself, after the services that use it.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        // zonky's server trusts local connections: user postgres, any password.
        return new PostgresDatabases("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "postgres",
                postgres, directory);
    }

    /** Creates the database unless it exists. */
    void ensureDatabase(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password)) {
            try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                // Database names come from the launcher's own service table ([a-z_]), never from input.
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The form Quarkus' reactive PostgreSQL client expects. */
    String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String serverVersion() {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The postmaster's pid (first line of postmaster.pid), to measure the embedded server's memory. */
    OptionalLong serverPid() {
        if (dataDirectory == null) {
            return OptionalLong.empty();
        }
        try {
            String first = Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim();
            return OptionalLong.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    void stop() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                System.err.println("  PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private void checkReachable() {
        try (Connection ignored = DriverManager.getConnection(adminJdbcUrl, username, password)) {
            // Connecting is the check.
        } catch (SQLException e) {
            throw new StackStartException("Cannot connect to PostgreSQL at " + adminJdbcUrl + " as " + username + ": "
                    + e.getMessage(), e);
        }
    }
}
