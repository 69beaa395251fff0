package io.ledgerline.eventstore;

import io.ledgerline.testsupport.KafkaBroker;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a service on one database, as plain objects: two relays for one topic over one database, with a
 * real broker. Only one publishes; when it stops, the other takes over from the checkpoint; nothing is published twice
 * and nothing is lost. And the checkpoint itself moves only from where a reader read it.
 */
class OneActiveReaderTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static TestDatabase db;
    private static EventStore store;
    private static Checkpoints checkpoints;

    @BeforeAll
    static void start() {
        db = new TestDatabase("one_active_reader_test");
        store = new EventStore(db.pool, UpcasterChain.none());
        checkpoints = new Checkpoints();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void twoRelaysOnOneDatabasePublishEveryEventExactlyOnceAndTheStandbyTakesOver() {
        String topic = "one-reader-" + UUID.randomUUID();
        KafkaBroker.shared().createTopics(List.of(topic), 3);
        OutboxRelay.Settings settings = new OutboxRelay.Settings(topic, "/ledgerline/test", "io.ledgerline.test.",
                Duration.ofMillis(20), 7);
        try (ReliableKafkaProducer producerA = producer(); ReliableKafkaProducer producerB = producer()) {
            OutboxRelay a = new OutboxRelay(store, checkpoints, producerA, settings);
            OutboxRelay b = new OutboxRelay(store, checkpoints, producerB, settings);
            a.start();
            b.start();
            try {
                Set<String> first = appendAndWait(List.of(a, b), 6, 10);
                assertThat(a.active() ^ b.active()).as("exactly one relay is active").isTrue();
                OutboxRelay active = a.active() ? a : b;
                OutboxRelay standby = active == a ? b : a;

                // The active instance goes away; the standby takes over where the checkpoint is.
                active.stop();
                Set<String> second = appendAndWait(List.of(standby), 4, 10);
                assertThat(standby.active()).isTrue();

                List<String> published = consume(topic, first.size() + second.size());
                assertThat(published).as("every event once, none twice").doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(union(first, second, allOtherEventIds(first, second)));
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void aCheckpointMovesOnlyFromThePositionItWasReadAt() {
        String name = "test:" + UUID.randomUUID();
        GlobalPosition one = new GlobalPosition(10, 1);
        GlobalPosition two = new GlobalPosition(11, 2);
        checkpoints.advance(db.pool, name, GlobalPosition.START, one).await().indefinitely();
        // A second reader that also read START must not move it again.
        assertThatThrownBy(() -> checkpoints.advance(db.pool, name, GlobalPosition.START, two).await().indefinitely())
                .isInstanceOf(CheckpointMoved.class);
        checkpoints.advance(db.pool, name, one, two).await().indefinitely();
        assertThatThrownBy(() -> checkpoints.advance(db.pool, name, one, two).await().indefinitely())
                .isInstanceOf(CheckpointMoved.class);
        assertThat(checkpoints.load(db.pool, name).await().indefinitely()).isEqualTo(two);
    }

    @Test
    void aTransactionThatMovesACheckpointCommitsWithoutWaitingForTheDisk_andOnlyThatTransaction() {
        String name = "test:" + UUID.randomUUID();
        GlobalPosition one = new GlobalPosition(10, 1);
        GlobalPosition two = new GlobalPosition(11, 2);
        SqlConnection connection = db.pool.getConnection().await().indefinitely();
        try {
            // The session waits for the disk (the test server's default does not), so "off" can only come from the
            // checkpoint's statement, and "on" afterwards shows it did not outlive its transaction.
            connection.query("SET synchronous_commit = on").execute().await().indefinitely();
            String inside = connection.begin().chain(tx -> checkpoints.advance(connection, name, GlobalPosition.START, one)
                            .chain(() -> synchronousCommit(connection))
                            .call(tx::commit))
                    .await().indefinitely();
            assertThat(inside).as("in the transaction that moved the checkpoint").isEqualTo("off");
            assertThat(synchronousCommit(connection).await().indefinitely()).as("after it").isEqualTo("on");
            // A relay's advance is a transaction of its own (one statement): the session's setting is back after it.
            checkpoints.advance(connection, name, one, two).await().indefinitely();
            assertThat(synchronousCommit(connection).await().indefinitely()).isEqualTo("on");
            assertThat(checkpoints.load(connection, name).await().indefinitely()).isEqualTo(two);
        } finally {
            connection.close().await().indefinitely();
        }
    }

    private static Uni<String> synchronousCommit(SqlClient client) {
        return client.query("SELECT current_setting('synchronous_commit') AS value").execute()
                .map(rows -> rows.iterator().next().getString("value"));
    }

    @Test
    void aStoreWhoseTransactionIdsAreAheadOfTheServerIsRefused() {
        try (TestDatabase restored = new TestDatabase("restored_dump_test")) {
            TransactionIdCheck.Finding fresh = TransactionIdCheck.check(restored.pool);
            assertThat(fresh.stored()).isNull();
            assertThat(fresh.storeIsAhead()).isFalse();

            EventStore restoredStore = new EventStore(restored.pool, UpcasterChain.none());
            restored.pool.withTransaction(tx -> restoredStore.append(tx,
                    List.of(TestEvents.append("account-" + UUID.randomUUID(), 0, 2)))).await().indefinitely();
            assertThat(TransactionIdCheck.check(restored.pool).storeIsAhead()).isFalse();

            // What a dump from a busier server looks like once restored: ids the new server has not reached.
            long fromOldServer = (7L << 32) + 123_456;
            restored.pool.query("UPDATE events SET tx_id = '" + fromOldServer + "'::xid8").execute().await().indefinitely();
            TransactionIdCheck.Finding finding = TransactionIdCheck.check(restored.pool);
            assertThat(finding.storeIsAhead()).isTrue();
            assertThat(finding.stored()).isEqualTo(fromOldServer);
            assertThat(finding.epochToSet()).isEqualTo(8);
            assertThat(finding.explanation()).contains("pg_resetwal -e 8");
        }
    }

    private static ReliableKafkaProducer producer() {
        return new ReliableKafkaProducer(ReliableKafkaProducer.producerConfig(KafkaBroker.shared().bootstrapServers()));
    }

    /** Appends {@code streams} streams, then waits until one of the relays has published up to the head. */
    private static Set<String> appendAndWait(List<OutboxRelay> relays, int streams, int eventsEach) {
        List<StreamAppend> appends = IntStream.range(0, streams)
                .mapToObj(i -> TestEvents.append("account-" + UUID.randomUUID(), 0, eventsEach)).toList();
        db.pool.withTransaction(tx -> store.append(tx, appends)).await().indefinitely();
        GlobalPosition head = store.head(db.pool).await().indefinitely();
        relays.forEach(OutboxRelay::wake);
        await().atMost(WAIT).until(() -> relays.stream().anyMatch(r -> r.published().compareTo(head) >= 0));
        return appends.stream().flatMap(a -> a.events().stream()).map(e -> e.eventId().toString())
                .collect(Collectors.toSet());
    }

    /** Other tests of this class share the database, and the relays publish the whole table. */
    private static Set<String> allOtherEventIds(Set<String> first, Set<String> second) {
        Set<String> all = db.pool.query("SELECT event_id::text FROM events").execute().await().indefinitely().stream()
                .map(row -> row.getString(0)).collect(Collectors.toSet());
        all.removeAll(first);
        all.removeAll(second);
        return all;
    }

    @SafeVarargs
    private static List<String> union(Set<String>... sets) {
        List<String> all = new ArrayList<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }

    /** Every ce_id on the topic, duplicates kept, once at least {@code expected} have arrived and the topic is quiet. */
    private static List<String> consume(String topic, int expected) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "one-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ids.add(ceId(record)));
                return ids.size() >= expected;
            });
            // Whatever else is there (a duplicate would be) arrives in the next polls.
            for (int n = 0; n < 5; n++) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ids.add(ceId(record)));
            }
        }
        return ids;
    }

    private static String ceId(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }
}
