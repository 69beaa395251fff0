package io.ledgerline.reporting.ingest;

import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.UnreadableEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every Ledgerline domain topic as one batch channel: one poll becomes one transaction. A record that cannot be read
 * (a newer producer's event type, a broken record) is skipped with a WARN and counted in
 * {@code ledgerline_reporting_events_skipped_total{reason}}: it never stops the consumer. Database or broker trouble
 * is retried with backoff for as long as it lasts; the poll is not acknowledged meanwhile.
 */
@ApplicationScoped
public class DomainEventsConsumer {

    private static final Logger LOG = Logger.getLogger(DomainEventsConsumer.class);

    private final DomainEventsProcessor processor;
    private final MeterRegistry metrics;
    private final long slowPollNanos;

    public DomainEventsConsumer(DomainEventsProcessor processor, MeterRegistry metrics,
                                @ConfigProperty(name = "ledgerline.reporting.slow-poll-threshold", defaultValue = "1s")
                                Duration slowPoll) {
        this.processor = processor;
        this.metrics = metrics;
        this.slowPollNanos = slowPoll.toNanos();
    }

    @Incoming("domain-events")
    public Uni<Void> consume(ConsumerRecords<byte[], byte[]> poll) {
        long started = System.nanoTime();
        PollTrace trace = trace(poll);
        // Reading checks every payload against its JSON Schema: CPU work that must not hold the event loop.
        return Uni.createFrom().item(() -> {
                    List<ConsumedEvent<?>> events = read(poll);
                    trace.mark("read");
                    return events;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(events -> processor.process(events, trace))
                .invoke(outcome -> {
                    if (trace.elapsedNanos() >= slowPollNanos) {
                        LOG.infof("slow %s", trace.summary());
                    }
                    metrics.counter("ledgerline_reporting_events_recorded_total").increment(outcome.recorded());
                    // From the poll handed over to its transaction committed (retries included): where a domain
                    // event's way to the aging topic spends its time inside reporting.
                    metrics.timer("ledgerline_reporting_poll_seconds")
                            .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    metrics.counter("ledgerline_reporting_aging_records_total").increment(outcome.agingRecords());
                })
                .onFailure().invoke(f -> LOG.warnf("a poll of %d domain events failed, will retry: %s", poll.count(), f))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(30)).indefinitely()
                .replaceWithVoid();
    }

    private static PollTrace trace(ConsumerRecords<byte[], byte[]> poll) {
        long oldest = Long.MAX_VALUE;
        long newest = -1;
        for (ConsumerRecord<byte[], byte[]> record : poll) {
            oldest = Math.min(oldest, record.timestamp());
            newest = Math.max(newest, record.timestamp());
        }
        return new PollTrace(poll.count(), newest < 0 ? -1 : oldest, newest);
    }

    List<ConsumedEvent<?>> read(ConsumerRecords<byte[], byte[]> poll) {
        List<ConsumedEvent<?>> events = new ArrayList<>(poll.count());
        for (ConsumerRecord<byte[], byte[]> record : poll) {
            try {
                events.add(DomainEventReader.readAny(record));
            } catch (UnreadableEvent e) {
                skip(record, e.reason().name(), e.getMessage());
            } catch (RuntimeException e) {
                skip(record, "UNEXPECTED", e.toString());
            }
        }
        return events;
    }

    private void skip(ConsumerRecord<byte[], byte[]> record, String reason, String detail) {
        LOG.warnf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), detail);
        metrics.counter("ledgerline_reporting_events_skipped_total", "reason", reason, "topic", record.topic())
                .increment();
    }
}
