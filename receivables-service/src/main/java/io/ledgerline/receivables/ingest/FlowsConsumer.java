package io.ledgerline.receivables.ingest;

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
 * Disputes' and collections' events (flows.md §2, §3) as one batch channel: one poll becomes one ledger transaction.
 * Decoding happens inside the processor, where an unreadable record is skipped and logged; a database or broker
 * failure retries the poll with backoff for as long as it takes, so the channel never stops.
 */
@ApplicationScoped
public class FlowsConsumer {

    private static final Logger LOG = Logger.getLogger(FlowsConsumer.class);
    private final FlowsProcessor processor;

    public FlowsConsumer(FlowsProcessor processor) {
        this.processor = processor;
    }

    @Incoming("flows")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> poll) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(poll.count());
        poll.forEach(records::add);
        return Uni.createFrom().deferred(() -> processor.process(records))
                .invoke(o -> LOG.debugf("flows poll of %d: %d duplicates, %d unreadable, %d events recorded",
                        o.read(), o.duplicates(), o.unreadable(), o.eventsRecorded()))
                .onFailure().invoke(f -> LOG.warnf("flows poll of %d records failed, will retry: %s", records.size(), f))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }
}
