package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * reporting-service on the running local stack (receivables-service on 8081, reporting-service on 8085):
 * <ol>
 *   <li>the ingest benchmark's history (default 200,000 records for 2,000 customers) into receivables, its rate;</li>
 *   <li>catch-up: a second reporting-service, started after that, with an empty database and a consumer group of its
 *       own, reads the whole history: events/s, and the time until its portfolio aging equals the live one's;</li>
 *   <li>a portfolio aging GET as of a past date over those customers: p50/p99;</li>
 *   <li>steady state: InvoiceIssued records at a fixed rate (default 1,000/s), each for a new customer; latency from
 *       the send to the customer's record on ledgerline.reporting.aging, and from receivables' InvoiceIssued on its
 *       topic to that record: p50/p99.</li>
 * </ol>
 * It prints the figures and writes its section of docs/benchmarks.md between the reporting markers.
 */
public final class ReportingBenchmark {

    // The local stack's ports (run-reporting.sh passes those it started it with; these are deploy/run-local.sh's
    // defaults). Services listen on their port + ledgerline.port-offset, their management port 1000 above.
    private static final int OFFSET = Integer.getInteger("ledgerline.port-offset", 0);
    private static final String BOOTSTRAP = "127.0.0.1:" + Integer.getInteger("ledgerline.kafka-port", 9092);
    private static final int PG_PORT = Integer.getInteger("ledgerline.pg-port", 5432);
    private static final String RECEIVABLES = "http://127.0.0.1:" + (8081 + OFFSET);
    private static final String REPORTING = "http://127.0.0.1:" + (8085 + OFFSET);
    private static final String REPORTING_METRICS = "http://127.0.0.1:" + (9085 + OFFSET) + "/q/metrics";
    private static final int CATCHUP_PORT = 8095 + OFFSET;
    private static final String CATCHUP = "http://127.0.0.1:" + CATCHUP_PORT;
    private static final String CATCHUP_HEALTH = "http://127.0.0.1:" + (CATCHUP_PORT + 1000) + "/q/health/ready";
    /** The local stack's token issuer: the API wants a bearer token. */
    private static final String ISSUER_URL = "http://127.0.0.1:" + Integer.getInteger("ledgerline.issuer-port", 8090);
    private static final String ISSUER = ISSUER_URL + "/token?user=benchmark&role=supervisor";
    private static String token;
    private static final String LOAD_AT_START = load();
    private static final String CATCHUP_GROUP = "reporting-service-catchup";
    private static final Set<String> PRIMARY = Set.of("CustomerUpdated", "InvoiceIssued", "CreditNoteIssued",
            "PaymentReceived");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ReportingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int events = Integer.parseInt(options.getOrDefault("events", "200000"));
        int customers = Integer.parseInt(options.getOrDefault("customers", "2000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int gets = Integer.parseInt(options.getOrDefault("gets", "200"));
        Path root = Path.of(System.getProperty("ledgerline.root", "."));
        String output = options.get("output");
        // A file of its own (run-all.sh's BENCHMARK_REPORT) rather than a section of docs/benchmarks.md.
        String outputFile = options.get("output-file");
        String tag = Long.toString(System.currentTimeMillis(), 36);
        Instant started = Instant.now();

        // 1. The history.
        System.out.printf("Generating %,d ingest records for %,d customers ...%n", events, customers);
        Workload workload = Workload.generate(events, customers, tag);
        long domainStart = endOffsets(Topics.RECEIVABLES_EVENTS).values().stream().mapToLong(Long::longValue).sum();
        Ingest ingest = ingest(workload);
        System.out.printf("Ingest: %,d records accepted in %.1f s = %,.0f records/s (%,d domain events)%n",
                ingest.records, ingest.seconds, ingest.records / ingest.seconds, ingest.domainEvents);
        long domainEvents = endOffsets(Topics.RECEIVABLES_EVENTS).values().stream().mapToLong(Long::longValue).sum()
                - domainStart;
        double liveLagSeconds = waitForGroup("reporting-service", Duration.ofMinutes(15));
        System.out.printf("The stack's reporting-service caught up %.1f s after the last domain event%n", liveLagSeconds);

        // 2. Catch-up by a reporting-service started now.
        CatchUp catchUp = catchUp(root);
        System.out.printf("Catch-up: %,d domain events in %.1f s = %,.0f events/s; complete portfolio aging after %.1f s%n",
                catchUp.events, catchUp.consumeSeconds, catchUp.events / catchUp.consumeSeconds, catchUp.agingSeconds);

        // 3. Portfolio aging as of a past date.
        LocalDate pastDate = LocalDate.of(2026, 6, 30);
        Latencies get = portfolioGets(pastDate, gets);
        System.out.printf("GET /aging?asOf=%s over %,d customers: p50 %.1f ms, p99 %.1f ms%n", pastDate, customers,
                get.p(50), get.p(99));

        // 3b. The month reads: a 12-month KPI trend and a month-end pack, the first call (which builds the months
        // not built yet) and then warm.
        YearMonth lastMonth = YearMonth.from(LocalDate.parse(today())).minusMonths(1);
        String trendUrl = REPORTING + "/kpis/trend?from=" + lastMonth.minusMonths(11) + "&to=" + lastMonth;
        String packUrl = REPORTING + "/reports/month-end?month=" + lastMonth;
        MonthReads months = monthReads(trendUrl, packUrl, Math.max(10, gets / 10));
        System.out.printf("GET %s: first %.0f ms, then p50 %.1f ms, p99 %.1f ms; month-end pack: first %.0f ms, then "
                        + "p50 %.1f ms, p99 %.1f ms%n", trendUrl, months.trendFirst, months.trend.p(50), months.trend.p(99),
                months.packFirst, months.pack.p(50), months.pack.p(99));

        // 4. Steady state, with reporting's poll timer read before and after: where its share of the time goes.
        Map<String, Double> before = metrics();
        Steady steady = steady(tag, rate, seconds);
        Map<String, Double> after = metrics();
        Polls polls = new Polls(delta(before, after, "ledgerline_reporting_poll_seconds_count"),
                delta(before, after, "ledgerline_reporting_poll_seconds_sum"),
                delta(before, after, "ledgerline_reporting_events_recorded_total"),
                after.getOrDefault("ledgerline_reporting_poll_seconds_max", Double.NaN));
        System.out.printf("Reporting's polls during the steady state: %,.0f polls, %,.0f events, %.1f events/poll, "
                        + "%.1f ms/poll on average%n", polls.count, polls.events, polls.eventsPerPoll(), polls.meanMillis());
        System.out.printf("Steady state at %,d/s offered (%,.0f/s sent): send → aging record p50 %.0f ms, p99 %.0f ms;"
                        + " InvoiceIssued on receivables' topic → aging record p50 %.0f ms, p99 %.0f ms (%,d of %,d seen)%n",
                rate, steady.sentRate, steady.endToEnd.p(50), steady.endToEnd.p(99), steady.reportingLeg.p(50),
                steady.reportingLeg.p(99), steady.endToEnd.count(), steady.sent);

        String section = report(started, events, customers, workload, ingest, domainEvents, liveLagSeconds,
                catchUp, pastDate, get, rate, seconds, steady, months, trendUrl, packUrl, polls);
        if (outputFile != null) {
            Files.writeString(root.resolve(outputFile), section);
            System.out.println("Wrote the reporting report to " + outputFile);
        } else if (output != null) {
            writeSection(root.resolve(output), section);
            System.out.println("Wrote the reporting section of " + output);
        }
    }

    // ---- 1. ingest --------------------------------------------------------------------------------------------

    private record Ingest(long records, double seconds, long domainEvents) {
    }

    private static Ingest ingest(Workload workload) throws Exception {
        Map<TopicPartition, Long> from = endOffsets(Topics.RECEIVABLES_EVENTS);
        AtomicLong primary = new AtomicLong();
        AtomicLong all = new AtomicLong();
        AtomicLong lastPrimaryNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread counter = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        all.incrementAndGet();
                        String type = header(r, "ce_type");
                        if (type != null && PRIMARY.contains(type.substring(type.lastIndexOf('.', type.length() - 4) + 1,
                                type.length() - 3))) {
                            primary.incrementAndGet();
                            lastPrimaryNanos.set(System.nanoTime());
                        }
                    }
                }
            }
        });
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Workload.Message m : workload.messages) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", utf8("1.0"));
                headers.add("ce_id", utf8(m.ceId()));
                headers.add("ce_source", utf8("benchmark"));
                headers.add("ce_type", utf8("io.ledgerline.ingest." + m.eventType() + ".v1"));
                headers.add("content-type", utf8("application/json"));
                producer.send(new ProducerRecord<>(m.topic(), null, m.key(), m.value(), headers));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (primary.get() < workload.messages.size()) {
            if (System.nanoTime() > deadline) {
                stop.set(true);
                throw new IllegalStateException("only " + primary.get() + " of " + workload.messages.size()
                        + " records accepted after 20 minutes");
            }
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        stop.set(true);
        counter.join();
        return new Ingest(primary.get(), (lastPrimaryNanos.get() - start) / 1e9, all.get());
    }

    // ---- 2. catch-up ------------------------------------------------------------------------------------------

    private record CatchUp(long events, double startSeconds, double consumeSeconds, double agingSeconds) {
    }

    private static CatchUp catchUp(Path root) throws Exception {
        String database = "reporting_catchup_" + Long.toString(System.currentTimeMillis(), 36);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + PG_PORT + "/postgres", "postgres",
                "postgres")) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (String topic : List.of(Topics.RECEIVABLES_EVENTS, Topics.CREDIT_EVENTS, Topics.COLLECTIONS_EVENTS,
                Topics.DISPUTES_EVENTS)) {
            ends.putAll(endOffsets(topic));
        }
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        String expectedAging = get(REPORTING + "/aging");
        Path log = root.resolve("benchmarks/reporting/target/catchup-reporting.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", root.resolve("reporting-service/target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(CATCHUP_PORT));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(CATCHUP_PORT + 1000));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + PG_PORT + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + PG_PORT + "/" + database);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", BOOTSTRAP);
        // The stack's token issuer, as the launcher tells its own services.
        env.put("MP_JWT_VERIFY_ISSUER", ISSUER_URL);
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", ISSUER_URL + "/jwks.json");
        env.put("MP_MESSAGING_INCOMING_DOMAIN_EVENTS_GROUP_ID", CATCHUP_GROUP);
        // Its figures stay in its own store: the stack's instance is the one publishing to the topics.
        env.put("LEDGERLINE_REPORTING_OUTBOX_ENABLED", "false");
        long start = System.nanoTime();
        Process process = builder.start();
        // Stopped with the benchmark, also when the benchmark itself is stopped (a time budget, Ctrl-C).
        Thread stopCatchUp = new Thread(process::destroy);
        Runtime.getRuntime().addShutdownHook(stopCatchUp);
        try {
            waitFor(() -> status(CATCHUP_HEALTH) == 200, Duration.ofMinutes(3), "catch-up instance ready");
            double startSeconds = (System.nanoTime() - start) / 1e9;
            waitFor(() -> committed(CATCHUP_GROUP, ends.keySet()) >= total, Duration.ofMinutes(30),
                    "catch-up consumer at the end of every topic");
            double consumeSeconds = (System.nanoTime() - start) / 1e9;
            waitFor(() -> expectedAging.equals(get(CATCHUP + "/aging")), Duration.ofMinutes(5),
                    "catch-up portfolio aging equal to the stack's");
            double agingSeconds = (System.nanoTime() - start) / 1e9;
            return new CatchUp(total, startSeconds, consumeSeconds, agingSeconds);
        } finally {
            process.destroy();
            process.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopCatchUp);
        }
    }

    // ---- 3. portfolio GET -------------------------------------------------------------------------------------

    private static Latencies portfolioGets(LocalDate asOf, int count) throws Exception {
        String url = REPORTING + "/aging?asOf=" + asOf;
        for (int n = 0; n < 20; n++) {
            get(url);
        }
        Latencies latencies = new Latencies();
        for (int n = 0; n < count; n++) {
            long t = System.nanoTime();
            get(url);
            latencies.add((System.nanoTime() - t) / 1e6);
        }
        return latencies;
    }

    // ---- 3b. month reads ------------------------------------------------------------------------------------

    private record MonthReads(double trendFirst, Latencies trend, double packFirst, Latencies pack) {
    }

    private static MonthReads monthReads(String trendUrl, String packUrl, int count) throws Exception {
        long t = System.nanoTime();
        get(trendUrl);
        double trendFirst = (System.nanoTime() - t) / 1e6;
        t = System.nanoTime();
        get(packUrl);
        double packFirst = (System.nanoTime() - t) / 1e6;
        Latencies trend = new Latencies();
        Latencies pack = new Latencies();
        for (int n = 0; n < count; n++) {
            t = System.nanoTime();
            get(trendUrl);
            trend.add((System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            get(packUrl);
            pack.add((System.nanoTime() - t) / 1e6);
        }
        return new MonthReads(trendFirst, trend, packFirst, pack);
    }

    /** The business date of the stack's reporting-service (what a month-end run takes as today). */
    private static String today() throws Exception {
        String aging = get(REPORTING + "/aging");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"asOf\"\\s*:\\s*\"([0-9-]+)\"").matcher(aging);
        return m.find() ? m.group(1) : LocalDate.now().toString();
    }

    private record Polls(double count, double seconds, double events, double maxSeconds) {
        double eventsPerPoll() {
            return count == 0 ? Double.NaN : events / count;
        }

        double meanMillis() {
            return count == 0 ? Double.NaN : seconds / count * 1000;
        }
    }

    /** reporting-service's own samples on /q/metrics, summed over labels, by name. */
    private static Map<String, Double> metrics() {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(REPORTING_METRICS))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                if (line.startsWith("ledgerline_reporting_")) {
                    String name = line.replaceFirst("[{ ].*", "");
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    values.merge(name, value, name.endsWith("_max") ? Math::max : Double::sum);
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            System.out.println("reporting's /q/metrics could not be read: " + e);
        }
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, Double.NaN) - before.getOrDefault(name, 0.0);
    }

    // ---- 4. steady state --------------------------------------------------------------------------------------

    private record Steady(long sent, double sentRate, Latencies endToEnd, Latencies reportingLeg) {
    }

    private static Steady steady(String tag, int rate, int seconds) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> domainAt = new ConcurrentHashMap<>();
        Latencies endToEnd = new Latencies();
        Latencies reportingLeg = new Latencies();
        String prefix = "LAT-" + tag + "-";
        AtomicBoolean stop = new AtomicBoolean();
        Map<TopicPartition, Long> agingFrom = endOffsets(Topics.REPORTING_AGING);
        Map<TopicPartition, Long> domainFrom = endOffsets(Topics.RECEIVABLES_EVENTS);
        Thread watcher = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<byte[], byte[]> aging = consumer(); KafkaConsumer<byte[], byte[]> domain = consumer()) {
                aging.assign(agingFrom.keySet());
                agingFrom.forEach(aging::seek);
                domain.assign(domainFrom.keySet());
                domainFrom.forEach(domain::seek);
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : domain.poll(Duration.ofMillis(5))) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        String type = header(r, "ce_type");
                        if (key.startsWith(prefix) && type != null && type.endsWith(".InvoiceIssued.v1")) {
                            domainAt.putIfAbsent(key, System.nanoTime());
                        }
                    }
                    for (ConsumerRecord<byte[], byte[]> r : aging.poll(Duration.ofMillis(5))) {
                        long now = System.nanoTime();
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        if (!key.startsWith(prefix) || r.value() == null) {
                            continue;
                        }
                        String customer = key.substring(0, key.lastIndexOf('/'));
                        Long sent = sentAt.remove(customer);
                        if (sent != null) {
                            endToEnd.add((now - sent) / 1e6);
                            Long domainSeen = domainAt.get(customer);
                            if (domainSeen != null) {
                                reportingLeg.add((now - domainSeen) / 1e6);
                            }
                        }
                    }
                }
            }
        });
        Thread.sleep(2000);
        long total = (long) rate * seconds;
        long start = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (long n = 0; n < total; n++) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String customer = prefix + n;
                String value = """
                        {"invoiceId":"INV-%s","customerId":"%s","issueDate":"2026-11-02","dueDate":"2026-12-02",\
                        "currency":"EUR","amount":"125.00","description":"latency probe"}""".formatted(customer, customer);
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", utf8("1.0"));
                headers.add("ce_id", utf8(UUID.randomUUID().toString()));
                headers.add("ce_source", utf8("benchmark"));
                headers.add("ce_type", utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
                headers.add("content-type", utf8("application/json"));
                sentAt.put(customer, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.INGEST_INVOICES, null, utf8(customer), utf8(value), headers));
                sent++;
            }
            producer.flush();
        }
        double sentRate = sent / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (endToEnd.count() < sent && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        stop.set(true);
        watcher.join();
        return new Steady(sent, sentRate, endToEnd, reportingLeg);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /** Latencies in milliseconds, nearest-rank percentiles. */
    static final class Latencies {
        private final List<Double> values = java.util.Collections.synchronizedList(new ArrayList<>());

        void add(double millis) {
            values.add(millis);
        }

        int count() {
            return values.size();
        }

        double p(int percentile) {
            List<Double> sorted;
            synchronized (values) {
                sorted = values.stream().sorted().toList();
            }
            if (sorted.isEmpty()) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
            return sorted.get(Math.max(rank, 1) - 1);
        }

        double max() {
            return p(100);
        }
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    /** Seconds until the group has committed the end of every domain topic. */
    private static double waitForGroup(String group, Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (String topic : List.of(Topics.RECEIVABLES_EVENTS, Topics.CREDIT_EVENTS, Topics.COLLECTIONS_EVENTS,
                Topics.DISPUTES_EVENTS)) {
            ends.putAll(endOffsets(topic));
        }
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        long start = System.nanoTime();
        waitFor(() -> committed(group, ends.keySet()) >= total, timeout, group + " at the end of every topic");
        return (System.nanoTime() - start) / 1e9;
    }

    private static long committed(String group, Collection<TopicPartition> partitions) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            return partitions.stream().map(offsets::get).filter(java.util.Objects::nonNull)
                    .mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        try (Admin admin = admin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
            return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private static Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        return Admin.create(props);
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return producer(Map.of());
    }

    private static KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    /** A GET with the stack's token; 10 minutes at most (a first month read builds every month it spans). */
    private static String get(String url) throws IOException, InterruptedException {
        if (token == null) {
            HttpResponse<String> issued = HTTP.send(HttpRequest.newBuilder(URI.create(ISSUER)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (issued.statusCode() != 200) {
                throw new IOException("no token from the local stack's issuer: " + issued.statusCode());
            }
            token = issued.body().trim();
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 && token != null) {
            token = null; // expired during a long run: take a new one
            return get(url);
        }
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int n = 0; n + 1 < args.length; n += 2) {
            options.put(args[n].replaceFirst("^--", ""), args[n + 1]);
        }
        return options;
    }

    // ---- report -----------------------------------------------------------------------------------------------

    private static String report(Instant started, int events, int customers, Workload workload, Ingest ingest,
                                 long domainEvents, double liveLag, CatchUp catchUp, LocalDate pastDate,
                                 Latencies get, int rate, int seconds, Steady steady, MonthReads months,
                                 String trendUrl, String packUrl, Polls polls) {
        String commit = System.getProperty("ledgerline.commit", "");
        String changed = System.getProperty("ledgerline.changed-files", "");
        StringBuilder s = new StringBuilder();
        s.append("## Reporting\n\n");
        s.append("Written by `benchmarks/run-reporting.sh` (module `benchmarks/reporting`); run ")
                .append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(started.atZone(java.time.ZoneOffset.UTC)))
                .append(String.format(Locale.ROOT, ", %,d ingest records for %,d customers.", events, customers))
                .append(String.format(Locale.ROOT, " Load average (1 min) at the start %s, at the end %s, on %d cores%s.%n%n",
                        LOAD_AT_START, load(), Runtime.getRuntime().availableProcessors(),
                        loadAbove(LOAD_AT_START) || loadAbove(load()) ? ": other work competed for the cores, so the figures"
                                + " are a floor of what the code does on an idle machine" : ""));
        // The target in the form run-all.sh collects into the page's summary (benchmarks/README.md).
        s.append("| target | figure | peer | ratio | met |\n|---|---:|---:|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| Reporting steady state at %,d InvoiceIssued/s offered, ingest send → aging"
                        + " record: p99 < 500 ms | p50 %.0f ms, p99 %.0f ms | — | — | %s |%n%n", rate,
                steady.endToEnd.p(50), steady.endToEnd.p(99), steady.endToEnd.p(99) < 500 ? "met" : "NOT met"));
        s.append("| figure | measured | target |\n|---|---:|---:|\n");
        s.append(String.format(Locale.ROOT, "| receivables ingest in the same run (records accepted/s; reporting consuming at the same time) | %,.0f | |%n",
                ingest.records / ingest.seconds));
        s.append(String.format(Locale.ROOT, "| **catch-up**: domain events/s read by a reporting-service started after the history | %,.0f | |%n",
                catchUp.events / catchUp.consumeSeconds));
        s.append(String.format(Locale.ROOT, "| catch-up: time from process start to a complete portfolio aging (equal to the live one's) | %.1f s | |%n",
                catchUp.agingSeconds));
        s.append(String.format(Locale.ROOT, "| **steady state** at %,d InvoiceIssued/s offered: ingest send → aging record, p50 / p99 | %.0f / %.0f ms | p99 < 500 ms |%n",
                rate, steady.endToEnd.p(50), steady.endToEnd.p(99)));
        s.append(String.format(Locale.ROOT, "| steady state: InvoiceIssued on `ledgerline.receivables.events` → aging record, p50 / p99 | %.0f / %.0f ms | |%n",
                steady.reportingLeg.p(50), steady.reportingLeg.p(99)));
        s.append(String.format(Locale.ROOT, "| **portfolio aging** `GET /aging?asOf=%s` over %,d customers, p50 / p99 | %.1f / %.1f ms | |%n",
                pastDate, customers, get.p(50), get.p(99)));
        s.append(String.format(Locale.ROOT, "| **KPI trend** `GET %s` (12 months), first call / then p50 / p99 | %.0f / %.1f / %.1f ms | |%n",
                trendUrl.substring(REPORTING.length()), months.trendFirst, months.trend.p(50), months.trend.p(99)));
        s.append(String.format(Locale.ROOT, "| **month-end pack** `GET %s`, first call / then p50 / p99 | %.0f / %.1f / %.1f ms | |%n",
                packUrl.substring(REPORTING.length()), months.packFirst, months.pack.p(50), months.pack.p(99)));
        s.append("\n");
        s.append(String.format(Locale.ROOT, "- History: %,d records (%,d InvoiceIssued, %,d PaymentReceived, %,d CreditNoteIssued, %,d CustomerUpdated) "
                        + "accepted in %.1f s; %,d domain events on `ledgerline.receivables.events`. The stack's own reporting-service, consuming "
                        + "while receivables ingested, had committed the end of every domain topic %.1f s after the benchmark saw the last primary event.%n",
                ingest.records, workload.countOf("InvoiceIssued"), workload.countOf("PaymentReceived"),
                workload.countOf("CreditNoteIssued"), workload.countOf("CustomerUpdated"), ingest.seconds, domainEvents, liveLag));
        s.append(String.format(Locale.ROOT, "- Catch-up: a second reporting-service (the built jar, `-Xmx512m`) with an empty database and consumer "
                        + "group `%s`, relays off (the stack's instance publishes), started once the history was in: ready after %.1f s, "
                        + "its group committed the end of all four domain topics (%,d events) %.1f s after start, and its `GET /aging` "
                        + "equalled the stack's %.1f s after start. Events/s = events / time to the last commit (start-up included).%n",
                CATCHUP_GROUP, catchUp.startSeconds, catchUp.events, catchUp.consumeSeconds, catchUp.agingSeconds));
        s.append(String.format(Locale.ROOT, "- Steady state: %,d ingest InvoiceIssued records (%,.0f/s sent, one new customer each, so each yields one "
                        + "new aging key), paced by the clock for %d s; latency from the send (before the broker's ack) to the record under "
                        + "the customer's key on `ledgerline.reporting.aging`, as a plain consumer on the same machine sees it: "
                        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d of %,d seen within 60 s of the last send). Through receivables "
                        + "(decide, event store, relay) then reporting (consume, facts, aging decider, event store, relay).%n",
                steady.sent, steady.sentRate, seconds, steady.endToEnd.p(50), steady.endToEnd.p(99), steady.endToEnd.max(),
                steady.endToEnd.count(), steady.sent));
        s.append(String.format(Locale.ROOT, "- Inside reporting during the steady state (its `/q/metrics` before and after): %,.0f polls "
                        + "of %,.0f domain events, %.1f events per poll, %.1f ms per poll on average from the poll handed over to its "
                        + "transaction committed (`ledgerline_reporting_poll_seconds`; longest since start %.0f ms).%n",
                polls.count, polls.events, polls.eventsPerPoll(), polls.meanMillis(), polls.maxSeconds * 1000));
        s.append(String.format(Locale.ROOT, "- Portfolio aging: 20 warm-up then %d sequential `GET /aging?asOf=%s` with a bearer token (portfolio, default buckets, by "
                        + "due date: the open-amount spans holding that date, read from the read model the consumer keeps, bucketed in Java), "
                        + "timed by the client.%n", get.count(), pastDate));
        s.append(String.format(Locale.ROOT, "- Month reads: one call each of the 12-month trend and the month-end pack (the first builds the months not "
                        + "built yet: every customer's money figures of each month, from the facts), then %d sequential calls of each, "
                        + "timed by the client.%n", months.trend.count()));
        s.append("- Code: commit `").append(commit).append("`").append(changed.isBlank() || changed.equals("0") ? ""
                : " with " + changed + " files changed in the working tree").append("; the local stack as `deploy/run-local.sh --no-build` starts it, "
                + "everything on one machine (2 cores).\n\n");
        s.append("Reproduce: `benchmarks/run-reporting.sh` (builds, starts the stack in a fresh data folder, measures, stops it).\n");
        return s.toString();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static boolean loadAbove(String load) {
        try {
            return Double.parseDouble(load) > Runtime.getRuntime().availableProcessors();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void writeSection(Path file, String section) throws IOException {
        String begin = "<!-- reporting:begin -->";
        String end = "<!-- reporting:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "";
        String block = begin + "\n" + section + end;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text + (text.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        }
        Files.writeString(file, text);
    }
}
