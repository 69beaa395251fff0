package io.ledgerline.reporting.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventSchemas;
import io.ledgerline.events.EventTypes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads a reporting topic from the beginning with a plain consumer of its own group, as an analyst's tool would:
 * the latest record per key (a null value is a tombstone), each value checked against its JSON Schema and read back
 * as the record its ce_type names.
 */
final class AnalystReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    AnalystReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "analyst-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        consumer.subscribe(List.of(topic));
    }

    /** Every record under the key so far, oldest first, polling once more first. */
    List<ConsumerRecord<byte[], byte[]>> records(String key) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> key.equals(text(r.key()))).toList();
    }

    /** The latest record under the key, if any. */
    Optional<ConsumerRecord<byte[], byte[]>> latest(String key) {
        List<ConsumerRecord<byte[], byte[]>> records = records(key);
        return records.isEmpty() ? Optional.empty() : Optional.of(records.getLast());
    }

    /** The value as the record its ce_type names, after checking it against its schema. */
    static <T> T read(ConsumerRecord<byte[], byte[]> record, Class<T> type) {
        String ceType = header(record, "ce_type");
        assertThat(ceType).isEqualTo(EventTypes.typeOf(type));
        EventTypes.ParsedType parsed = EventTypes.parse(ceType).orElseThrow();
        assertThat(EventSchemas.validate(parsed, EventJson.readTree(record.value()))).as(text(record.value())).isEmpty();
        assertThat(header(record, "ce_source")).isEqualTo("reporting-service");
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        return EventJson.read(record.value(), type);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
