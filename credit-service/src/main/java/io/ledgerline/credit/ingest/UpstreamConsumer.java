package io.ledgerline.credit.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The receivables, collections and disputes topics as one batch channel, read as raw bytes: one poll becomes one
 * database transaction. A failure the database or broker causes is retried with backoff for as long as it takes (the
 * poll is decided again from scratch each time); the channel never stops.
 */
@ApplicationScoped
public class UpstreamConsumer {

    private static final Logger LOG = Logger.getLogger(UpstreamConsumer.class);
    private final UpstreamProcessor processor;

    public UpstreamConsumer(UpstreamProcessor processor) {
        this.processor = processor;
    }

    @Incoming("upstream")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> poll) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(poll.count());
        poll.forEach(records::add);
        return processor.process(records)
                .invoke(o -> LOG.debugf("upstream poll of %d: %d taken in, %d duplicates, %d skipped, %d parked, %d credit events",
                        records.size(), o.taken(), o.duplicates(), o.skipped(), o.parked(), o.creditEvents()))
                .onFailure().invoke(f -> LOG.warnf("upstream poll of %d records failed, will retry: %s",
                        records.size(), f.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}
