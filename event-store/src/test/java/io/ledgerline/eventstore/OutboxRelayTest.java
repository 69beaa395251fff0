package io.ledgerline.eventstore;

import io.ledgerline.testsupport.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay against a real database and a real (in-process) Kafka broker. */
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestDatabase db;
    private static EventStore store;
    private static Checkpoints checkpoints;

    @BeforeAll
    static void start() {
        db = new TestDatabase("outbox_relay_test");
        store = new EventStore(db.pool, UpcasterChain.none());
        checkpoints = new Checkpoints();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void publishesEveryEventAsACloudEventAndResumesFromItsCheckpointAfterARestart() {
        String topic = newTopic();
        List<StreamAppend> firstBatch = appendStreams(4, 6);
        OutboxRelay.Settings settings = settings(topic);

        try (ReliableKafkaProducer producer = new ReliableKafkaProducer(
                ReliableKafkaProducer.producerConfig(KafkaBroker.shared().bootstrapServers()))) {
            OutboxRelay relay = runUntilCaughtUp(producer, settings);
            assertThat(checkpoints.load(db.pool, OutboxRelay.checkpointName(topic)).await().indefinitely())
                    .isEqualTo(relay.published());

            // Written while no relay runs; a new one must pick up exactly where the last checkpoint is.
            List<StreamAppend> secondBatch = appendStreams(3, 5);
            runUntilCaughtUp(producer, settings);

            Map<String, ConsumerRecord<byte[], byte[]>> published = consumeAll(topic, 24 + 15);
            assertThat(published.keySet()).containsAll(eventIds(firstBatch)).containsAll(eventIds(secondBatch));
            assertPublishedAsCloudEvents(published, firstBatch, topic);
        }
    }

    @Test
    void aBrokerThatNeverAcknowledgesLeavesTheCheckpointWhereItWasAndLosesNothing() {
        String topic = newTopic();
        List<StreamAppend> appended = appendStreams(2, 3);
        OutboxRelay.Settings settings = settings(topic);

        Map<String, Object> unreachable = new HashMap<>(ReliableKafkaProducer.producerConfig("127.0.0.1:9"));
        unreachable.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500);
        try (ReliableKafkaProducer failing = new ReliableKafkaProducer(unreachable)) {
            OutboxRelay relay = new OutboxRelay(store, checkpoints, failing, settings);
            relay.start();
            // Let it try (and fail) a few times.
            await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
            relay.stop();
            assertThat(relay.published()).isEqualTo(GlobalPosition.START);
        }
        assertThat(checkpoints.load(db.pool, OutboxRelay.checkpointName(topic)).await().indefinitely())
                .isEqualTo(GlobalPosition.START);

        try (ReliableKafkaProducer producer = new ReliableKafkaProducer(
                ReliableKafkaProducer.producerConfig(KafkaBroker.shared().bootstrapServers()))) {
            runUntilCaughtUp(producer, settings);
        }
        // Every event of the store (other tests' too: the relay publishes the whole table) reached the topic.
        long stored = store.countAfter(db.pool, GlobalPosition.START).await().indefinitely();
        assertThat(consumeAll(topic, (int) stored).keySet()).containsAll(eventIds(appended));
    }

    @Test
    void twoRelaysSplitOneStoreByEventTypeAndATombstoneTypeGoesOutAsAKeyWithANullValue() {
        String snapshots = newTopic();
        String figures = newTopic();
        String stream = "aging-" + UUID.randomUUID();
        EventToAppend snapshot = new EventToAppend(UUID.randomUUID(), "Snapshot", 1, stream, "{\"open\":\"5.00\"}", "{}");
        EventToAppend cleared = new EventToAppend(UUID.randomUUID(), "Cleared", 1, stream, "{\"open\":\"0.00\"}", "{}");
        EventToAppend figure = new EventToAppend(UUID.randomUUID(), "Figure", 1, "kpi-x", "{\"value\":\"1\"}", "{}");
        db.pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(stream, 0, List.of(snapshot, cleared)),
                new StreamAppend("figure-" + UUID.randomUUID(), 0, List.of(figure))))).await().indefinitely();

        try (ReliableKafkaProducer producer = new ReliableKafkaProducer(
                ReliableKafkaProducer.producerConfig(KafkaBroker.shared().bootstrapServers()))) {
            runUntilCaughtUp(producer, settings(snapshots).only(Set.of("Snapshot"), Set.of("Cleared")));
            runUntilCaughtUp(producer, settings(figures).only(Set.of("Figure"), Set.of()));
        }
        List<ConsumerRecord<byte[], byte[]>> onSnapshots = consumeRecords(snapshots, 2);
        assertThat(onSnapshots).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsOnly(stream);
        assertThat(header(onSnapshots.get(0), "ce_id")).isEqualTo(snapshot.eventId().toString());
        // Each relay reads the payloads of its own types only; those it publishes go out whole.
        assertThat(new String(onSnapshots.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"open\": \"5.00\"}");
        assertThat(onSnapshots.get(1).value()).isNull();
        assertThat(onSnapshots.get(1).headers().toArray()).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> onFigures = consumeRecords(figures, 1);
        assertThat(onFigures).extracting(r -> header(r, "ce_id")).containsExactly(figure.eventId().toString());
        assertThat(new String(onFigures.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"value\": \"1\"}");
    }

    /** Every record of the topic from the beginning, once at least {@code expected} have arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> consumeRecords(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            // Nothing else may follow (the other relay's events, other tests' events).
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    private static OutboxRelay.Settings settings(String topic) {
        // A batch smaller than the number of events, so a run takes several batches and checkpoints.
        return new OutboxRelay.Settings(topic, "/ledgerline/test", "io.ledgerline.test.", Duration.ofMillis(20), 7);
    }

    private static String newTopic() {
        String topic = "outbox-test-" + UUID.randomUUID();
        KafkaBroker.shared().createTopics(List.of(topic), 3);
        return topic;
    }

    private static List<StreamAppend> appendStreams(int streams, int eventsEach) {
        List<StreamAppend> appends = IntStream.range(0, streams)
                .mapToObj(i -> TestEvents.append("account-" + UUID.randomUUID(), 0, eventsEach))
                .toList();
        db.pool.withTransaction(tx -> store.append(tx, appends)).await().indefinitely();
        return appends;
    }

    private static Set<String> eventIds(List<StreamAppend> appends) {
        return appends.stream().flatMap(append -> append.events().stream())
                .map(event -> event.eventId().toString()).collect(Collectors.toSet());
    }

    /** Reads the topic from the beginning until {@code expected} distinct event ids have arrived, keyed by ce_id. */
    private static Map<String, ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> byId.put(header(record, "ce_id"), record));
                return byId.size() >= expected;
            });
        }
        return byId;
    }

    private static void assertPublishedAsCloudEvents(Map<String, ConsumerRecord<byte[], byte[]>> published,
                                                     List<StreamAppend> appends, String topic) {
        Map<String, RecordedEvent> stored = new HashMap<>();
        for (StreamAppend append : appends) {
            store.readStream(db.pool, append.streamId()).await().indefinitely()
                    .forEach(event -> stored.put(event.eventId().toString(), event));
        }
        List<String> checked = new ArrayList<>();
        stored.forEach((id, event) -> {
            ConsumerRecord<byte[], byte[]> record = published.get(id);
            assertThat(record.topic()).isEqualTo(topic);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(event.partitionKey());
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(event.payloadJson());
            assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(header(record, "ce_source")).isEqualTo("/ledgerline/test");
            assertThat(header(record, "ce_type")).isEqualTo("io.ledgerline.test.InvoiceIssued.v1");
            assertThat(header(record, "ce_subject")).isEqualTo(event.streamId());
            assertThat(Instant.parse(header(record, "ce_time"))).isEqualTo(event.recordedAt());
            assertThat(header(record, "content-type")).isEqualTo("application/json");
            checked.add(id);
        });
        assertThat(checked).hasSize(eventIds(appends).size());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A new relay from the stored checkpoint, run until it has published up to the store's head, then stopped. */
    private OutboxRelay runUntilCaughtUp(ReliableKafkaProducer producer, OutboxRelay.Settings settings) {
        OutboxRelay relay = new OutboxRelay(store, checkpoints, producer, settings);
        relay.start();
        try {
            GlobalPosition head = store.head(db.pool).await().indefinitely();
            await().atMost(WAIT).until(() -> relay.published().equals(head));
        } finally {
            relay.stop();
        }
        return relay;
    }
}
