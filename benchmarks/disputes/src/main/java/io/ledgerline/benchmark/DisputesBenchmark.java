package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;
import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.PostgresServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Deduction detection beside ingest, in one run: receivables-service and disputes-service from their built jars,
 * each a process with its own database on one embedded PostgreSQL, one broker (in this JVM, as the tests use it, on
 * random ports so nothing clashes with a running local stack). The ingest benchmark's workload goes to the ingest
 * topics; receivables turns it into domain events; disputes reads those and opens a DEDUCTION case for every short
 * remittance. Measured from the broker alone: receivables' primary events on its topic, disputes' committed offsets on
 * receivables' topic (its consumption), and the cases on disputes' topic.
 *
 * <p>Arguments: {@code --events N} (default 200000), {@code --customers C} (2000), {@code --output FILE} (write the
 * section of docs/benchmarks.md between its markers). System property {@code ledgerline.root}: the repository.
 */
public final class DisputesBenchmark {

    private static final Set<String> PRIMARY = Set.of("CustomerUpdated", "InvoiceIssued", "CreditNoteIssued", "PaymentReceived");
    private static final String BEGIN = "<!-- disputes:begin -->";
    private static final String END = "<!-- disputes:end -->";

    private record Sample(double seconds, long acked, long primary, long receivablesEvents, long consumedByDisputes,
                          long cases) {
    }

    public static void main(String[] args) throws Exception {
        int events = 200_000;
        int customers = 2_000;
        Path output = null;
        for (int n = 0; n < args.length; n++) {
            switch (args[n]) {
                case "--events" -> events = Integer.parseInt(args[++n]);
                case "--customers" -> customers = Integer.parseInt(args[++n]);
                case "--output" -> output = Path.of(args[++n]);
                default -> throw new IllegalArgumentException("unknown argument " + args[n]);
            }
        }
        Path root = Path.of(System.getProperty("ledgerline.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("benchmarks/disputes/target/run");
        Files.createDirectories(work);

        System.out.println("Starting a broker and PostgreSQL ...");
        KafkaBroker broker = KafkaBroker.shared();
        String bootstrap = broker.bootstrapServers();
        PostgresServer postgres = PostgresServer.shared();
        String runTag = Long.toString(System.currentTimeMillis() % 100_000, 36).toUpperCase(Locale.ROOT);
        System.out.printf("Generating %,d records for %,d customers ...%n", events, customers);
        Workload workload = Workload.generate(events, customers, runTag);
        workload.validateSample();

        List<ServiceProcess> services = new ArrayList<>();
        try {
            services.add(ServiceProcess.start("receivables-service", root, work, bootstrap,
                    postgres.createDatabase("receivables"), Map.of("LEDGERLINE_DELINQUENCY_DAILY_CRON", "off")));
            services.add(ServiceProcess.start("disputes-service", root, work, bootstrap,
                    postgres.createDatabase("disputes"), Map.of("LEDGERLINE_DISPUTES_SLA_DAILY_CRON", "off",
                            // Committed offsets are what this benchmark sees of disputes' progress: commit often.
                            "MP_MESSAGING_INCOMING_UPSTREAM_AUTO_COMMIT_INTERVAL_MS", "500")));
            for (ServiceProcess service : services) {
                service.awaitReady();
            }
            System.out.println("Both services are ready.");
            run(workload, bootstrap, services, postgres, work, output, root);
        } finally {
            services.forEach(ServiceProcess::stop);
        }
        System.exit(0);
    }

    /** What a second disputes-service, on an empty database, made of the same stream read from its start. */
    private record Replay(long events, double seconds, long cases) {
    }

    private static void run(Workload workload, String bootstrap, List<ServiceProcess> services,
                            PostgresServer postgres, Path work, Path output, Path root) throws Exception {
        String loadBefore = loadAverage();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             Monitor monitor = new Monitor(bootstrap)) {
            List<TopicPartition> receivablesPartitions = partitions(admin, Topics.RECEIVABLES_EVENTS);
            Map<TopicPartition, Long> start = offsets(admin, receivablesPartitions);
            monitor.start(receivablesPartitions, partitions(admin, Topics.DISPUTES_EVENTS));

            long t0 = System.nanoTime();
            long[] acked = {0};
            AtomicReference<Exception> failed = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    acked[0] = publish(workload, bootstrap);
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            sender.start();

            List<Sample> samples = new ArrayList<>();
            long records = workload.messages.size();
            double caughtUpAt = -1;
            double lastChange = 0;
            long lastCases = -1;
            long lastConsumed = -1;
            long deadline = t0 + Duration.ofMinutes(20).toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                double seconds = (System.nanoTime() - t0) / 1e9;
                long consumed = consumed(admin, "disputes-service", start);
                Sample sample = new Sample(seconds, acked[0], monitor.primary(), monitor.receivablesEvents(), consumed,
                        monitor.cases());
                samples.add(sample);
                if (failed.get() != null) {
                    throw failed.get();
                }
                if (consumed != lastConsumed || sample.cases() != lastCases) {
                    lastChange = seconds;
                    lastConsumed = consumed;
                    lastCases = sample.cases();
                }
                boolean ingested = sample.primary() >= records;
                boolean disputesCaughtUp = ingested && consumed >= sample.receivablesEvents();
                if (disputesCaughtUp && caughtUpAt < 0) {
                    caughtUpAt = seconds;
                }
                if (disputesCaughtUp && seconds - lastChange > 5) {
                    break;
                }
                if ((int) (seconds * 2) % 20 == 0) {
                    System.out.printf("  %5.0f s: %,d acked, %,d accepted by receivables, %,d receivables events,"
                                    + " %,d read by disputes, %,d deductions%n", seconds, acked[0], sample.primary(),
                            sample.receivablesEvents(), consumed, sample.cases());
                }
            }
            sender.join();
            String loadAfter = loadAverage();
            Replay replay = replay(admin, bootstrap, services, postgres, work, root, receivablesPartitions, monitor);
            report(workload, samples, monitor, caughtUpAt, replay, loadBefore + " / " + loadAfter, output, root);
        }
    }

