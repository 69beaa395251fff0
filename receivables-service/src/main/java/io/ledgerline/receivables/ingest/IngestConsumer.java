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
 * The three ingest topics, read as raw bytes in batches: one poll becomes one ledger transaction. The connector's
 * CloudEvents support is off on purpose; {@link IngestDecoder} reads both modes itself so that every malformed record
 * is answered on the rejected topic instead of failing the channel.
 */
@ApplicationScoped
public class IngestConsumer {

    private static final Logger LOG = Logger.getLogger(IngestConsumer.class);
    private final IngestProcessor processor;

    public IngestConsumer(IngestProcessor processor) {
        this.processor = processor;
    }

    @Incoming("ingest")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> poll) {
        List<IngestRecord> records = new ArrayList<>(poll.count());
        for (ConsumerRecord<byte[], byte[]> r : poll) {
            List<IngestRecord.Header> headers = new ArrayList<>();
            r.headers().forEach(h -> headers.add(new IngestRecord.Header(h.key(), h.value())));
            records.add(new IngestRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers));
        }
        return processor.process(records)
                .invoke(o -> LOG.debugf("ingest poll of %d: %d accepted, %d duplicates, %d rejected",
                        records.size(), o.accepted(), o.duplicates(), o.rejected()))
                // The database or the broker went away for a moment: nothing was committed, so the same poll is
                // simply decided again. Only if that keeps failing does the channel stop (and readiness report it).
                .onFailure().invoke(f -> LOG.warnf("ingest poll of %d records failed, will retry: %s", records.size(), f))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).atMost(12)
                .replaceWithVoid();
    }
}
