package io.ledgerline.eventstore;

import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A service as most will be set up: the outbox relay enabled through configuration and started by CDI, and no
 * projection at all (the test projection is excluded), which the runner must take in its stride.
 */
@QuarkusTest
@TestProfile(QuarkusWiringTest.OutboxWithoutProjections.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class QuarkusWiringTest {

    static final String TOPIC = "event-store-wiring-test";

    public static class OutboxWithoutProjections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.arc.exclude-types", StreamSummaryProjection.class.getName(),
                    "ledgerline.outbox.enabled", "true",
                    "ledgerline.outbox.topic", TOPIC,
                    "ledgerline.outbox.source", "/ledgerline/wiring-test",
                    "ledgerline.outbox.poll-interval", "20ms");
        }
    }

    @Inject
    EventStore store;

    @Inject
    OutboxRelay relay;

    @Inject
    ProjectionRunner runner;

    @Inject
    Pool pool;

    @Test
    void withoutProjectionsTheRunnerReportsNothingAndCannotRebuild() {
        assertThat(runner.status().await().atMost(Duration.ofSeconds(10))).isEmpty();
        assertThatThrownBy(() -> runner.rebuild(StreamSummaryProjection.NAME).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void theRelayStartedByConfigurationPublishesWhatIsAppended() {
        StreamAppend append = TestEvents.append("account-" + UUID.randomUUID(), 0, 3);
        pool.withTransaction(tx -> store.append(tx, List.of(append))).await().indefinitely();
        relay.wake();

        GlobalPosition head = store.head(pool).await().indefinitely();
        await().atMost(Duration.ofSeconds(30)).until(() -> relay.published().compareTo(head) >= 0);

        Set<String> expected = append.events().stream().map(e -> e.eventId().toString()).collect(Collectors.toSet());
        Set<String> published = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "wiring-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(TOPIC));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> published.add(
                        new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)));
                return published.containsAll(expected);
            });
        }
        assertThat(relay.checkpointName()).isEqualTo("outbox:" + TOPIC);
    }
}