    /**
     * Deduction detection alone: receivables has finished, and a second disputes-service with an empty database and a
     * consumer group of its own reads the whole stream from the start, as a new service added to a running system
     * does (flows.md). Its cases must be the same ones (deterministic ids): counted on the disputes topic again.
     */
    private static Replay replay(Admin admin, String bootstrap, List<ServiceProcess> services, PostgresServer postgres,
                                 Path work, Path root, List<TopicPartition> receivablesPartitions, Monitor monitor)
            throws Exception {
        services.get(1).stop();
        Map<TopicPartition, Long> end = offsets(admin, receivablesPartitions);
        long total = end.values().stream().mapToLong(Long::longValue).sum();
        Map<TopicPartition, Long> zero = new HashMap<>();
        receivablesPartitions.forEach(p -> zero.put(p, 0L));
        long casesBefore = monitor.caseRecords();
        System.out.printf("Replay: a second disputes-service reads all %,d receivables events from the start ...%n", total);
        ServiceProcess second = ServiceProcess.start("disputes-service", root, work.resolve("replay"), bootstrap,
                postgres.createDatabase("disputes_replay"), Map.of("LEDGERLINE_DISPUTES_SLA_DAILY_CRON", "off",
                        "MP_MESSAGING_INCOMING_UPSTREAM_GROUP_ID", "disputes-service-replay",
                        "MP_MESSAGING_INCOMING_UPSTREAM_AUTO_COMMIT_INTERVAL_MS", "500"));
        services.add(second);
        second.awaitReady();
        long t0 = System.nanoTime();
        long consumed = 0;
        while (System.nanoTime() - t0 < Duration.ofMinutes(15).toNanos()) {
            Thread.sleep(250);
            consumed = consumed(admin, "disputes-service-replay", zero);
            if (consumed >= total) {
                break;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Let the relay publish the last cases before counting them.
        long cases = -1;
        while (cases != monitor.caseRecords() - casesBefore) {
            cases = monitor.caseRecords() - casesBefore;
            Thread.sleep(3000);
        }
        return new Replay(consumed, seconds, cases);
    }

    /** Sends every record as the ingest benchmark does; returns how many the broker acknowledged. */
    private static long publish(Workload workload, String bootstrap) throws InterruptedException {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Semaphore inFlight = new Semaphore(20_000);
        long[] acked = {0};
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (Workload.Message m : workload.messages) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", utf8("1.0"));
                headers.add("ce_id", utf8(m.ceId()));
                headers.add("ce_source", utf8("benchmark"));
                headers.add("ce_type", utf8("io.ledgerline.ingest." + m.eventType() + ".v1"));
                headers.add("content-type", utf8("application/json"));
                inFlight.acquire();
                producer.send(new ProducerRecord<>(m.topic(), null, m.key(), m.value(), headers), (meta, e) -> {
                    inFlight.release();
                    if (e == null) {
                        synchronized (acked) {
                            acked[0]++;
                        }
                    }
                });
            }
            producer.flush();
        }
        return acked[0];
    }

