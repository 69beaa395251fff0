package io.ledgerline.receivables.ingest;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The three ingest topics, read as raw bytes in batches: one poll becomes one ledger transaction. The connector's
 * CloudEvents support is off on purpose; {@link IngestDecoder} reads both modes itself so that every malformed record
 * is answered on the rejected topic instead of failing the channel.
 * <p>
 * The poll's outcome is acknowledged only once every record is accepted, rejected or parked: the processor waits out
 * outages itself, without a retry budget, so this method's Uni does not fail while the database can come back. The
 * connector's own limit on how long a record may wait is therefore switched off
 * ({@code throttled.unprocessed-record-max-age.ms=0}); readiness says when ingest is held up ({@link IngestHealth}).
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
        // The oldest sender's timestamp of the poll, for the metric of how long records waited (0: none known).
        long oldest = 0;
        for (ConsumerRecord<byte[], byte[]> r : poll) {
            if (r.timestampType() == TimestampType.CREATE_TIME && r.timestamp() > 0
                    && (oldest == 0 || r.timestamp() < oldest)) {
                oldest = r.timestamp();
            }
            List<IngestRecord.Header> headers = new ArrayList<>();
            r.headers().forEach(h -> headers.add(new IngestRecord.Header(h.key(), h.value())));
            records.add(new IngestRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers));
        }
        return processor.process(records, oldest)
                .invoke(o -> LOG.debugf("ingest poll of %d: %d accepted, %d duplicates, %d rejected, %d parked",
                        records.size(), o.accepted(), o.duplicates(), o.rejected(), o.parked()))
                .replaceWithVoid();
    }
}
