package io.ledgerline.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;


/**
 * Everything on Ledgerline's own topics since the beginning, as an analyst's consumer sees it: a thread reads every
 * partition from offset 0 (no consumer group) and keeps each record with its CloudEvents headers and JSON value.
 */
final class TopicLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: its topic, key, CloudEvents type (short: {@code AccountDelinquent}), id and source, value. */
    record Seen(String topic, int partition, long offset, String key, String type, String id, String source,
                JsonNode value) {

        boolean tombstone() {
            return value == null;
        }

        /** The same message, however often it was published: (source, id), or the position for a tombstone. */
        String identity() {
            return id == null ? topic + "/" + partition + "/" + offset : source + "|" + id;
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;

    TopicLog(String bootstrapServers, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        reader = new Thread(this::read, "system-test-topic-log");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                seen.add(toSeen(record));
            }
        }
        consumer.close(Duration.ofSeconds(2));
    }

    private static Seen toSeen(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        String type = headers.get("ce_type");
        JsonNode value = null;
        if (record.value() != null) {
            try {
                value = JSON.readTree(record.value());
            } catch (IOException notJson) {
                value = JSON.getNodeFactory().textNode(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        return new Seen(record.topic(), record.partition(), record.offset(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                type == null ? null : shortType(type), headers.get("ce_id"), headers.get("ce_source"), value);
    }

    /** {@code io.ledgerline.receivables.AccountDelinquent.v1} → {@code AccountDelinquent}. */
    static String shortType(String ceType) {
        String[] parts = ceType.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] : ceType;
    }

    /** Every record of one key on a topic, in offset order per partition (one key = one partition). */
    List<Seen> of(String topic, String key) {
        return seen.stream().filter(s -> s.topic().equals(topic) && key.equals(s.key())).toList();
    }

    /** Each message of one key once, however often it was published (the outbox publishes at least once). */
    List<Seen> distinct(String topic, String key) {
        Map<String, Seen> first = new LinkedHashMap<>();
        for (Seen s : of(topic, key)) {
            first.putIfAbsent(s.identity(), s);
        }
        return List.copyOf(first.values());
    }

    List<Seen> events(String topic, String key, String type) {
        return distinct(topic, key).stream().filter(s -> type.equals(s.type())).toList();
    }

    /** Waits for a record of this type and key that matches, and returns the first such. */
    Seen await(String topic, String key, String type, Predicate<JsonNode> matches, Duration within) {
        Seen[] found = new Seen[1];
        org.awaitility.Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(100))
                .alias(type + " for " + key + " on " + topic)
                .until(() -> {
                    found[0] = events(topic, key, type).stream().filter(s -> matches.test(s.value())).findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** The latest record of a key (a compacted topic's current value; null value = tombstone). */
    Seen latest(String topic, String key) {
        List<Seen> all = of(topic, key);
        return all.isEmpty() ? null : all.getLast();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(5_000);
    }
}