    /** Records disputes-service has committed on receivables' topic since the start. */
    private static long consumed(Admin admin, String group, Map<TopicPartition, Long> start) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long total = 0;
        for (var entry : start.entrySet()) {
            OffsetAndMetadata offset = committed.get(entry.getKey());
            if (offset != null) {
                total += Math.max(0, offset.offset() - entry.getValue());
            }
        }
        return total;
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((p, info) -> out.put(p, info.offset()));
        return out;
    }

    private static void report(Workload workload, List<Sample> samples, Monitor monitor, double caughtUpAt,
                               Replay replay, String load, Path output, Path root) throws IOException {
        long records = workload.messages.size();
        double ingestEnd = samples.stream().filter(s -> s.primary() >= records).mapToDouble(Sample::seconds)
                .findFirst().orElse(Double.NaN);
        Sample last = samples.getLast();
        double disputesEnd = caughtUpAt > 0 ? caughtUpAt : last.seconds();
        double ingestRate = records / ingestEnd;
        double receivablesEventRate = last.receivablesEvents() / ingestEnd;
        double consumeRate = last.consumedByDisputes() / disputesEnd;
        // Steady part: from 10 % to 90 % of the events disputes read in the end.
        double steady = steadyRate(samples, last.consumedByDisputes());
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append('\n');
        md.append("## Deduction detection (disputes-service) beside ingest\n\n");
        md.append("Written by `benchmarks/run-disputes.sh` (module `benchmarks/disputes`); run ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC: ").append(String.format("%,d", records)).append(" ingest records across ")
                .append(String.format("%,d", workload.customers)).append(" customers (the ingest benchmark's workload).\n\n");
        md.append("| figure | value |\n|---|---:|\n");
        md.append(String.format("| receivables ingest, end to end: %,d records accepted in %.1f s | %,.0f records/s |%n",
                records, ingestEnd, ingestRate));
        md.append(String.format("| receivables domain events in that time (%,d) | %,.0f events/s |%n",
                last.receivablesEvents(), receivablesEventRate));
        md.append(String.format("| **disputes reading receivables' events**: %,d events, first send to caught up (%.1f s) | %,.0f events/s |%n",
                last.consumedByDisputes(), disputesEnd, consumeRate));
        md.append(String.format("| disputes, steady part (10 %% to 90 %% of the events read) | %,.0f events/s |%n", steady));
        md.append(String.format("| disputes caught up after receivables' last primary event | %.1f s |%n",
                disputesEnd - ingestEnd));
        md.append(String.format("| DEDUCTION cases opened (distinct ids; %,d DisputeOpened records on the topic) | %,d |%n",
                monitor.caseRecords() - replay.cases(), monitor.cases()));
        md.append(String.format("| short remittance lines in the workload (a line paying part of its invoice; an upper bound) | %,d |%n",
                shortLines(workload)));
        md.append(String.format("| **deduction detection alone**: a second disputes-service, empty database, reads all %,d events from the start in %.1f s | %,.0f events/s |%n",
                replay.events(), replay.seconds(), replay.events() / replay.seconds()));
        md.append(String.format("| cases the second one opened (the same ids: DisputeOpened records it published) | %,d |%n",
                replay.cases()));
        md.append(String.format("%nLoad average (1, 5, 15 min) before / after the ingest phase: %s, on %d cores: other"
                + " builds shared the machine, so the rates are lower bounds.%n", load,
                Runtime.getRuntime().availableProcessors()));
        md.append("\n### Progress\n\n| s | acked | accepted by receivables | receivables events | read by disputes | deductions |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        double next = 0;
        for (Sample s : samples) {
            if (s.seconds() >= next || s == last) {
                md.append(String.format("| %.0f | %,d | %,d | %,d | %,d | %,d |%n", s.seconds(), s.acked(), s.primary(),
                        s.receivablesEvents(), s.consumedByDisputes(), s.cases()));
                next = s.seconds() + 10;
            }
        }
        md.append("""

                ### Method

                - **What runs**: receivables-service and disputes-service from their built jars (`quarkus-run.jar`,
                  `-Xmx1g` and `-Xmx512m`, the local stack's sizes), each with its own database on one embedded PostgreSQL 17, and one Kafka broker
                  (KRaft, the tests' `KafkaClusterTestKit`) inside the benchmark's JVM; random ports. Everything on the
                  same machine, sharing its cores (other builds may have been running too: see the note below).
                - **Workload**: exactly the ingest benchmark's (`Workload`, fixed seed): per customer one
                  CustomerUpdated, about 60 % invoices, 35 % payments (4 in 5 with remittance naming the oldest open
                  invoices, the last line paying 30–89 % of its invoice in 3 of 10 payments with remittance) and 5 %
                  credit notes. The short last lines are what disputes must find; the default tolerance (EUR 5.00)
                  lets the smallest shortfalls through.
                - **Ingest rate**: records accepted = receivables' primary events (CustomerUpdated, InvoiceIssued,
                  CreditNoteIssued, PaymentReceived) on `ledgerline.receivables.events`, from the first send until the
                  last arrived; the same definition as the ingest benchmark, measured while disputes-service competes
                  for the same cores.
                - **Deduction detection**: disputes-service's consumer group `disputes-service` commits its offsets on
                  `ledgerline.receivables.events` every 500 ms (throttled strategy); events/s is the events it had
                  committed over the time from the first send until it had committed every receivables event (an
                  upper bound on its lag, sampled every 500 ms). Each poll is one transaction: inbox, invoice copy,
                  new cases. Cases are counted on `ledgerline.disputes.events` (distinct `ce_subject`).
                - **Deduction detection alone**: with receivables finished, the first disputes-service is stopped and
                  a second one starts on an empty database with its own consumer group, reading
                  `ledgerline.receivables.events` from the start (what a service added to a running system does);
                  events/s from its readiness until it had committed the topic's end. Its cases are published to the
                  same topic: their count should equal the first run's (case ids are derived from the payment).
                """);
        md.append(END).append('\n');
        System.out.println();
        System.out.println(md);
        if (output != null) {
            Path file = root.resolve(output);
            String doc = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
            int b = doc.indexOf(BEGIN);
            int e = doc.indexOf(END);
            String updated = b >= 0 && e > b ? doc.substring(0, b) + md + doc.substring(e + END.length() + 1)
                    : doc + (doc.endsWith("\n") ? "\n" : "\n\n") + md;
            Files.writeString(file, updated);
            System.out.println("Wrote " + root.relativize(file));
        }
    }

    private static double steadyRate(List<Sample> samples, long total) {
        Sample from = null;
        Sample to = null;
        for (Sample s : samples) {
            if (from == null && s.consumedByDisputes() >= total * 0.1) {
                from = s;
            }
            if (to == null && s.consumedByDisputes() >= total * 0.9) {
                to = s;
            }
        }
        if (from == null || to == null || to.seconds() <= from.seconds()) {
            return Double.NaN;
        }
        return (to.consumedByDisputes() - from.consumedByDisputes()) / (to.seconds() - from.seconds());
    }

    /** Remittance lines that pay less than their invoice's full amount: an upper bound of the deductions to find. */
    private static long shortLines(Workload workload) {
        Map<String, java.math.BigDecimal> invoices = new HashMap<>();
        long count = 0;
        for (Workload.Message m : workload.messages) {
            var json = io.ledgerline.events.EventJson.readTree(m.value());
            if (m.eventType().equals("InvoiceIssued")) {
                invoices.put(json.get("invoiceId").asText(), new java.math.BigDecimal(json.get("amount").asText()));
            } else if (m.eventType().equals("PaymentReceived") && json.has("allocations")) {
                for (var line : json.get("allocations")) {
                    var amount = invoices.get(line.get("invoiceId").asText());
                    if (amount != null && new java.math.BigDecimal(line.get("amount").asText()).compareTo(amount) < 0) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** The 1, 5 and 15 minute load averages (Linux), to show how busy the machine was. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Counts, from the offsets at the start, receivables' events (primary ones apart) and disputes' cases. */
    private static final class Monitor implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long primary;
        private volatile long receivablesEvents;
        private volatile long caseRecords;
        private final Set<String> cases = new HashSet<>();
        private final Map<String, Long> types = new TreeMap<>();
        private List<TopicPartition> assigned;

        Monitor(String bootstrap) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
            thread = new Thread(this::loop, "monitor");
        }

        void start(List<TopicPartition> receivables, List<TopicPartition> disputes) {
            assigned = new ArrayList<>(receivables);
            assigned.addAll(disputes);
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position);
            thread.start();
        }

        private void loop() {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String type = header(r, "ce_type");
                    String name = type == null ? "?" : type.substring(type.indexOf('.', "io.ledgerline.".length()) + 1,
                            type.lastIndexOf(".v"));
                    if (r.topic().equals(Topics.RECEIVABLES_EVENTS)) {
                        receivablesEvents++;
                        if (PRIMARY.contains(name)) {
                            primary++;
                        }
                    } else if (name.equals("DisputeOpened")) {
                        caseRecords++;
                        synchronized (cases) {
                            cases.add(header(r, "ce_subject"));
                        }
                    }
                }
            }
        }

        long primary() {
            return primary;
        }

        long receivablesEvents() {
            return receivablesEvents;
        }

        long caseRecords() {
            return caseRecords;
        }

        long cases() {
            synchronized (cases) {
                return cases.size();
            }
        }

        private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
            var h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
            consumer.close();
        }
    }

    /** One service from its built jar, as its own process. */
    private static final class ServiceProcess {
        private final String name;
        private final Process process;
        private final String readyUrl;
        private final Path log;

        private ServiceProcess(String name, Process process, String readyUrl, Path log) {
            this.name = name;
            this.process = process;
            this.readyUrl = readyUrl;
            this.log = log;
        }

        static ServiceProcess start(String name, Path root, Path work, String bootstrap, PostgresServer.Database db,
                                    Map<String, String> extra) throws IOException {
            Path jar = root.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (benchmarks/run-disputes.sh does)");
            }
            int http = freePort();
            int management = freePort();
            Path log = work.resolve(name + ".log");
            Files.createDirectories(work);
            String java = ProcessHandle.current().info().command().orElse("java");
            // The local stack's heaps: receivables-service keeps ingest's accounts in memory (its README, "Sizing
            // the heap"); 512 MiB ran back-to-back full collections beside disputes (2026-12-02).
            String heap = name.equals("receivables-service") ? "-Xmx1g" : "-Xmx512m";
            // And G1's pause goal of the local stack (its ServiceProcess says why).
            ProcessBuilder builder = new ProcessBuilder(java, heap, "-XX:MaxGCPauseMillis=20", "-jar", jar.toString())
                    .directory(jar.getParent().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl());
            env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
            env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
            env.put("QUARKUS_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.putAll(extra);
            // Health is on each service's management interface.
            String ready = "http://127.0.0.1:" + management + "/q/health/ready";
            System.out.println("  starting " + name + " (log " + root.relativize(log) + ")");
            return new ServiceProcess(name, builder.start(), ready, log);
        }

        void awaitReady() throws InterruptedException {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(readyUrl)).timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited; see " + log);
                }
                try {
                    if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // Still starting.
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(name + " was not ready within 180 s; see " + log);
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }
    }
}
