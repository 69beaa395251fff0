package io.ledgerline.eventstore;

import io.ledgerline.testsupport.PostgresServer;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/**
 * A fresh database on the shared test PostgreSQL, migrated with this module's own migration (through Flyway, as a
 * service would), and a plain Vert.x pool on it: the store is tested without any Quarkus application.
 */
final class TestDatabase implements AutoCloseable {

    final PostgresServer.Database database;
    final Vertx vertx;
    final Pool pool;

    TestDatabase(String prefix) {
        database = PostgresServer.shared().createDatabase(prefix);
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .locations("classpath:db/event-store")
                .load()
                .migrate();
        vertx = Vertx.vertx();
        PgConnectOptions connect = PgConnectOptions.fromUri(database.reactiveUrl())
                .setUser(database.username())
                .setPassword(database.password());
        pool = Pool.newInstance(PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(8))
                .connectingTo(connect)
                .using(vertx.getDelegate())
                .build());
    }

    @Override
    public void close() {
        pool.closeAndAwait();
        vertx.closeAndAwait();
    }
}
