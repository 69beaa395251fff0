package io.ledgerline.eventstore;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes the events table to Kafka: the table is the outbox. It tails the store in the global order from the
 * checkpoint {@code outbox:<topic>}, sends a batch as binary-mode CloudEvents, waits until the broker has
 * acknowledged all of it, and only then moves the checkpoint. After a crash or a failed send it starts again from
 * the checkpoint, so an event may be published twice but never lost; consumers absorb duplicates with their inbox.
 * <p>
 * Every instance of a service starts a relay, but only one per topic and database is active: it holds the
 * {@link ActiveReaderLock} {@code outbox:<topic>}, the others stand by and take over when it goes away. The checkpoint
 * moves only from where the active relay read it ({@link Checkpoints#advance}).
 */
@ApplicationScoped
public class OutboxRelay {

    /**
     * What the relay publishes, and how it paces itself. {@code eventTypes} limits the topic to those event types
     * (empty: every event), so one store can feed several topics, one relay each; events of a type in
     * {@code tombstoneTypes} go out as tombstones (the key, a null value, no headers) for a compacted topic.
     */
    public record Settings(String topic, String source, String typePrefix, Duration pollInterval, int batchSize,
                           Set<String> eventTypes, Set<String> tombstoneTypes) {

        public Settings {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(typePrefix, "typePrefix");
            Objects.requireNonNull(pollInterval, "pollInterval");
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
            }
            eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
            tombstoneTypes = tombstoneTypes == null ? Set.of() : Set.copyOf(tombstoneTypes);
        }

        /** Every event of the store to one topic, none a tombstone. */
        public Settings(String topic, String source, String typePrefix, Duration pollInterval, int batchSize) {
            this(topic, source, typePrefix, pollInterval, batchSize, Set.of(), Set.of());
        }

        /** The same relay for only these event types, of which {@code tombstones} are published as tombstones. */
        public Settings only(Set<String> types, Set<String> tombstones) {
            return new Settings(topic, source, typePrefix, pollInterval, batchSize, types, tombstones);
        }

        boolean publishesAll() {
            return eventTypes.isEmpty();
        }

        /** The types this relay publishes, as values or tombstones (when not {@link #publishesAll()}). */
        Set<String> published() {
            Set<String> all = new HashSet<>(eventTypes);
            all.addAll(tombstoneTypes);
            return all;
        }

        boolean publishes(String eventType) {
            return eventTypes.isEmpty() || eventTypes.contains(eventType) || tombstoneTypes.contains(eventType);
        }

        static Settings from(OutboxConfig config) {
            return new Settings(
                    config.topic().orElseThrow(() -> missing("topic")),
                    config.source().orElseThrow(() -> missing("source")),
                    config.typePrefix(), config.pollInterval(), config.batchSize());
        }

        private static IllegalStateException missing(String property) {
            return new IllegalStateException("ledgerline.outbox.enabled=true needs ledgerline.outbox." + property);
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EventStore store;
    private final Checkpoints checkpoints;
    private final ReliableKafkaProducer producer;
    private final OutboxConfig config;
    private final Traces traces;
    private Settings settings;
    /** The types whose payloads the relay reads (the ones it publishes); null: it publishes, so reads, them all. */
    private Set<String> payloadTypes;
    private TailingLoop loop;
    /** The checkpoint as the relay last committed it; null until loaded, and again after a failure. */
    private GlobalPosition from;
    private volatile GlobalPosition published = GlobalPosition.START;
    /** The registry, when there is one (CDI); a relay built with explicit settings records nothing. */
    @Inject
    Instance<MeterRegistry> meters;
    private RelayMetrics metrics = RelayMetrics.NONE;

    @Inject
    public OutboxRelay(EventStore store, Checkpoints checkpoints, ReliableKafkaProducer producer, OutboxConfig config,
                       Traces traces) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.producer = producer;
        this.config = config;
        this.traces = traces;
    }

    /**
     * For use outside CDI: a relay with explicit settings; call {@link #start()} and {@link #stop()} yourself. It
     * records no spans, but passes each event's trace context on in its {@code traceparent} header.
     */
    public OutboxRelay(EventStore store, Checkpoints checkpoints, ReliableKafkaProducer producer, Settings settings) {
        this(store, checkpoints, producer, null, Traces.passThrough());
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (settings == null) {
            settings = Settings.from(config);
        }
        payloadTypes = settings.publishesAll() ? null : settings.published();
        if (loop == null) {
            String checkpoint = checkpointName(settings.topic());
            // Relays built with explicit settings (outside CDI) have no config: every wake-up starts a pass.
            Duration wakeInterval = config == null ? Duration.ZERO : config.wakeInterval();
            metrics = RelayMetrics.of(meters != null && meters.isResolvable() ? meters.get() : null,
                    settings.topic());
            loop = new TailingLoop("outbox-relay-" + settings.topic(), settings.pollInterval(), wakeInterval,
                    this::relayBatch, () -> from = null, new ActiveReaderLock(store.pool(), checkpoint));
        }
        loop.start();
    }

    /** Finishes the batch in flight, then stops; {@link #start()} resumes from the checkpoint. */
    public synchronized void stop() {
        if (loop != null) {
            loop.stop(STOP_TIMEOUT);
        }
    }

    /** Publish now, e.g. right after a commit, instead of at the next poll. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    /**
     * A transaction of this process that may have held events back has committed or rolled back (a projection's
     * batch: it takes a transaction id at its first write, and every event committed after that may not be read
     * until it ends, see {@link EventStore#heldBackAfter}). If the relay is waiting for held-back events, it looks
     * again now instead of after its held-back pause; otherwise this does nothing.
     */
    public void olderTransactionEnded() {
        if (loop != null) {
            loop.olderTransactionEnded();
        }
    }

    /** Whether this instance is the active relay of its topic (the others stand by). */
    public boolean active() {
        return loop != null && loop.active();
    }

    /** The last event whose publication was acknowledged and checkpointed. */
    public GlobalPosition published() {
        return published;
    }

    public String checkpointName() {
        return checkpointName(settings == null ? Settings.from(config).topic() : settings.topic());
    }

    public static String checkpointName(String topic) {
        return "outbox:" + topic;
    }

    private boolean relayBatch() {
        long passStart = System.nanoTime();
        metrics.wakeWait(loop.takeWokenAt(), passStart);
        String checkpoint = checkpointName(settings.topic());
        if (from == null) {
            from = checkpoints.load(store.pool(), checkpoint).await().indefinitely();
            published = from;
        }
        List<RecordedEvent> batch = payloadTypes == null
                ? store.readAllAfter(store.pool(), from, settings.batchSize()).await().indefinitely()
                // A relay of some types reads the others' positions only: it passes over them.
                : store.readAllAfter(store.pool(), from, settings.batchSize(), payloadTypes).await().indefinitely();
        if (batch.size() < settings.batchSize() && store.heldBackAfter(store.pool(),
                batch.isEmpty() ? from : batch.getLast().globalPosition()).await().indefinitely()) {
            // Committed events wait behind an older open transaction: look again in a few ms, not at the next poll.
            loop.heldBack();
            metrics.heldBack();
        }
        long readDone = System.nanoTime();
        metrics.read(readDone - passStart);
        if (batch.isEmpty()) {
            return false;
        }
        Instant oldest = oldestRecordedAt(batch);
        metrics.ageAtRead(oldest);
        // One span per published event, child of the trace that appended it: the outbox's part of the trace, from the
        // read to the broker's acknowledgement. Events for other topics are passed over, but the checkpoint still
        // moves past them.
        List<Span> spans = new ArrayList<>(batch.size());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(batch.size());
        for (RecordedEvent event : batch) {
            if (!settings.publishes(event.eventType())) {
                continue;
            }
            Span span = traces.startPublish(settings.topic(), Traces.ofMetadata(event.metadataJson()));
            spans.add(span);
            records.add(toRecord(event, Traces.format(span.getSpanContext())));
        }
        try {
            producer.sendAll(records).await().indefinitely();
        } catch (RuntimeException e) {
            spans.forEach(span -> span.setStatus(StatusCode.ERROR, e.getMessage()).end());
            throw e;
        }
        spans.forEach(Span::end);
        long acknowledged = System.nanoTime();
        metrics.send(acknowledged - readDone);
        metrics.ageAtAck(oldest);
        GlobalPosition last = batch.getLast().globalPosition();
        // Fails if another relay moved the checkpoint meanwhile (this one lost its lock mid-batch): the loop then
        // reloads it and goes on from there.
        checkpoints.advance(store.pool(), checkpoint, from, last).await().indefinitely();
        metrics.checkpoint(System.nanoTime() - acknowledged);
        from = last;
        published = last;
        return batch.size() == settings.batchSize();
    }

    private static Instant oldestRecordedAt(List<RecordedEvent> batch) {
        Instant oldest = null;
        for (RecordedEvent event : batch) {
            if (event.recordedAt() != null && (oldest == null || event.recordedAt().isBefore(oldest))) {
                oldest = event.recordedAt();
            }
        }
        return oldest;
    }

    /**
     * A binary-mode CloudEvent (CloudEvents Kafka protocol binding): attributes in ce_ headers, payload as value, and
     * the W3C {@code traceparent} of the event's trace when it has one.
     */
    ProducerRecord<byte[], byte[]> toRecord(RecordedEvent event) {
        return toRecord(event, Traces.ofMetadata(event.metadataJson()));
    }

    private ProducerRecord<byte[], byte[]> toRecord(RecordedEvent event, String traceparent) {
        if (settings.tombstoneTypes().contains(event.eventType())) {
            return new ProducerRecord<>(settings.topic(), null, utf8(event.partitionKey()), null);
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", event.eventId().toString());
        header(headers, "ce_source", settings.source());
        header(headers, "ce_type", settings.typePrefix() + event.eventType() + ".v" + event.schemaVersion());
        header(headers, "ce_subject", event.streamId());
        header(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(event.recordedAt()));
        header(headers, "content-type", "application/json");
        if (traceparent != null) {
            header(headers, Traces.TRACEPARENT, traceparent);
        }
        return new ProducerRecord<>(settings.topic(), null, utf8(event.partitionKey()), utf8(event.payloadJson()),
                headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
