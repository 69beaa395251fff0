package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency at a steady offered rate: InvoiceIssued records sent at {@value #RATE} per second, paced by the clock (not a
 * burst), each to one of {@value #CUSTOMERS} customers of this phase, and for each the time from its send until its
 * InvoiceIssued arrives on the domain topic, as a plain consumer on the same machine sees it. The producer lingers
 * {@value #LINGER_MS} ms at most (a steady producer such as kcat sends at once), acks=all, idempotent.
 */
final class LatencyBench {

    static final int RATE = 1_000;
    static final int CUSTOMERS = 2_000;
    static final int LINGER_MS = 1;
    private static final Pattern INVOICE_ID = Pattern.compile("\"invoiceId\"\\s*:\\s*\"([^\"]+)\"");
    private static final String INVOICE_ISSUED = "io.ledgerline.receivables.InvoiceIssued.";

    record Result(String phase, int offered, int seen, double seconds, double offeredPerSecond, double p50Ms,
                  double p90Ms, double p99Ms, double maxMs, double startedAfterReadySeconds, String stages,
                  java.util.Map<String, Double> cpuSeconds, MachineStalls.Stalls stalls, String bySlice) {
    }

    /** Seconds of sending per slice of {@link Result#bySlice}. */
    static final int SLICE_SECONDS = 5;

    /**
     * Where each record's time went, from three clocks of the same machine: its send (here), its event's
     * {@code recorded_at} (the ingest transaction's start, PostgreSQL's {@code now()}, in {@code ce_time}) and the
     * domain record's timestamp (the relay's send, CreateTime). Send → transaction start is the broker, the
     * consumer's fetch and the wait for the poll before it; transaction start → relay send is deciding, appending and
     * committing, and the relay seeing the commit and reading it; relay send → seen is the relay's producer, the
     * broker and this consumer's fetch. Milliseconds, per record seen.
     */
    private static final class Stages {
        final long[] toTransaction;
        final long[] toRelay;
        final long[] toSeen;
        int n;

        Stages(int total) {
            toTransaction = new long[total];
            toRelay = new long[total];
            toSeen = new long[total];
        }

        void add(long sentMillis, long recordedMillis, long relayMillis, long seenMillis) {
            toTransaction[n] = recordedMillis - sentMillis;
            toRelay[n] = relayMillis - recordedMillis;
            toSeen[n] = seenMillis - relayMillis;
            n++;
        }

        String describe() {
            if (n == 0) {
                return "no stage breakdown (no record seen with ce_time)";
            }
            return "send → ingest transaction start " + p(toTransaction) + "; → relay send " + p(toRelay)
                    + "; → seen " + p(toSeen) + " (p50/p99 ms of " + n + " records)";
        }

        private String p(long[] values) {
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return sorted[(int) Math.max(0, Math.ceil(0.5 * n) - 1)] + "/" + sorted[(int) Math.max(0, Math.ceil(0.99 * n) - 1)];
        }
    }

    private final Settings settings;

    LatencyBench(Settings settings) {
        this.settings = settings;
    }

    /**
     * @param tag     makes ids unique to this phase
     * @param seconds how long to offer {@value #RATE}/s
     */
    Result run(String phase, String tag, int seconds, long serviceReadyEpochMillis) throws Exception {
        int total = RATE * seconds;
        List<Workload.Message> messages = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String customer = String.format("C-%s-%04d", tag, i % CUSTOMERS);
            String invoiceId = String.format("INV-%s-%06d", tag, i);
            String json = "{\"invoiceId\":\"" + invoiceId + "\",\"customerId\":\"" + customer
                    + "\",\"issueDate\":\"2026-03-02\",\"dueDate\":\"2026-04-01\",\"currency\":\"EUR\",\"amount\":\""
                    + (100 + i % 9000) + ".25\",\"purchaseOrder\":\"PO-" + (10_000 + i % 90_000)
                    + "\",\"description\":\"latency probe\"}";
            messages.add(new Workload.Message(Topics.INGEST_INVOICES, "InvoiceIssued",
                    customer.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8), tag + "-" + i));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>(total * 2);
        Map<String, Long> sentAtMillis = new ConcurrentHashMap<>(total * 2);
        Stages stages = new Stages(total);
        ServiceHistograms histograms = new ServiceHistograms(settings.serviceUrl());
        ServiceHistograms.Snapshot histogramsAtStart = histograms.take();
        double[] checkpointsAtStart = checkpoints();
        CpuSampler cpu = new CpuSampler();
        CpuSampler.Snapshot cpuAtStart = cpu.take();
        long[] latencies = new long[total];
        // Each record's latency by its place in the sending order (-1: not seen): where in the phase the tail is.
        long[] bySendOrder = new long[total];
        Arrays.fill(bySendOrder, -1);
        int[] seen = {0};
        CountDownLatch positioned = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        stop = false;
        Thread consumer = new Thread(() -> consume(sentAt, sentAtMillis, stages, latencies, bySendOrder, seen, total,
                positioned, done), "latency-consumer");
        consumer.start();
        positioned.await();

        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "benchmark-latency-" + phase);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        double startedAfterReady = serviceReadyEpochMillis > 0
                ? (System.currentTimeMillis() - serviceReadyEpochMillis) / 1000.0 : Double.NaN;
        MachineStalls.Window machine = MachineStalls.shared().open();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < total; i++) {
                long due = start + (long) i * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                Workload.Message m = messages.get(i);
                String invoiceId = String.format("INV-%s-%06d", tag, i);
                sentAtMillis.put(invoiceId, System.currentTimeMillis());
                sentAt.put(invoiceId, System.nanoTime());
                producer.send(new ProducerRecord<>(m.topic(), null, m.key(), m.value(),
                        (Iterable<Header>) KafkaBench.headers(m)));
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        done.await(60, java.util.concurrent.TimeUnit.SECONDS);
        // From the first send until the last record was seen (or the minute after the last send ran out).
        MachineStalls.Stalls stalls = machine.close();
        int n;
        long[] sorted;
        synchronized (latencies) {
            n = seen[0];
            sorted = Arrays.copyOf(latencies, n);
        }
        Arrays.sort(sorted);
        if (n < total) {
            // Too slow for the target, but the records are on their way: let the service work through them before
            // the next phase starts, so they do not count as that phase's.
            System.out.printf("  %,d of %,d seen within 60 s of the last send; waiting (up to 10 min) for the rest%n",
                    n, total);
            done.await(10, java.util.concurrent.TimeUnit.MINUTES);
        }
        stop = true;
        consumer.join(10_000);
        // Where the service says the time went, over this phase (its own histograms, read before and after).
        System.out.println("    receivables-service's stages over the phase:");
        ServiceHistograms.describe(histogramsAtStart, histograms.take()).forEach(line -> System.out.println("      " + line));
        double[] checkpointsAtEnd = checkpoints();
        if (checkpointsAtStart != null && checkpointsAtEnd != null) {
            // A checkpoint's writes and fsyncs share the disk with every commit's WAL flush.
            System.out.printf("    PostgreSQL checkpoints during the phase: %.0f timed, %.0f requested; writing %.0f ms,"
                            + " syncing %.0f ms%n", checkpointsAtEnd[0] - checkpointsAtStart[0],
                    checkpointsAtEnd[1] - checkpointsAtStart[1], checkpointsAtEnd[2] - checkpointsAtStart[2],
                    checkpointsAtEnd[3] - checkpointsAtStart[3]);
        }
        String breakdown;
        String bySlice;
        synchronized (latencies) {
            breakdown = stages.describe();
            bySlice = slices(bySendOrder);
        }
        return new Result(phase, total, n, sendSeconds, total / sendSeconds, percentile(sorted, 0.50, total),
                percentile(sorted, 0.90, total), percentile(sorted, 0.99, total),
                n < total ? Double.POSITIVE_INFINITY : sorted[n - 1] / 1e6, startedAfterReady, breakdown,
                CpuSampler.between(cpuAtStart, cpu.take()), stalls, bySlice);
    }

    /** p50 / p99 per {@link #SLICE_SECONDS} s of sending, e.g. "0-5 s 21 / 412 ms; 5-10 s ..."; unseen count as infinite. */
    private static String slices(long[] bySendOrder) {
        int perSlice = SLICE_SECONDS * RATE;
        StringBuilder s = new StringBuilder();
        for (int from = 0; from < bySendOrder.length; from += perSlice) {
            int to = Math.min(bySendOrder.length, from + perSlice);
            long[] slice = Arrays.stream(bySendOrder, from, to).filter(v -> v >= 0).sorted().toArray();
            s.append(s.isEmpty() ? "" : "; ").append(sliceText(from / RATE, to / RATE,
                    percentile(slice, 0.50, to - from), percentile(slice, 0.99, to - from)));
        }
        return s.toString();
    }

    /** One slice of a by-slice line, "0-5 s 21 / 412 ms": its seconds of sending, then p50 / p99 (reporting's too). */
    static String sliceText(int fromSecond, int toSecond, double p50Ms, double p99Ms) {
        return String.format("%d-%d s %.0f / %.0f ms", fromSecond, toSecond, p50Ms, p99Ms);
    }

    private volatile boolean stop;

    private void consume(Map<String, Long> sentAt, Map<String, Long> sentAtMillis, Stages stages, long[] latencies,
                         long[] bySendOrder, int[] seen, int total, CountDownLatch positioned,
                         CountDownLatch done) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "benchmark-latency-consumer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.RECEIVABLES_EVENTS)
                    .forEach(p -> partitions.add(new TopicPartition(Topics.RECEIVABLES_EVENTS, p.partition())));
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach(consumer::seek);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (!stop) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    Header type = record.headers().lastHeader("ce_type");
                    if (type == null || !new String(type.value(), StandardCharsets.UTF_8).startsWith(INVOICE_ISSUED)) {
                        continue;
                    }
                    // The payload is the event store's JSONB as text: `"invoiceId": "..."`, with a space.
                    Matcher id = INVOICE_ID.matcher(new String(record.value(), StandardCharsets.UTF_8));
                    if (!id.find()) {
                        continue;
                    }
                    String invoiceId = id.group(1);
                    Long sent = sentAt.remove(invoiceId);
                    Long sentMillis = sentAtMillis.remove(invoiceId);
                    Header time = record.headers().lastHeader("ce_time");
                    if (sent != null) {
                        synchronized (latencies) {
                            if (sentMillis != null && time != null) {
                                stages.add(sentMillis, java.time.Instant.parse(new String(time.value(),
                                        StandardCharsets.UTF_8)).toEpochMilli(), record.timestamp(),
                                        System.currentTimeMillis());
                            }
                            latencies[seen[0]++] = now - sent;
                            bySendOrder[Integer.parseInt(invoiceId.substring(invoiceId.lastIndexOf('-') + 1))] =
                                    now - sent;
                            if (seen[0] == total) {
                                done.countDown();
                            }
                        }
                    }
                }
            }
        } finally {
            positioned.countDown();
            done.countDown();
        }
    }

    /** PostgreSQL's checkpointer counters (timed, requested, write ms, sync ms; PostgreSQL 17), null if unreadable. */
    private double[] checkpoints() {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(settings.pgUrl(), settings.pgUser(),
                settings.pgPassword());
             java.sql.ResultSet rs = db.createStatement().executeQuery(
                     "SELECT num_timed, num_requested, write_time, sync_time FROM pg_stat_checkpointer")) {
            return rs.next() ? new double[]{rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)} : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /** Over every record offered: one never seen counts as slower than any seen (infinite). */
    private static double percentile(long[] sorted, double p, int offered) {
        int index = Math.max(0, (int) Math.ceil(p * offered) - 1);
        return index < sorted.length ? sorted[index] / 1e6 : Double.POSITIVE_INFINITY;
    }
}
