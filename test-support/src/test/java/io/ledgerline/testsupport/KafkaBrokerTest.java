package io.ledgerline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.ledgerline.events.Topics;

class KafkaBrokerTest {

    private final KafkaBroker broker = KafkaBroker.shared();

    @Test
    void sharedIsOneBrokerPerJvm() throws Exception {
        assertThat(KafkaBroker.shared()).isSameAs(broker);
        if (System.getenv(KafkaBroker.BOOTSTRAP_ENV) == null) {
            String host = broker.bootstrapServers().substring(0, broker.bootstrapServers().lastIndexOf(':'));
            assertThat(InetAddress.getByName(host).isLoopbackAddress())
                    .as("in-process broker %s listens on loopback only", broker.bootstrapServers()).isTrue();
        }
    }

    @Test
    void createsEveryLedgerlineTopicWithThreePartitionsAndCompactsAging() throws Exception {
        try (Admin admin = broker.admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.all()).allTopicNames().get();
            assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
            assertThat(topics.values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(KafkaBroker.PARTITIONS));

            ConfigResource aging = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REPORTING_AGING);
            String policy = admin.describeConfigs(List.of(aging)).all().get().get(aging)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void createTopicsIsIdempotent() throws Exception {
        String name = "test-support.idempotent." + UUID.randomUUID();
        broker.createTopics(List.of(name), 2);
        broker.createTopics(List.of(name, name), 2);
        try (Admin admin = broker.admin()) {
            assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
        }
    }

    @Test
    void producesAndConsumesBytesWithHeaders() throws Exception {
        String topic = "test-support.roundtrip." + UUID.randomUUID();
        broker.createTopics(List.of(topic), 1);
        byte[] key = "customer-42".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{\"amount\":\"12.50\"}".getBytes(StandardCharsets.UTF_8);

        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            var record = new ProducerRecord<>(topic, key, value);
            record.headers().add(new RecordHeader("ce_id", "evt-1".getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }

        List<ConsumerRecord<byte[], byte[]>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-support-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }

        assertThat(received).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = received.getFirst();
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.value()).isEqualTo(value);
        assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo("evt-1");
    }
}
