package io.ledgerline.collections.it;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
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
 * Publishes other services' events the way their outbox relays do: a plain producer, binary-mode CloudEvents
 * (ce_specversion, ce_id, ce_source, ce_type, ce_subject, ce_time, content-type), key = customerId.
 */
final class UpstreamPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;

    UpstreamPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Publishes the event under a new ce_id; returns the id. */
    String publish(DomainEvent event) {
        return publish(event, UUID.randomUUID().toString());
    }

    String publish(DomainEvent event, String id) {
        String area = EventTypes.areaOf(event.getClass());
        String topic = Topics.domainTopicOf(area);
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8(area + "-service"));
        headers.add("ce_type", utf8(EventTypes.typeOf(event.getClass())));
        headers.add("ce_subject", utf8(area + "-" + event.customerId()));
        headers.add("ce_time", utf8("2026-11-10T09:00:00Z"));
        headers.add("content-type", utf8("application/json"));
        try {
            producer.send(new ProducerRecord<>(topic, null, utf8(event.customerId()), EventJson.write(event), headers))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e);
        }
        return id;
    }

    void raw(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
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
