package io.ledgerline.eventstore;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox relay and every other producer built by {@link ReliableKafkaProducer} reach a secured cluster with the
 * same settings as the service's connector.
 */
class KafkaSecuritySettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"ledgerline\" password=\"secret\";";

    @Test
    void securitySettingsOfTheConnectorReachTheProducerConfig() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.bootstrap.servers", "broker-1:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", JAAS,
                "kafka.ssl.truststore.location", "/etc/kafka/truststore.p12",
                "kafka.ssl.truststore.type", "PKCS12",
                "mp.messaging.connector.smallrye-kafka.ssl.endpoint.identification.algorithm", "https",
                // Not a security setting: the producer keeps its own durable defaults.
                "kafka.acks", "1"), "test", 100)).build();

        ReliableKafkaProducer producer = new ReliableKafkaProducer("broker-1:9093", "lz4", config);

        assertThat(producer.config())
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "lz4");
    }

    @Test
    void theKafkaClientAcceptsThePassedThroughSettings() {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.sasl.mechanism", "PLAIN",
                "kafka.sasl.jaas.config", JAAS), "test", 100)).build();
        ReliableKafkaProducer producer = new ReliableKafkaProducer("127.0.0.1:9", "zstd", config);

        // Creating the client validates every setting and logs in (PLAIN needs no server for that).
        try (KafkaProducer<byte[], byte[]> client = new KafkaProducer<>(producer.config())) {
            assertThat(client.metrics()).isNotEmpty();
            assertThat(producer.config()).as("compression from ledgerline.kafka.compression-type")
                    .containsEntry("compression.type", "zstd");
        }
    }
}
