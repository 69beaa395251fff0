package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two Kafka measurements: the broker's raw producer rate, and ingest end to end through receivables-service. */
final class KafkaBench {

    static final String RAW_TOPIC = "benchmark.raw";
    static final String INGEST_GROUP = "receivables-ingest";
    private static final String DOMAIN_TYPE_PREFIX = "io.ledgerline.receivables.";
    /** Exactly one of these per accepted ingest record (the decider's "facts"); the others follow from them. */
    static final Set<String> PRIMARY = Set.of("CustomerUpdated", "InvoiceIssued", "CreditNoteIssued", "PaymentReceived");

    record RawResult(long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    /** One progress line, kept for the report's timeline. */
    record Sample(double seconds, long acked, long primary, long domainEvents, long rejected, long appended,
                  long ingestLag, String projectionsBehind) {
    }

    /**
     * Where each stage stood, once a second from the first send, for the chart: records acknowledged by the broker,
     * records accepted (primary events on the domain topic), every domain event on the topic, events appended to the
     * store and events the account read model has projected (its checkpoint), the last two counted from the start.
     */
    record Point(double seconds, long acked, long primary, long domainEvents, long appended, long projected) {
    }

    record EndToEndResult(long published, double publishSeconds, long primary, double primarySeconds,
                          long domainEvents, double domainSeconds, double steadyRecordsPerSecond,
                          Map<String, Long> perType, long rejected, List<String> rejections, List<Sample> samples,
                          double firstDomainEventSeconds, Map<String, Double> cpuSeconds, double cpuWindowSeconds,
                          double machineBusyShare, long appended, double storeCompleteSeconds, List<Point> points) {
        double recordsPerSecond() {
            return primary / primarySeconds;
        }

        double domainEventsPerSecond() {
            return domainEvents / domainSeconds;
        }

        /** Records accepted per second over the first {@code seconds} from the first send (or until all were). */
        double acceptedPerSecondWithin(double seconds) {
            if (primarySeconds <= seconds) {
                return recordsPerSecond();
            }
            Point last = null;
            for (Point p : points) {
                if (p.seconds() <= seconds) {
                    last = p;
                }
            }
            return last == null ? Double.NaN : last.primary() / last.seconds();
        }
    }

    /**
     * A fixed window of ingest with whatever else the stack runs: records accepted and the CPU each process used in
     * the first {@code seconds} after the first send, not waiting for the rest.
     */
    record WindowResult(double seconds, long acked, long primary, long domainEvents, long rejected,
                        Map<String, Double> cpuSeconds, double cpuWindowSeconds, double machineBusyShare,
                        List<Point> points) {
        double recordsPerSecond() {
            return primary / seconds;
        }
    }

    private final Settings settings;

    KafkaBench(Settings settings) {
        this.settings = settings;
    }

    /** Producer settings shared by both measurements: durable (acks=all, idempotent) and batching. */
    private KafkaProducer<byte[], byte[]> producer(String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }

    static Map<String, String> producerSettings() {
        Map<String, String> s = new java.util.LinkedHashMap<>();
        s.put("acks", "all");
        s.put("enable.idempotence", "true");
        s.put("batch.size", "131072");
        s.put("linger.ms", "20");
        s.put("compression.type", "none (default)");
        return s;
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        return Admin.create(props);
    }

    /** Binary-mode CloudEvents headers, built per send (as a real publisher would). */
    static Iterable<Header> headers(Workload.Message m) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("ce_specversion", SPEC));
        headers.add(new RecordHeader("ce_id", m.ceId().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("ce_source", SOURCE));
        headers.add(new RecordHeader("ce_type", ("io.ledgerline.ingest." + m.eventType() + ".v1")
                .getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("content-type", JSON));
        return headers;
    }

    private static final byte[] SPEC = "1.0".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SOURCE = "benchmark".getBytes(StandardCharsets.UTF_8);
    private static final byte[] JSON = "application/json".getBytes(StandardCharsets.UTF_8);

    /** Bytes of one record as the producer sends it (key, value, header names and values). */
    static long headerBytes(Workload.Message m) {
        long bytes = 0;
        for (Header h : headers(m)) {
            bytes += h.key().length() + h.value().length;
        }
        return bytes;
    }

    // ------------------------------------------------------------------ raw producer

    /**
     * The same records (keys, values, headers) as the ingest phase, to a scratch topic of 3 partitions: records/s
     * from the first send to the last acknowledgement. The topic is deleted afterwards.
     */
    RawResult rawProducer(Workload workload) throws Exception {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(RAW_TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            try {
                return sendAll(workload, RAW_TOPIC);
            } finally {
                admin.deleteTopics(List.of(RAW_TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private RawResult sendAll(Workload workload, String topicOverride) throws Exception {
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong lastAck = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = producer("benchmark-raw")) {
            // Metadata first, so the clock measures sending, not the producer's first metadata round trip.
            producer.partitionsFor(topicOverride);
            long started = System.nanoTime();
            sendAll(producer, workload, m -> topicOverride, acked, failure, lastAck);
            if (failure.get() != null) {
                throw new IllegalStateException("raw producer send failed", failure.get());
            }
            return new RawResult(acked.get(), (lastAck.get() - started) / 1e9);
        }
    }

    // ------------------------------------------------------------------ end to end

    /**
     * Publishes the workload to the ingest topics and counts what receivables-service republishes on
     * {@code ledgerline.receivables.events} (and rejects on {@code ledgerline.ingest.rejected}), both read from their
     * end offsets as they were before the first send.
     */
    EndToEndResult endToEnd(Workload workload) throws Exception {
        int expected = workload.messages.size();
        DomainCounter counter = new DomainCounter(expected).start();

        Progress progress = new Progress();
        progress.takeBaseline();

        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong lastAck = new AtomicLong();
        List<Sample> samples = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        CpuSampler cpu = new CpuSampler();
        CpuSampler.Snapshot cpuAtEnd = null;
        try (KafkaProducer<byte[], byte[]> producer = producer("benchmark-ingest")) {
            for (String topic : Topics.ingest()) {
                producer.partitionsFor(topic);
            }
            CpuSampler.Snapshot cpuAtStart = cpu.take();
            // The sends are asynchronous; the producer thread runs ahead while this one reports progress.
            long started = System.nanoTime();
            counter.started = started;
            Thread sender = Thread.ofPlatform().name("benchmark-ingest-sender").start(() ->
                    sendAll(producer, workload, Workload.Message::topic, acked, failure, lastAck));

            long deadline = started + settings.timeout().toNanos();
            long lastChange = System.nanoTime();
            long lastSeen = -1;
            long nextSample = started + 5_000_000_000L;
            long nextStoreCheck = started + 1_000_000_000L;
            long storeHead = -1;
            long storeChanged = started;
            while (true) {
                Thread.sleep(200);
                long now = System.nanoTime();
                if (failure.get() != null) {
                    throw new IllegalStateException("ingest send failed", failure.get());
                }
                if (counter.error.get() != null) {
                    throw new IllegalStateException("the domain-event consumer failed", counter.error.get());
                }
                long seen = counter.primary.sum() + counter.domain.sum() + counter.rejected.sum();
                if (seen != lastSeen || sender.isAlive()) {
                    lastSeen = seen;
                    lastChange = now;
                }
                if (now >= nextStoreCheck) {
                    // Once a second: the store's head, to time when ingest proper (append) was done.
                    long head = progress.appended();
                    if (head != storeHead) {
                        storeHead = head;
                        storeChanged = now;
                    }
                    points.add(new Point((now - started) / 1e9, acked.get(), counter.primary.sum(),
                            counter.domain.sum(), head, progress.projected()));
                    nextStoreCheck += 1_000_000_000L;
                }
                if (now >= nextSample) {
                    Sample sample = progress.sample((now - started) / 1e9, acked.get(), counter, false);
                    samples.add(sample);
                    System.out.printf("  %6.0f s  acked %,9d  accepted %,9d  domain events %,9d  rejected %,d"
                                    + "  | appended to store ≈%,d  ingest lag %,d%s%n",
                            sample.seconds(), sample.acked(), sample.primary(), sample.domainEvents(),
                            sample.rejected(), sample.appended(), sample.ingestLag(),
                            sample.projectionsBehind().isEmpty() ? "" : "  projections behind " + sample.projectionsBehind());
                    nextSample += 5_000_000_000L;
                }
                boolean complete = counter.primary.sum() + counter.rejected.sum() >= expected;
                if (complete && cpuAtEnd == null) {
                    cpuAtEnd = cpu.take();
                }
                if (complete && now - counter.lastDomainNanos > settings.quiet().toNanos()) {
                    break;
                }
                if (now - lastChange > settings.stall().toNanos()) {
                    throw new IllegalStateException(String.format("no progress for %d s: %,d of %,d ingest records"
                                    + " accepted, %,d rejected; see the receivables-service log",
                            settings.stall().toSeconds(), counter.primary.sum(), expected, counter.rejected.sum()));
                }
                if (now > deadline) {
                    throw new IllegalStateException(String.format("timed out after %d min: %,d of %,d accepted",
                            settings.timeout().toMinutes(), counter.primary.sum(), expected));
                }
            }
            sender.join();
            counter.finish();
            Sample last = progress.sample((System.nanoTime() - started) / 1e9, acked.get(), counter, true);
            samples.add(last);
            double steady = counter.t90 > counter.t10 && counter.t10 > 0
                    ? (0.8 * expected) / ((counter.t90 - counter.t10) / 1e9) : Double.NaN;
            return new EndToEndResult(acked.get(), (lastAck.get() - started) / 1e9, counter.primary.sum(),
                    (counter.primaryDoneNanos - started) / 1e9, counter.domain.sum(),
                    (counter.lastDomainNanos - started) / 1e9, steady, new TreeMap<>(counter.snapshotPerType()),
                    counter.rejected.sum(), List.copyOf(counter.rejections), samples,
                    (counter.firstDomainNanos - started) / 1e9, CpuSampler.between(cpuAtStart, cpuAtEnd),
                    (cpuAtEnd.nanos() - cpuAtStart.nanos()) / 1e9, CpuSampler.machineBusyShare(cpuAtStart, cpuAtEnd),
                    last.appended(), (storeChanged - started) / 1e9, List.copyOf(points));
        } finally {
            counter.stop = true;
            progress.close();
        }
    }

    /**
     * Publishes the workload as {@link #endToEnd} does and watches it for {@code seconds} only: what the stack gets
     * through in that window and which process used the cores meanwhile. The rest is left to the stack (which the
     * caller then stops).
     */
    WindowResult window(Workload workload, int seconds) throws Exception {
        DomainCounter counter = new DomainCounter(workload.messages.size()).start();
        Progress progress = new Progress();
        progress.takeBaseline();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong lastAck = new AtomicLong();
        List<Point> points = new ArrayList<>();
        CpuSampler cpu = new CpuSampler();
        try (KafkaProducer<byte[], byte[]> producer = producer("benchmark-ingest")) {
            for (String topic : Topics.ingest()) {
                producer.partitionsFor(topic);
            }
            CpuSampler.Snapshot cpuAtStart = cpu.take();
            long started = System.nanoTime();
            counter.started = started;
            Thread sender = Thread.ofPlatform().name("benchmark-ingest-sender").start(() ->
                    sendAll(producer, workload, Workload.Message::topic, acked, failure, lastAck));
            long end = started + seconds * 1_000_000_000L;
            long next = started + 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.max(1, Math.min(200, (next - System.nanoTime()) / 1_000_000)));
                if (failure.get() != null) {
                    throw new IllegalStateException("ingest send failed", failure.get());
                }
                long now = System.nanoTime();
                if (now >= next) {
                    Point p = new Point((now - started) / 1e9, acked.get(), counter.primary.sum(),
                            counter.domain.sum(), progress.appended(), progress.projected());
                    points.add(p);
                    if (points.size() % 5 == 0) {
                        System.out.printf("  %6.0f s  acked %,9d  accepted %,9d  domain events %,9d%n", p.seconds(),
                                p.acked(), p.primary(), p.domainEvents());
                    }
                    next += 1_000_000_000L;
                }
            }
            CpuSampler.Snapshot cpuAtEnd = cpu.take();
            long primary = counter.primary.sum();
            long domain = counter.domain.sum();
            double window = (cpuAtEnd.nanos() - started) / 1e9;
            sender.join();
            return new WindowResult(window, acked.get(), primary, domain, counter.rejected.sum(),
                    CpuSampler.between(cpuAtStart, cpuAtEnd), (cpuAtEnd.nanos() - cpuAtStart.nanos()) / 1e9,
                    CpuSampler.machineBusyShare(cpuAtStart, cpuAtEnd), List.copyOf(points));
        } finally {
            counter.stop = true;
            progress.close();
        }
    }

    /** Reads the domain-event and rejected topics from where they ended before publishing began. */
    private final class DomainCounter implements Runnable {
        final long expected;
        final LongAdder primary = new LongAdder();
        final LongAdder domain = new LongAdder();
        final LongAdder rejected = new LongAdder();
        final List<String> rejections = new CopyOnWriteArrayList<>();
        private final Map<String, LongAdder> perType = new ConcurrentHashMap<>();
        private final CountDownLatch positioned = new CountDownLatch(1);
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean stop;
        volatile long started;
        volatile long firstDomainNanos;
        volatile long lastDomainNanos;
        volatile long primaryDoneNanos;
        volatile long t10;
        volatile long t90;
        private long accepted;
        private Thread thread;

        DomainCounter(long expected) {
            this.expected = expected;
        }

        /** Starts reading on a daemon thread of its own; returns once both topics are positioned at their ends. */
        DomainCounter start() throws InterruptedException {
            thread = new Thread(this, "benchmark-domain-consumer");
            thread.setDaemon(true);
            thread.start();
            awaitPositioned();
            return this;
        }

        /** Stops reading and waits (at most 10 s) for the thread to close its consumer. */
        void finish() throws InterruptedException {
            stop = true;
            thread.join(10_000);
        }

        void awaitPositioned() throws InterruptedException {
            if (!positioned.await(60, TimeUnit.SECONDS) || error.get() != null) {
                throw new IllegalStateException("could not position the domain-event consumer", error.get());
            }
        }

        Map<String, Long> snapshotPerType() {
            Map<String, Long> copy = new HashMap<>();
            perType.forEach((k, v) -> copy.put(k, v.sum()));
            return copy;
        }

        @Override
        public void run() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "benchmark-domain-counter");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(Topics.RECEIVABLES_EVENTS, Topics.INGEST_REJECTED)) {
                    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                // No group: assignment, and the end offsets as they are now, before anything is published.
                consumer.assign(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                ends.forEach(consumer::seek);
                partitions.forEach(consumer::position);
                positioned.countDown();
                while (!stop) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        if (record.topic().equals(Topics.INGEST_REJECTED)) {
                            rejected.increment();
                            if (rejections.size() < 10) {
                                rejections.add(header(record, "ledgerline-error-code") + ": "
                                        + header(record, "ledgerline-error-detail") + " (" + header(record, "ce_type")
                                        + ", key " + new String(record.key(), StandardCharsets.UTF_8) + ")");
                            }
                            count(true, System.nanoTime());
                            continue;
                        }
                        long now = System.nanoTime();
                        String type = header(record, "ce_type");
                        String name = type.startsWith(DOMAIN_TYPE_PREFIX)
                                ? type.substring(DOMAIN_TYPE_PREFIX.length()).replaceFirst("\\.v\\d+$", "") : type;
                        perType.computeIfAbsent(name, k -> new LongAdder()).increment();
                        domain.increment();
                        if (firstDomainNanos == 0) {
                            firstDomainNanos = now;
                        }
                        lastDomainNanos = now;
                        if (PRIMARY.contains(name)) {
                            primary.increment();
                            count(false, now);
                        }
                    }
                }
            } catch (Throwable e) {
                error.set(e);
                positioned.countDown();
                e.printStackTrace();
            }
        }

