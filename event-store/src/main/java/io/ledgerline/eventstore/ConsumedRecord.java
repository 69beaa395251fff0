package io.ledgerline.eventstore;

import org.apache.kafka.common.header.Headers;

/**
 * A Kafka record as a consumer received it, bytes untouched: what {@link Quarantine} parks and gives back for a
 * replay. {@code seq} is its place in the quarantine (0 before it is parked).
 */
public record ConsumedRecord(long seq, String topic, int partition, long offset, byte[] key, byte[] value,
                             Headers headers) {
}
