package io.ledgerline.disputes.it;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
import io.ledgerline.testsupport.ApplicationDatabase;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * What every disputes-service integration test shares (one Quarkus start for all of them): the real in-process
 * broker, a fresh embedded PostgreSQL, a publisher that writes other services' events as their outbox relays do,
 * and a customer of its own per test.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
abstract class DisputesTestBase {

    protected KafkaProducer<byte[], byte[]> producer;
    protected String customer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
        // Reads and runs go as a reader who may also run the SLA; people's commands say who with as(...).
        RestAssured.authentication = RestAssured.oauth2(Tokens.of("olga.ops", Roles.READER, Roles.OPERATOR));
    }

    @AfterEach
    void disconnect() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        producer.close();
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A domain event as the producing service's outbox relay publishes it (binary CloudEvent, key = customerId). */
    protected ProducerRecord<byte[], byte[]> publish(DomainEvent event) {
        String area = EventTypes.areaOf(event.getClass());
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", utf8(area + "-service"));
        headers.add("ce_type", utf8("io.ledgerline." + area + "." + event.getClass().getSimpleName() + ".v1"));
        headers.add("ce_subject", utf8("account-" + event.customerId()));
        headers.add("ce_time", utf8("2026-11-02T08:00:00Z"));
        headers.add("content-type", utf8("application/json"));
        var record = new ProducerRecord<>(Topics.domainTopicOf(area), null, utf8(event.customerId()),
                utf8(EventJson.writeString(event)), headers);
        send(record);
        return record;
    }

    protected void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    /**
     * Inserts into {@code table} of rows whose {@code column} is {@code value} sleep that many seconds first (a trigger),
     * until closed: how a test holds one transaction open at the moment another one decides.
     */
    protected AutoCloseable slowInserts(String table, String column, String value, int seconds)
            throws java.sql.SQLException {
        String function = "slow_" + customer.replace("-", "_").toLowerCase();
        ApplicationDatabase.execute("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.%2$s = '%3$s' THEN PERFORM pg_sleep(%4$d); END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER %1$s BEFORE INSERT ON %5$s
                  FOR EACH ROW EXECUTE FUNCTION %1$s();""".formatted(function, column, value, seconds, table));
        return () -> ApplicationDatabase.execute("DROP TRIGGER %1$s ON %2$s; DROP FUNCTION %1$s();"
                .formatted(function, table));
    }

    protected static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A request by a person, with a token from the test issuer. */
    protected static RequestSpecification as(String subject, String... roles) {
        return RestAssured.given().auth().oauth2(Tokens.of(subject, roles));
    }
}
