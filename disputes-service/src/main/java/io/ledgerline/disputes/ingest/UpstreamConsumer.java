package io.ledgerline.disputes.ingest;

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
 * Receivables' domain events, read as raw bytes in batches: one poll becomes one transaction. Decoding happens inside
 * the processor, where an unreadable record is skipped and counted, a database outage is waited out and a customer
 * whose records fail otherwise is quarantined; should the poll still fail, it is retried with backoff, for as long as
 * it takes, so the channel never stops.
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
        return Uni.createFrom().deferred(() -> processor.process(records))
                .invoke(o -> LOG.debugf("upstream poll of %d: %d duplicates, %d unreadable, %d deductions opened, %d parked",
                        o.read(), o.duplicates(), o.unreadable(), o.deductionsOpened(), o.parked()))
                .onFailure().invoke(f -> LOG.warnf("upstream poll of %d records failed, will retry: %s", records.size(), f))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}
