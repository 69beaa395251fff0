package io.ledgerline.receivables.ingest;

import io.ledgerline.events.Topics;
import io.ledgerline.receivables.domain.Rejection;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A rejected ingest record, forwarded unchanged (key, value, headers) to {@code ledgerline.ingest.rejected} with the
 * contract's added headers, so the sending system can see exactly what was refused and why, and resend a fix.
 * <p>
 * Unchanged unless it is too big to forward: the rejected topic must never refuse what Ledgerline writes to it (a
 * producer size error would stop the rejections behind it). A value over {@value #MAX_VALUE_COPY} bytes (such a record
 * was rejected as VALUE_TOO_LARGE in the first place) is forwarded as its first {@value #TRUNCATED_VALUE} bytes; a key
 * over {@value #MAX_KEY} bytes as its first {@value #MAX_KEY}; headers beyond {@value #MAX_HEADER_BYTES} bytes in all
 * are cut to their first {@value #TRUNCATED_HEADER} bytes each, and dropped once even that does not fit. Whatever was
 * cut is named in {@code ledgerline-truncated}, with the value's original size and SHA-256 so the sender can find the
 * record on its side.
 */
final class RejectedRecords {

    static final String ERROR_CODE = "ledgerline-error-code";
    static final String ERROR_DETAIL = "ledgerline-error-detail";
    /** Not in ingest-v1 itself; a compatible addition naming the field the error is about. */
    static final String ERROR_FIELD = "ledgerline-error-field";
    static final String SOURCE_TOPIC = "ledgerline-source-topic";
    static final String SOURCE_PARTITION = "ledgerline-source-partition";
    static final String SOURCE_OFFSET = "ledgerline-source-offset";
    /** Compatible additions, only on a record that was too big to forward whole. */
    static final String TRUNCATED = "ledgerline-truncated";
    static final String ORIGINAL_VALUE_SIZE = "ledgerline-original-value-size";
    static final String ORIGINAL_VALUE_SHA256 = "ledgerline-original-value-sha256";

    static final int MAX_VALUE_COPY = 256 * 1024;
    static final int TRUNCATED_VALUE = 16 * 1024;
    static final int MAX_KEY = 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int TRUNCATED_HEADER = 1024;
    static final int MAX_DETAIL = 1000;

    private RejectedRecords() {
    }

    static ProducerRecord<byte[], byte[]> of(IngestRecord record, Rejection rejection) {
        List<String> truncated = new ArrayList<>();
        RecordHeaders headers = new RecordHeaders();
        copyHeaders(record.headers(), headers, truncated);
        byte[] key = record.key();
        if (key != null && key.length > MAX_KEY) {
            key = java.util.Arrays.copyOf(key, MAX_KEY);
            truncated.add("key");
        }
        byte[] value = record.value();
        if (value != null && value.length > MAX_VALUE_COPY) {
            headers.add(ORIGINAL_VALUE_SIZE, utf8(Integer.toString(value.length)));
            headers.add(ORIGINAL_VALUE_SHA256, utf8(sha256(value)));
            value = java.util.Arrays.copyOf(value, TRUNCATED_VALUE);
            truncated.add("value");
        }
        headers.add(ERROR_CODE, utf8(rejection.code()));
        headers.add(ERROR_DETAIL, utf8(shortened(rejection.detail())));
        if (rejection.field() != null) {
            headers.add(ERROR_FIELD, utf8(shortened(rejection.field())));
        }
        headers.add(SOURCE_TOPIC, utf8(record.topic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        if (!truncated.isEmpty()) {
            headers.add(TRUNCATED, utf8(String.join(",", truncated)));
        }
        return new ProducerRecord<>(Topics.INGEST_REJECTED, null, key, value, headers);
    }

    private static void copyHeaders(List<IngestRecord.Header> original, RecordHeaders copy, List<String> truncated) {
        long total = 0;
        for (IngestRecord.Header h : original) {
            total += h.name().length() + (h.value() == null ? 0 : h.value().length);
        }
        if (total <= MAX_HEADER_BYTES) {
            original.forEach(h -> copy.add(h.name(), h.value()));
            return;
        }
        truncated.add("headers");
        long used = 0;
        for (IngestRecord.Header h : original) {
            String name = h.name().length() > TRUNCATED_HEADER ? h.name().substring(0, TRUNCATED_HEADER) : h.name();
            byte[] value = h.value() == null || h.value().length <= TRUNCATED_HEADER ? h.value()
                    : java.util.Arrays.copyOf(h.value(), TRUNCATED_HEADER);
            used += name.length() + (value == null ? 0 : value.length);
            if (used > MAX_HEADER_BYTES) {
                return;
            }
            copy.add(name, value);
        }
    }

    /** Details quote what was sent; a quote of a megabyte helps nobody. */
    private static String shortened(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }

    private static String sha256(byte[] value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
