package io.ledgerline.testsupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The servers outage tests stop and start keep their address and their data across a restart. */
class RestartableServersTest {

    @Test
    void postgres_goes_away_and_comes_back_with_its_data() throws Exception {
        try (RestartablePostgres postgres = RestartablePostgres.startNew()) {
            PostgresServer.Database db = postgres.createDatabase("restart");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (n INT); INSERT INTO kept VALUES (42)");
            }
            postgres.stop();
            assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
            postgres.start();
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery("SELECT n FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void kafka_goes_away_and_comes_back_on_the_same_address() throws Exception {
        try (RestartableKafka kafka = RestartableKafka.startNew();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000,
                     ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>("ledgerline.ingest.invoices", "k", "before")).get(30, TimeUnit.SECONDS);
            kafka.stop();
            long stoppedAt = System.nanoTime();
            // The broker comes back in 3 s; a send meanwhile waits for it (the producer blocks on metadata).
            Thread restart = Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                kafka.start();
            });
            var during = producer.send(new ProducerRecord<>("ledgerline.ingest.invoices", "k", "during"));
            assertThat(during.get(60, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThat(System.nanoTime() - stoppedAt).isGreaterThan(TimeUnit.SECONDS.toNanos(2));
            restart.join();
        }
    }
}
