package io.ledgerline.testsupport;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * A fresh database on the shared test PostgreSQL, migrated with the given Flyway locations (as a service would
 * migrate it), and a plain Vert.x pool on it: for testing event-sourcing code without starting a Quarkus application.
 */
public final class MigratedDatabase implements AutoCloseable {

    private final PostgresServer.Database database;
    private final Vertx vertx;
    private final Pool pool;

    public MigratedDatabase(String prefix, int poolSize, String... flywayLocations) {
        database = PostgresServer.shared().createDatabase(prefix);
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations(flywayLocations)
                .load()
                .migrate();
        vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(database.reactiveUrl())
                .setUser(database.username())
                .setPassword(database.password());
        pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(poolSize))
                .connectingTo(connect)
                .using(vertx.getDelegate())
                .build());
    }

    public Pool pool() {
        return pool;
    }

    public PostgresServer.Database database() {
        return database;
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }
}
