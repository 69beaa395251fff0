package io.ledgerline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus application under test a fresh database on the JVM's shared {@link PostgresServer}: every start
 * (every application boot) gets a new, empty database, so migrations run from scratch and no test sees another's
 * rows. The database is left behind on stop; the embedded server and its data vanish when the JVM exits.
 * Dev Services are a build-time setting that a resource cannot change at run time: services switch them off in
 * their own configuration ({@code quarkus.devservices.enabled=false}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresServer.Database database = PostgresServer.shared().createDatabase("quarkus");
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password());
    }

    @Override
    public void stop() {
        // The server is shared for the whole JVM; its shutdown hook stops it.
    }
}
