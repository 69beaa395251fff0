package io.ledgerline.receivables.ingest;

import java.util.List;

/**
 * A Kafka record from an ingest topic as it arrived: bytes and headers untouched, so a rejection can forward it
 * unchanged and the decoder never depends on a Java serializer.
 */
public record IngestRecord(String topic, int partition, long offset, byte[] key, byte[] value, List<Header> headers) {

    public record Header(String name, byte[] value) {
    }

    /** The last value of a header as UTF-8 text, or null; Kafka allows repeats and the last one wins. */
    public String header(String name) {
        String found = null;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name) && h.value() != null) {
                found = new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return found;
    }

    public String keyText() {
        return key == null ? null : new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
