package io.ledgerline.receivables.it;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.UUID;

import static io.ledgerline.receivables.it.ErpPublisher.utf8;

/**
 * Publishes other services' domain events the way their outbox relay does: binary CloudEvents with ce_id, ce_source
 * (the service), ce_type io.ledgerline.<area>.<Name>.v1, ce_subject, ce_time, content-type, key = customerId.
 */
final class UpstreamPublisher {

    private final ErpPublisher kafka;

    UpstreamPublisher(ErpPublisher kafka) {
        this.kafka = kafka;
    }

    /** Returns the record it sent, so a test can send the very same record again (a redelivery). */
    ProducerRecord<byte[], byte[]> publish(DomainEvent event) {
        return publish(event, UUID.randomUUID().toString());
    }

    ProducerRecord<byte[], byte[]> publish(DomainEvent event, String id) {
        String area = EventTypes.areaOf(event.getClass());
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8(area + "-service"));
        headers.add("ce_type", utf8("io.ledgerline." + area + "." + event.getClass().getSimpleName() + ".v1"));
        headers.add("ce_subject", utf8(area + "-" + event.customerId()));
        headers.add("ce_time", utf8("2026-11-02T08:00:00Z"));
        headers.add("content-type", utf8("application/json"));
        var record = new ProducerRecord<>(Topics.domainTopicOf(area), null, utf8(event.customerId()),
                utf8(EventJson.writeString(event)), headers);
        kafka.raw(record);
        return record;
    }
}
