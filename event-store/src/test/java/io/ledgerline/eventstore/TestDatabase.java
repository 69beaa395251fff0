package io.ledgerline.eventstore;

import io.ledgerline.testsupport.MigratedDatabase;
import io.ledgerline.testsupport.PostgresServer;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * A fresh database migrated with this module's own migration, and a plain Vert.x pool on it: the store is tested
 * without any Quarkus application.
 */
final class TestDatabase implements AutoCloseable {

    final PostgresServer.Database database;
    final Pool pool;
    private final MigratedDatabase migrated;

    TestDatabase(String prefix) {
        migrated = new MigratedDatabase(prefix, 8, "classpath:db/event-store");
        database = migrated.database();
        pool = migrated.pool();
    }

    @Override
    public void close() {
        migrated.close();
    }
}