        /** Accepted or rejected, each ingest record is accounted for once; marks 10 %, 90 % and 100 %. */
        private void count(boolean wasRejected, long now) {
            accepted++;
            if (accepted == expected / 10) {
                t10 = now;
            }
            if (accepted == expected * 9 / 10) {
                t90 = now;
            }
            if (accepted == expected) {
                primaryDoneNanos = now;
            }
        }

        private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header h = record.headers().lastHeader(name);
            return h == null || h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Where the pipeline stands, to find a bottleneck rather than guess: how many ingest records the service's
     * consumer group has not committed yet, how many events the store holds beyond the start, and how far the
     * projections are behind (from the service's admin endpoint).
     */
    private final class Progress implements AutoCloseable {
        private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
        /** The account read model's checkpoint (event-store's ProjectionRunner names it "projection:" + name). */
        private static final String PROJECTION_CHECKPOINT = "projection:accounts";
        private static final Pattern BEHIND = Pattern.compile("\"eventsBehind\"\\s*:\\s*(\\d+)");
        private final Admin admin = admin();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private Map<TopicPartition, Long> ingestEndsBefore = Map.of();
        private long storeBefore = -1;
        private Connection store;

        void takeBaseline() {
            ingestEndsBefore = ingestEnds();
            storeBefore = storeHead();
        }

        private int samples;

        /**
         * The projections' status counts the events behind each one with count(*), which is not free for the
         * database being measured: asked every 30 s only (and at the end).
         */
        long appended() {
            return storeBefore < 0 ? -1 : storeHead() - storeBefore;
        }

        /** Events the account read model has projected since the start (its checkpoint's position). */
        long projected() {
            if (storeBefore < 0) {
                return -1;
            }
            try (Statement s = store.createStatement();
                    ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM checkpoints WHERE name = '"
                            + PROJECTION_CHECKPOINT + "'")) {
                rs.next();
                return Math.max(0, rs.getLong(1) - storeBefore);
            } catch (SQLException | RuntimeException e) {
                return -1;
            }
        }

        Sample sample(double seconds, long acked, DomainCounter counter, boolean last) {
            long appended = appended();
            String projections = last || samples++ % 6 == 5 ? projectionsBehind() : "";
            return new Sample(seconds, acked, counter.primary.sum(), counter.domain.sum(), counter.rejected.sum(),
                    appended, ingestLag(), projections);
        }

        private Map<TopicPartition, Long> ingestEnds() {
            try {
                Collection<String> topics = Topics.ingest();
                Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> specs.put(new TopicPartition(name, p.partition()),
                                org.apache.kafka.clients.admin.OffsetSpec.latest())));
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(specs).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
                return ends;
            } catch (Exception e) {
                return Map.of();
            }
        }

        /** Records on the ingest topics the group has not committed (commits are throttled: an upper bound). */
        private long ingestLag() {
            try {
                Map<TopicPartition, Long> ends = ingestEnds();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(INGEST_GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                long lag = 0;
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(end.getKey());
                    long from = c != null ? c.offset() : ingestEndsBefore.getOrDefault(end.getKey(), 0L);
                    lag += Math.max(0, end.getValue() - from);
                }
                return lag;
            } catch (Exception e) {
                return -1;
            }
        }

        /** The highest position in the service's event store (a BIGSERIAL, so ≈ the number of events appended). */
        private long storeHead() {
            try {
                if (store == null || store.isClosed()) {
                    store = DriverManager.getConnection(settings.pgUrlFor(settings.receivablesDatabase()),
                            settings.pgUser(), settings.pgPassword());
                }
                try (Statement s = store.createStatement();
                        ResultSet rs = s.executeQuery("SELECT coalesce(max(position), 0) FROM events")) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                return -1;
            }
        }

        private String token;

        private String projectionsBehind() {
            try {
                if (token == null) {
                    token = RebuildBench.operatorToken(http, settings);
                }
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(settings.serviceUrl() + "/admin/projections"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    return "HTTP " + response.statusCode();
                }
                // One object per projection, "name" before "eventsBehind": pair them up in order.
                StringBuilder out = new StringBuilder();
                Matcher names = NAME.matcher(response.body());
                Matcher behind = BEHIND.matcher(response.body());
                while (names.find() && behind.find()) {
                    out.append(out.isEmpty() ? "" : ", ").append(names.group(1)).append('=').append(behind.group(1));
                }
                return out.isEmpty() ? "-" : out.toString();
            } catch (Exception e) {
                return "n/a";
            }
        }

        @Override
        public void close() {
            admin.close();
            try {
                if (store != null) {
                    store.close();
                }
            } catch (SQLException ignored) {
                // Closing a progress probe; nothing to do.
            }
        }
    }

    /** Sends every message as fast as the producer takes them, counting acknowledgements, then flushes. */
    private static void sendAll(KafkaProducer<byte[], byte[]> producer, Workload workload,
                                java.util.function.Function<Workload.Message, String> topic, AtomicLong acked,
                                AtomicReference<Exception> failure, AtomicLong lastAck) {
        for (Workload.Message m : workload.messages) {
            producer.send(new ProducerRecord<>(topic.apply(m), null, m.key(), m.value(), headers(m)),
                    (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        } else {
                            // Callbacks run on the producer's one I/O thread, in order: the last one wins.
                            lastAck.set(System.nanoTime());
                            acked.incrementAndGet();
                        }
                    });
        }
        producer.flush();
    }
}
