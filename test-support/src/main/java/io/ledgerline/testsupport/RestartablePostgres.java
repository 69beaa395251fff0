package io.ledgerline.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own that a test can stop and start again, on the same port and with the same data, to
 * see what a service does while its database is away. Unlike {@link PostgresServer} it is not shared: a test that
 * stops it must be the only one using it. Stopping is PostgreSQL's "fast" shutdown: every connection is closed at
 * once, open transactions roll back, as when a database server goes down.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    private RestartablePostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** A new server on a free port, started. */
    public static RestartablePostgres startNew() {
        try {
            RestartablePostgres postgres = new RestartablePostgres(Files.createTempDirectory("ledgerline-pg-restartable-"),
                    freePort());
            postgres.start();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "ledgerline-restartable-pg-shutdown"));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** A new, empty database on this server (which must be running). */
    public PostgresServer.Database createDatabase(String name) {
        String admin = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        String address = "127.0.0.1:" + port + "/" + name;
        return new PostgresServer.Database(name, "jdbc:postgresql://" + address, "postgresql://" + address,
                "postgres", "postgres");
    }

    @Override
    public void close() {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
