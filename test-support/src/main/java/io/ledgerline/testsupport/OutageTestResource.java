package io.ledgerline.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * A Quarkus application under test on a PostgreSQL and a Kafka broker of its own that the test can stop and start
 * ({@link Outages}), for tests of what a service does while its database or broker is away. Sets the same properties
 * as {@link PostgresTestResource} and {@link KafkaTestResource}. Each application start with this resource costs a
 * server and a broker of its own (a few seconds): keep such tests in one class.
 */
public class OutageTestResource implements QuarkusTestResourceLifecycleManager {

    private RestartablePostgres postgres;
    private RestartableKafka kafka;

    @Override
    public Map<String, String> start() {
        postgres = RestartablePostgres.startNew();
        kafka = RestartableKafka.startNew();
        PostgresServer.Database database = postgres.createDatabase("outage");
        Outages.register(postgres, kafka);
        return Map.of(
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.username(),
                "quarkus.datasource.password", database.password(),
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        Outages.unregister();
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
