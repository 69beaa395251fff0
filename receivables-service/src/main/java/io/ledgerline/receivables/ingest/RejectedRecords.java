package io.ledgerline.receivables.ingest;

import io.ledgerline.events.Topics;
import io.ledgerline.receivables.domain.Rejection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/**
 * A rejected ingest record, forwarded unchanged (key, value, headers) to {@code ledgerline.ingest.rejected} with the
 * contract's added headers, so the sending system can see exactly what was refused and why, and resend a fix.
 */
final class RejectedRecords {

    static final String ERROR_CODE = "ledgerline-error-code";
    static final String ERROR_DETAIL = "ledgerline-error-detail";
    /** Not in ingest-v1 itself; a compatible addition naming the field the error is about. */
    static final String ERROR_FIELD = "ledgerline-error-field";
    static final String SOURCE_TOPIC = "ledgerline-source-topic";
    static final String SOURCE_PARTITION = "ledgerline-source-partition";
    static final String SOURCE_OFFSET = "ledgerline-source-offset";

    private RejectedRecords() {
    }

    static ProducerRecord<byte[], byte[]> of(IngestRecord record, Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(h -> headers.add(h.name(), h.value()));
        headers.add(ERROR_CODE, utf8(rejection.code()));
        headers.add(ERROR_DETAIL, utf8(rejection.detail()));
        if (rejection.field() != null) {
            headers.add(ERROR_FIELD, utf8(rejection.field()));
        }
        headers.add(SOURCE_TOPIC, utf8(record.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        return new ProducerRecord<>(Topics.INGEST_REJECTED, null, record.key(), record.value(), headers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
