package io.ledgerline.receivables.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/**
 * Publishes ingest records the way an ERP or a bank would: a plain Kafka producer, raw bytes and headers, no Quarkus
 * serializer, in either CloudEvents mode.
 */
final class ErpPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    ErpPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Binary mode: CloudEvents attributes in ce_ headers, the value is the data JSON. Returns the ce_id. */
    String binary(String topic, String key, String type, String data) {
        return binary(topic, key, type, data, UUID.randomUUID().toString());
    }

    String binary(String topic, String key, String type, String data, String id) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8("erp-eu-1"));
        headers.add("ce_type", utf8("io.ledgerline.ingest." + type + ".v1"));
        headers.add("ce_time", utf8("2026-10-01T08:00:00Z"));
        headers.add("content-type", utf8("application/json"));
        send(new ProducerRecord<>(topic, null, key == null ? null : utf8(key), utf8(data), headers));
        return id;
    }

    /** Structured mode: the whole CloudEvent is the value. */
    String structured(String topic, String key, String type, String data) {
        String id = UUID.randomUUID().toString();
        String event = """
                {"specversion": "1.0", "id": "%s", "source": "bank-de-2", "type": "io.ledgerline.ingest.%s.v1",
                 "time": "2026-10-29T09:30:00Z", "data": %s}""".formatted(id, type, data);
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", utf8("application/cloudevents+json"));
        send(new ProducerRecord<>(topic, null, utf8(key), utf8(event), headers));
        return id;
    }

    void raw(ProducerRecord<byte[], byte[]> record) {
        send(record);
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + record.topic(), e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
