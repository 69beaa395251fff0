package io.ledgerline.collections.ingest;

import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.UnreadableEvent;
import io.micrometer.core.instrument.MeterRegistry;
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
 * The upstream topics (receivables, credit, disputes) as one batch channel: one poll becomes one transaction. A
 * record that cannot be read never stops the channel: it is skipped with a warning and counted (an
 * {@code UNKNOWN_EVENT_TYPE} of a newer producer is normal). A database or broker failure retries the same poll,
 * with backoff, for as long as it takes: nothing is committed until it succeeds.
 */
@ApplicationScoped
public class UpstreamConsumer {

    private static final Logger LOG = Logger.getLogger(UpstreamConsumer.class);

    private final UpstreamProcessor processor;
    private final MeterRegistry metrics;

    public UpstreamConsumer(UpstreamProcessor processor, MeterRegistry metrics) {
        this.processor = processor;
        this.metrics = metrics;
    }

    @Incoming("upstream")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> poll) {
        return Uni.createFrom().deferred(() -> processor.process(decode(poll)))
                .invoke(o -> LOG.debugf("upstream poll of %d: %d facts, %d duplicates, %d events", poll.count(),
                        o.facts(), o.duplicates(), o.events()))
                .onFailure().invoke(f -> LOG.warnf(f, "upstream poll of %d records failed, will retry", poll.count()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }

    List<ConsumedEvent<? extends DomainEvent>> decode(ConsumerRecords<byte[], byte[]> poll) {
        List<ConsumedEvent<? extends DomainEvent>> read = new ArrayList<>(poll.count());
        for (ConsumerRecord<byte[], byte[]> record : poll) {
            try {
                read.add(DomainEventReader.readAny(record));
            } catch (UnreadableEvent unreadable) {
                metrics.counter("ledgerline.consumer.skipped", "topic", record.topic(), "reason",
                        unreadable.reason().name()).increment();
                LOG.warnf("skipped %s-%d@%d: %s (%s)", record.topic(), record.partition(), record.offset(),
                        unreadable.getMessage(), unreadable.reason());
            } catch (RuntimeException unexpected) {
                metrics.counter("ledgerline.consumer.skipped", "topic", record.topic(), "reason", "UNEXPECTED")
                        .increment();
                LOG.warnf(unexpected, "skipped %s-%d@%d: it could not be read", record.topic(), record.partition(),
                        record.offset());
            }
        }
        return read;
    }
}
