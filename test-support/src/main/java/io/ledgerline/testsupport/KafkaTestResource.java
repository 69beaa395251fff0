package io.ledgerline.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus application under test at the JVM's shared {@link KafkaBroker}. Use with
 * {@code @QuarkusTestResource(KafkaTestResource.class)} (or {@code @WithTestResource}). The broker outlives the
 * application, so {@link #stop()} has nothing to do; tests isolate themselves with their own consumer groups/keys.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        return Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "mp.messaging.connector.smallrye-kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // Shared for the whole JVM; stopped by KafkaBroker's shutdown hook.
    }
}
