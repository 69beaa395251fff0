package io.ledgerline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * reporting-service on the local stack, each phase with only the services it is about running (run-reporting.sh
 * starts the stack with receivables-service alone):
 * <ol>
 *   <li>the ingest benchmark's history (default 200,000 records for 2,000 customers) into receivables-service alone,
 *       its rate;</li>
 *   <li>catch-up: reporting-service, started by the launcher's control once the history is in, reads it all:
 *       events/s, and the time until its portfolio aging (open amount per currency) equals receivables' own;</li>
 *   <li>a portfolio aging GET as of a past date over those customers: p50/p99; the KPI trend and month-end pack;</li>
 *   <li>steady state with receivables-service and reporting-service running: InvoiceIssued records at a fixed rate
 *       (default 1,000/s), each for a new customer; latency from the send to the customer's record on
 *       ledgerline.reporting.aging, and from receivables' InvoiceIssued on its topic to that record: p50/p99.</li>
 * </ol>
 * With {@code --window-output FILE} it measures only the steady state (after a warm-up) on whatever stack runs and
 * writes it to FILE: run-reporting.sh does that first on the whole local stack, for the reported row beside the
 * target. It prints the figures and writes its report.
 */
public final class ReportingBenchmark {

    // The local stack's ports (run-reporting.sh passes those it started it with; these are deploy/run-local.sh's
    // defaults). Services listen on their port + ledgerline.port-offset, their management port 1000 above.
    private static final int OFFSET = Integer.getInteger("ledgerline.port-offset", 0);
    private static final String BOOTSTRAP = "127.0.0.1:" + Integer.getInteger("ledgerline.kafka-port", 9092);
    private static final String RECEIVABLES = "http://127.0.0.1:" + (8081 + OFFSET);
    private static final String REPORTING = "http://127.0.0.1:" + (8085 + OFFSET);
    private static final String RECEIVABLES_METRICS = "http://127.0.0.1:" + (9081 + OFFSET) + "/q/metrics";
    private static final String REPORTING_METRICS = "http://127.0.0.1:" + (9085 + OFFSET) + "/q/metrics";
    private static final String CONTROL = "http://127.0.0.1:" + Integer.getInteger("ledgerline.control-port", 8099);
    /** The local stack's token issuer: the API wants a bearer token. */
    private static final String ISSUER_URL = "http://127.0.0.1:" + Integer.getInteger("ledgerline.issuer-port", 8090);
    private static final String ISSUER = ISSUER_URL + "/token?user=benchmark&role=supervisor";
    private static String token;
    private static final String LOAD_AT_START = load();
    private static final String REPORTING_GROUP = "reporting-service";
    private static final List<String> DOMAIN_TOPICS = List.of(Topics.RECEIVABLES_EVENTS, Topics.CREDIT_EVENTS,
            Topics.COLLECTIONS_EVENTS, Topics.DISPUTES_EVENTS);
    private static final Set<String> PRIMARY = Set.of("CustomerUpdated", "InvoiceIssued", "CreditNoteIssued",
            "PaymentReceived");
    /** The stack's services in the launcher's order, for saying which ran. */
    private static final List<String> SERVICES = List.of("receivables-service", "credit-service",
            "collections-service", "disputes-service", "reporting-service");
    /** Non-empty when the whole-stack window was measured on the ingest benchmark's whole stack (run-all.sh). */
    private static String wholeStackFrom = "";
    /** Where the history came from when the ingest benchmark sent it (--history-from), for the report. */
    private static String historyNote = "";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(options(args));
        } finally {
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }

    private static void run(Map<String, String> options) throws Exception {
        int events = Integer.parseInt(options.getOrDefault("events", "200000"));
        int customers = Integer.parseInt(options.getOrDefault("customers", "2000"));
        int rate = Integer.parseInt(options.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int steadyWarmup = Integer.parseInt(options.getOrDefault("steady-warmup", "20"));
        int gets = Integer.parseInt(options.getOrDefault("gets", "200"));
        int monthReads = Integer.parseInt(options.getOrDefault("month-reads", "10"));
        Path root = Path.of(System.getProperty("ledgerline.root", "."));
        String tag = Long.toString(System.currentTimeMillis(), 36);
        if (options.containsKey("window-output")) {
            wholeStackWindow(root.resolve(options.get("window-output")), tag, rate,
                    Integer.parseInt(options.getOrDefault("warmup", "10")), seconds);
            return;
        }
        String output = options.get("output");
        // A file of its own (run-all.sh's BENCHMARK_REPORT) rather than a section of docs/benchmarks.md.
        String outputFile = options.get("output-file");
        Instant started = Instant.now();
        CpuSampler cpu = new CpuSampler();

        // 1. The history, into receivables-service alone: sent now, or (--history-from, run-all.sh) already sent by
        //    the ingest benchmark into the stack this run was handed, whose figures it wrote to that file.
        Workload workload;
        Ingest ingest;
        long domainEvents;
        Phase history;
        CpuSampler.Snapshot before;
        if (options.containsKey("history-from")) {
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(root.resolve(options.get("history-from")))) {
                p.load(in);
            }
            // The same generator and seed the ingest benchmark sent: its counts per type, for the report.
            workload = Workload.generate(Integer.parseInt(p.getProperty("records")), customers, tag);
            ingest = new Ingest(Long.parseLong(p.getProperty("records")), Double.parseDouble(p.getProperty("seconds")));
            domainEvents = Long.parseLong(p.getProperty("domainEvents"));
            Map<String, Double> used = new java.util.TreeMap<>();
            p.stringPropertyNames().stream().filter(k -> k.startsWith("cpu."))
                    .forEach(k -> used.put(k.substring(4), Double.parseDouble(p.getProperty(k))));
            history = new Phase(Double.parseDouble(p.getProperty("cpuSeconds")), "receivables-service; the ingest "
                    + "benchmark's run, handed over", used);
            historyNote = p.getProperty("note", "");
            System.out.printf("History: the ingest benchmark's, in the stack it handed over: %,d records accepted in"
                    + " %.1f s = %,.0f records/s; %,d domain events%n", ingest.records, ingest.seconds,
                    ingest.records / ingest.seconds, domainEvents);
        } else {
            System.out.printf("Generating %,d ingest records for %,d customers ...%n", events, customers);
            workload = Workload.generate(events, customers, tag);
            long domainStart = endOffsets(Topics.RECEIVABLES_EVENTS).values().stream().mapToLong(Long::longValue).sum();
            before = cpu.take();
            ingest = ingest(workload);
            // The relay may still publish the last appends' derived events: the history is in once the topic stops
            // growing.
            domainEvents = settledEnd(Topics.RECEIVABLES_EVENTS) - domainStart;
            history = phase(before, cpu.take());
            System.out.printf("Ingest (%s): %,d records accepted in %.1f s = %,.0f records/s; %,d domain events%n",
                    history.services(), ingest.records, ingest.seconds, ingest.records / ingest.seconds, domainEvents);
        }

        // 2. Catch-up by reporting-service, started now.
        Map<String, BigDecimal> receivablesOpen = receivablesOpenAmounts();
        before = cpu.take();
        CatchUp catchUp = catchUp(receivablesOpen);
        Phase catchUpPhase = phase(before, cpu.take());
        System.out.printf("Catch-up (%s): %,d domain events processed %.1f s after the start request = %,.0f events/s;"
                        + " portfolio aging equal to receivables' after %.1f s%n", catchUpPhase.services(),
                catchUp.events, catchUp.processedSeconds, catchUp.eventsPerSecond(), catchUp.agingSeconds);

        // 3. Portfolio aging as of a past date.
        before = cpu.take();
        LocalDate pastDate = LocalDate.of(2026, 6, 30);
        Latencies get = portfolioGets(pastDate, gets);
        System.out.printf("GET /aging?asOf=%s over %,d customers: p50 %.1f ms, p99 %.1f ms%n", pastDate, customers,
                get.p(50), get.p(99));

        // 3b. The month reads: a 12-month KPI trend and a month-end pack, the first call (which builds the months
        // not built yet) and then warm.
        YearMonth lastMonth = YearMonth.from(LocalDate.parse(catchUp.today)).minusMonths(1);
        String trendUrl = REPORTING + "/kpis/trend?from=" + lastMonth.minusMonths(11) + "&to=" + lastMonth;
        String packUrl = REPORTING + "/reports/month-end?month=" + lastMonth;
        MonthReads months = monthReads(trendUrl, packUrl, monthReads);
        Phase reads = phase(before, cpu.take());
        System.out.printf("GET %s: first %.0f ms, then p50 %.1f ms, max %.1f ms; month-end pack: first %.0f ms, then "
                        + "p50 %.1f ms, max %.1f ms (%d calls each)%n", trendUrl, months.trendFirst, months.trend.p(50),
                months.trend.max(), months.packFirst, months.pack.p(50), months.pack.max(), months.trend.count());

        // 4. Steady state, with reporting's poll timer read before and after: where its share of the time goes.
        // The flow runs steadyWarmup s before the measured seconds: a steady state, not the start of a flow. Measured
        // from the start, the first 15 to 20 s of a flow that starts from idle held the tail (per 5 s of sending, p99
        // 1.3 to 2.2 s, then 0.2 to 0.5 s from 20 s on; benchmarks/README.md, "Reporting's steady state, and the
        // start of a flow"). The warm-up's own latencies are reported beside the figure.
        List<Map<String, Double>> atStart = new ArrayList<>();
        Steady steady = steady(tag, rate, steadyWarmup, seconds, cpu, () -> {
            atStart.add(metrics());
            atStart.add(metrics(RECEIVABLES_METRICS, "receivables", false));
        });
        Map<String, Double> metricsBefore = atStart.get(0);
        Map<String, Double> receivablesBefore = atStart.get(1);
        Map<String, Double> metricsAfter = metrics();
        Map<String, Double> receivablesAfter = metrics(RECEIVABLES_METRICS, "receivables", false);
        // The per-poll and per-pass work of each leg: how many transactions the steady state's records were cut into.
        double ingestPolls = delta(receivablesBefore, receivablesAfter, "ledgerline_ingest_poll_records_count");
        double ingestRecords = delta(receivablesBefore, receivablesAfter, "ledgerline_ingest_poll_records_sum");
        System.out.printf("Receivables during the steady state: %,.0f ingest polls of %,.0f records (%.1f each), "
                        + "%,.0f relay passes%n", ingestPolls, ingestRecords, ingestRecords / ingestPolls,
                delta(receivablesBefore, receivablesAfter, "ledgerline_outbox_pass_seconds_count{read}"));
        Polls polls = new Polls(delta(metricsBefore, metricsAfter, "ledgerline_reporting_poll_seconds_count"),
                delta(metricsBefore, metricsAfter, "ledgerline_reporting_poll_seconds_sum"),
                delta(metricsBefore, metricsAfter, "ledgerline_reporting_events_recorded_total"),
                metricsAfter.getOrDefault("ledgerline_reporting_poll_seconds_max", Double.NaN));
        System.out.printf("Reporting's polls during the steady state: %,.0f polls, %,.0f events, %.1f events/poll, "
                        + "%.1f ms/poll on average%n", polls.count, polls.events, polls.eventsPerPoll(), polls.meanMillis());
        System.out.printf("Steady state (%s) at %,d/s offered (%,.0f/s sent): send → aging record p50 %.0f ms, p99 %.0f ms;"
                        + " InvoiceIssued on receivables' topic → aging record p50 %.0f ms, p99 %.0f ms (%,d of %,d seen)%n",
                steady.phase.services(), rate, steady.sentRate, steady.endToEnd.p(50), steady.endToEnd.p(99),
                steady.reportingLeg.p(50), steady.reportingLeg.p(99), steady.endToEnd.count(), steady.sent);
        System.out.printf("  by the relays' sends: %s%n", steady.legs.describe());
        System.out.printf("  send → aging record p50 / p99 by when it was sent: %s%n", steady.bySlice());
        if (steady.warmupSeconds() > 0) {
            System.out.printf("  the %d s before (the same flow, not measured): p50 %.0f ms, p99 %.0f ms (%,d seen)%n",
                    steady.warmupSeconds(), steady.warmup().p(50), steady.warmup().p(99), steady.warmup().count());
        }
        System.out.printf("  CPU used per InvoiceIssued, ms: %s%n", steady.phase.cpuPer(steady.sent));
        System.out.printf("  Machine stalls during the steady state: %s%n", steady.stalls.sentence());

        WholeStackWindow wholeStack = null;
        if (options.containsKey("whole-stack-result")) {
            Path file = root.resolve(options.get("whole-stack-result"));
            if (Files.exists(file)) {
                wholeStack = WholeStackWindow.read(file);
                wholeStackFrom = options.getOrDefault("whole-stack-shared", "");
            } else {
                System.out.println("No whole-stack window in " + file + "; the report leaves that row out.");
            }
        }
        long scriptStart = Long.parseLong(options.getOrDefault("script-start-ms", "0"));
        String section = report(new Run(started, scriptStart, events, customers, workload, ingest, domainEvents,
                history, catchUp, catchUpPhase, pastDate, get, reads, rate, seconds, steady, months, trendUrl, packUrl,
                polls, wholeStack));
        if (outputFile != null) {
            Files.writeString(root.resolve(outputFile), section);
            System.out.println("Wrote the reporting report to " + outputFile);
        } else if (output != null) {
            writeSection(root.resolve(output), section);
            System.out.println("Wrote the reporting section of " + output);
        }
    }

    // ---- phases: which services ran, and the CPU they used ---------------------------------------------------

    /** A phase's wall time, the stack's services that ran through it, and each part's CPU seconds. */
    record Phase(double seconds, String services, Map<String, Double> cpu) {

        /** CPU milliseconds per unit of work of each part that used any, e.g. "receivables-service 1.2, ...". */
        String cpuPer(long units) {
            if (units <= 0 || cpu.isEmpty()) {
                return "not measured";
            }
            return cpu.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() * 1000 / units))
                    .collect(Collectors.joining(", "));
        }

        /** Each part's share of one core over the phase, e.g. "receivables-service 85 %, ...". */
        String cores() {
            if (seconds <= 0 || cpu.isEmpty()) {
                return "not measured";
            }
            return cpu.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                    .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue() / seconds))
                    .collect(Collectors.joining(", "));
        }
    }

    private static Phase phase(CpuSampler.Snapshot from, CpuSampler.Snapshot to) {
        Map<String, Double> used = CpuSampler.between(from, to);
        return new Phase((to.nanos() - from.nanos()) / 1e9, running(from, to), used);
    }

    /**
     * The stack's services that ran through the phase: their processes were there at both ends. A process found has
     * used some CPU since it started; a service absent from the machine stays at the sampler's 0.
     */
    private static String running(CpuSampler.Snapshot from, CpuSampler.Snapshot to) {
        List<String> names = SERVICES.stream().filter(s -> from.seconds().getOrDefault(s, 0.0) > 0
                && to.seconds().getOrDefault(s, 0.0) > 0).toList();
        List<String> started = SERVICES.stream().filter(s -> from.seconds().getOrDefault(s, 0.0) == 0
                && to.seconds().getOrDefault(s, 0.0) > 0).toList();
        String text = names.isEmpty() ? "no service" : String.join(" + ", names);
        return started.isEmpty() ? text : text + "; " + String.join(" + ", started) + " started during it";
    }

    // ---- 1. ingest --------------------------------------------------------------------------------------------

    private record Ingest(long records, double seconds) {
    }

    private static Ingest ingest(Workload workload) throws Exception {
        Map<TopicPartition, Long> from = endOffsets(Topics.RECEIVABLES_EVENTS);
        AtomicLong primary = new AtomicLong();
        AtomicLong lastPrimaryNanos = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread counter = Thread.ofPlatform().start(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
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
        try {
            while (primary.get() < workload.messages.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + primary.get() + " of " + workload.messages.size()
                            + " records accepted after 20 minutes");
                }
                Thread.sleep(100);
            }
        } finally {
            stop.set(true);
            counter.join();
        }
        return new Ingest(primary.get(), (lastPrimaryNanos.get() - start) / 1e9);
    }

    /** The topic's end offset once it has not moved for a second (at most 30 s). */
    private static long settledEnd(String topic) throws Exception {
        long last = -1;
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long end = endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
            if (end != last) {
                last = end;
                stableSince = System.nanoTime();
            } else if (System.nanoTime() - stableSince >= 1_000_000_000L || System.nanoTime() > deadline) {
                return end;
            }
            Thread.sleep(200);
        }
    }

    // ---- 2. catch-up ------------------------------------------------------------------------------------------

    /**
     * @param readySeconds     from the start request to the launcher's answer that the service is ready
     * @param processedSeconds from the start request to the last domain event recorded (its metrics) or committed
     * @param committedSeconds from the start request to its group's commit of the end of every domain topic
     * @param agingSeconds     from the start request to its portfolio aging equal to receivables'
     */
    private record CatchUp(long events, Map<String, Long> perTopic, double readySeconds, double processedSeconds,
                           double committedSeconds, double agingSeconds, Map<String, BigDecimal> open, String today) {
        double eventsPerSecond() {
            return events / processedSeconds;
        }
    }

    /** Receivables' portfolio open amount per currency as of today: what a complete reporting aging must show. */
    private static Map<String, BigDecimal> receivablesOpenAmounts() throws Exception {
        Map<String, BigDecimal> open = new TreeMap<>();
        for (JsonNode c : JSON.readTree(get(RECEIVABLES + "/aging")).path("currencies")) {
            open.put(c.path("currency").asText(), new BigDecimal(c.path("openItems").asText()).stripTrailingZeros());
        }
        return open;
    }

    /** Reporting's portfolio open amount per currency as of today, and the date it answered for. */
    private static Map<String, BigDecimal> reportingOpenAmounts(String body) throws IOException {
        Map<String, BigDecimal> open = new TreeMap<>();
        for (JsonNode g : JSON.readTree(body).path("groups")) {
            open.merge(g.path("currency").asText(), new BigDecimal(g.path("openAmount").asText()), BigDecimal::add);
        }
        open.replaceAll((currency, amount) -> amount.stripTrailingZeros());
        return open;
    }

    /** The business date reporting-service answers for (its clock, which tests and demos may set). */
    private static LocalDate serviceToday() throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"asOf\"\\s*:\\s*\"([0-9-]+)\"")
                .matcher(get(REPORTING + "/aging"));
        return m.find() ? LocalDate.parse(m.group(1)) : LocalDate.now(java.time.ZoneOffset.UTC);
    }

    private static CatchUp catchUp(Map<String, BigDecimal> receivablesOpen) throws Exception {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<String, Long> perTopic = new LinkedHashMap<>();
        for (String topic : DOMAIN_TOPICS) {
            Map<TopicPartition, Long> topicEnds = endOffsets(topic);
            ends.putAll(topicEnds);
            perTopic.put(topic, topicEnds.values().stream().mapToLong(Long::longValue).sum());
        }
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("Starting reporting-service through the launcher's control (%s); it reads %,d domain events"
                + " ...%n", CONTROL, total);
        long start = System.nanoTime();
        // The launcher answers once the service is ready; meanwhile the service already consumes.
        CompletableFuture<HttpResponse<String>> started = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(CONTROL + "/services/reporting-service/start"))
                        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofMinutes(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        double ready = Double.NaN;
        double processed = Double.NaN;
        double committed = Double.NaN;
        Map<String, BigDecimal> open = Map.of();
        String today = null;
        long deadline = start + Duration.ofMinutes(30).toNanos();
        while (true) {
            double now = (System.nanoTime() - start) / 1e9;
            if (Double.isNaN(ready) && started.isDone()) {
                HttpResponse<String> answer = started.join();
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("the launcher could not start reporting-service: "
                            + answer.statusCode() + " " + answer.body().trim());
                }
                ready = now;
                System.out.printf("  %s", answer.body());
            }
            if (Double.isNaN(processed)) {
                Map<String, Double> m = metrics(true);
                if (m.getOrDefault("ledgerline_reporting_events_recorded_total", 0.0)
                        + m.getOrDefault("ledgerline_reporting_events_skipped_total", 0.0) >= total) {
                    processed = now;
                }
            }
            if (Double.isNaN(committed) && committed(REPORTING_GROUP, ends.keySet()) >= total) {
                committed = now;
                if (Double.isNaN(processed)) {
                    processed = now; // its metrics said nothing (yet): the commit is the later bound
                }
            }
            if (!Double.isNaN(ready) && !Double.isNaN(processed)) {
                String body = get(REPORTING + "/aging");
                open = reportingOpenAmounts(body);
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"asOf\"\\s*:\\s*\"([0-9-]+)\"")
                        .matcher(body);
                today = m.find() ? m.group(1) : LocalDate.now().toString();
                if (open.equals(receivablesOpen)) {
                    double aging = (System.nanoTime() - start) / 1e9;
                    if (Double.isNaN(committed)) {
                        waitFor(() -> committed(REPORTING_GROUP, ends.keySet()) >= total, Duration.ofSeconds(30),
                                "reporting-service's group at the end of every domain topic");
                        committed = (System.nanoTime() - start) / 1e9;
                    }
                    return new CatchUp(total, perTopic, ready, processed, committed, aging, open, today);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reporting-service did not catch up within 30 minutes: its aging "
                        + open + ", receivables' " + receivablesOpen);
            }
            Thread.sleep(250);
        }
    }

    // ---- 3. portfolio GET -------------------------------------------------------------------------------------

    private static Latencies portfolioGets(LocalDate asOf, int count) throws Exception {
        String url = REPORTING + "/aging?asOf=" + asOf;
        for (int n = 0; n < 10; n++) {
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

    private record Polls(double count, double seconds, double events, double maxSeconds) {
        double eventsPerPoll() {
            return count == 0 ? Double.NaN : events / count;
        }

        double meanMillis() {
            return count == 0 ? Double.NaN : seconds / count * 1000;
        }
    }

    private static Map<String, Double> metrics() {
        return metrics(false);
    }

    /** reporting-service's own samples on /q/metrics, summed over labels, by name; empty when it does not answer. */
    private static Map<String, Double> metrics(boolean quiet) {
        return metrics(REPORTING_METRICS, "reporting", quiet);
    }

    /**
     * A service's own samples on /q/metrics ({@code ledgerline_*}), summed over labels, by name; a relay pass's read
     * stage also as {@code <name>{read}} (one read per pass: the passes' count). Empty when it does not answer.
     */
    private static Map<String, Double> metrics(String url, String service, boolean quiet) {
        Map<String, Double> values = new HashMap<>();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return values;
            }
            for (String line : response.body().split("\n")) {
                if (line.startsWith("ledgerline_")) {
                    String name = line.replaceFirst("[{ ].*", "");
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    values.merge(name, value, name.endsWith("_max") ? Math::max : Double::sum);
                    if (line.contains("stage=\"read\"")) {
                        values.merge(name + "{read}", value, name.endsWith("_max") ? Math::max : Double::sum);
                    }
                }
            }
        } catch (IOException | InterruptedException | NumberFormatException e) {
            if (!quiet) {
                System.out.println(service + "'s /q/metrics could not be read: " + e);
            }
        }
        return values;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
        return after.getOrDefault(name, Double.NaN) - before.getOrDefault(name, 0.0);
    }

    // ---- 4. steady state --------------------------------------------------------------------------------------

    private record Steady(long sent, double sentRate, Latencies endToEnd, Latencies reportingLeg, Legs legs,
                          Phase phase, MachineStalls.Stalls stalls, List<Latencies> slices, int warmupSeconds,
                          Latencies warmup) {

        /** "0-5 s p50 / p99, 5-10 s ...": the send → aging record latencies by when the record was sent. */
        String bySlice() {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < slices.size(); i++) {
                Latencies slice = slices.get(i);
                parts.add(slice.count() == 0 ? String.format("%d-%d s none", i * SLICE_SECONDS, (i + 1) * SLICE_SECONDS)
                        : LatencyBench.sliceText(i * SLICE_SECONDS, (i + 1) * SLICE_SECONDS, slice.p(50), slice.p(99)));
            }
            return String.join("; ", parts);
        }
    }

    /**
     * The way of each record split at the two relays' sends, by the Kafka records' CreateTime (the producer's clock
     * at {@code send()}, the same machine's clock as the benchmark's): the send to receivables' relay sending the
     * InvoiceIssued (receivables: ingest, decide, store, relay read); from there to reporting's relay sending the aging
     * record (the broker, reporting's fetch, its poll, its relay read); from there to the record seen here (the
     * broker's acks=all and this consumer's fetch).
     */
    record Legs(Latencies receivables, Latencies reporting, Latencies agingTopic) {
        Legs() {
            this(new Latencies(), new Latencies(), new Latencies());
        }

        String describe() {
            return String.format(Locale.ROOT, "send → InvoiceIssued sent by receivables' relay p50 %.0f / p99 %.0f ms; "
                            + "→ aging record sent by reporting's relay p50 %.0f / p99 %.0f ms; → seen p50 %.0f / "
                            + "p99 %.0f ms", receivables.p(50), receivables.p(99), reporting.p(50), reporting.p(99),
                    agingTopic.p(50), agingTopic.p(99));
        }
    }

    /**
     * One flow of new invoices at {@code rate}/s for {@code warmup + seconds} s: the first {@code warmup} s warm the
     * path up (their latencies kept apart, in {@link Steady#warmup}), the last {@code seconds} s are measured. One flow,
     * not two: a pause between them would start the measured part from idle again. {@code atMeasuredStart} runs (on a
     * thread of its own, so the sends keep their pace) when the first measured record is sent.
     */
    private static Steady steady(String tag, int rate, int warmup, int seconds, CpuSampler cpu,
                                 Runnable atMeasuredStart) throws Exception {
        if (rate <= 0 || seconds <= 0 || warmup < 0) {
            throw new IllegalArgumentException("a steady state needs a rate and seconds above 0 (and a warm-up of 0 or more)");
        }
        long warmupRecords = (long) rate * warmup;
        Latencies warmupLatencies = new Latencies();
        MachineStalls.Window[] machine = new MachineStalls.Window[1];
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> domainAt = new ConcurrentHashMap<>();
        Map<String, Long> sentAtMillis = new ConcurrentHashMap<>();
        Map<String, Long> domainCreated = new ConcurrentHashMap<>();
        Legs legs = new Legs();
        Latencies endToEnd = new Latencies();
        Latencies reportingLeg = new Latencies();
        // The same latencies by when the record was sent, a slice of SLICE_SECONDS each: where in the window the tail
        // is (the start of the flow, or spread through it).
        Latencies[] slices = new Latencies[Math.max(1, (seconds + SLICE_SECONDS - 1) / SLICE_SECONDS)];
        Arrays.setAll(slices, i -> new Latencies());
        String prefix = "LAT-" + tag + "-";
        // A steady flow of new invoices is dated the business day it arrives on (back-dated ones into a month
        // reporting has already built cost more: that month is reworked; see reporting-service/README.md).
        LocalDate issued = serviceToday();
        String issueDate = issued.toString();
        String dueDate = issued.plusDays(30).toString();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch watching = new CountDownLatch(1);
        Map<TopicPartition, Long> agingFrom = endOffsets(Topics.REPORTING_AGING);
        Map<TopicPartition, Long> domainFrom = endOffsets(Topics.RECEIVABLES_EVENTS);
        Thread watcher = Thread.ofPlatform().start(() -> {
            // One consumer for both topics: one fetch session and one poll loop, so a record of either topic is seen
            // as soon as its fetch returns. (Two consumers polled in turn, 5 ms each, made each topic's records wait up
            // to 5 ms for the other's poll to time out, and looped 400 times a second with a second fetch stream.)
            try (KafkaConsumer<byte[], byte[]> both = consumer()) {
                Map<TopicPartition, Long> from = new HashMap<>(agingFrom);
                from.putAll(domainFrom);
                both.assign(from.keySet());
                from.forEach(both::seek);
                // The consumer knows its partitions' leaders once it has fetched once: from then on a record is seen
                // as soon as it is there, so the clock may start.
                both.poll(Duration.ofMillis(200));
                watching.countDown();
                while (!stop.get()) {
                    // A poll returns as soon as a fetch brings records; the timeout only bounds an empty wait (and the
                    // stop's): with one consumer it delays nothing it measures.
                    ConsumerRecords<byte[], byte[]> polled = both.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    long nowMillis = System.currentTimeMillis();
                    // A poll's InvoiceIssued first, then its aging records: a record and its aging record fetched
                    // together still give that record's reporting leg.
                    for (ConsumerRecord<byte[], byte[]> r : polled.records(Topics.RECEIVABLES_EVENTS)) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        String type = header(r, "ce_type");
                        if (key.startsWith(prefix) && type != null && type.endsWith(".InvoiceIssued.v1")) {
                            domainAt.putIfAbsent(key, now);
                            domainCreated.putIfAbsent(key, r.timestamp());
                        }
                    }
                    for (ConsumerRecord<byte[], byte[]> r : polled.records(Topics.REPORTING_AGING)) {
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        if (!key.startsWith(prefix) || r.value() == null) {
                            continue;
                        }
                        String customer = key.substring(0, key.lastIndexOf('/'));
                        Long sent = sentAt.remove(customer);
                        long n = Long.parseLong(customer.substring(prefix.length()));
                        if (sent != null && n < warmupRecords) {
                            warmupLatencies.add((now - sent) / 1e6);
                            domainAt.remove(customer);
                            sentAtMillis.remove(customer);
                            domainCreated.remove(customer);
                        } else if (sent != null) {
                            endToEnd.add((now - sent) / 1e6);
                            int slice = (int) Math.min(slices.length - 1, (n - warmupRecords) / ((long) rate * SLICE_SECONDS));
                            slices[slice].add((now - sent) / 1e6);
                            Long domainSeen = domainAt.get(customer);
                            if (domainSeen != null) {
                                reportingLeg.add((now - domainSeen) / 1e6);
                            }
                            Long sentMillis = sentAtMillis.remove(customer);
                            Long created = domainCreated.get(customer);
                            if (sentMillis != null && created != null) {
                                legs.receivables().add(created - sentMillis);
                                legs.reporting().add(r.timestamp() - created);
                                legs.agingTopic().add(nowMillis - r.timestamp());
                            }
                        }
                    }
                }
            } finally {
                watching.countDown();
            }
        });
        if (!watching.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the steady state's consumers did not reach the broker within 30 s");
        }
        long total = (long) rate * (warmup + seconds);
        CpuSampler.Snapshot before = null;
        Thread measuredStart = null;
        long start = System.nanoTime();
        long measuredFrom = start;
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (long n = 0; n < total; n++) {
                long due = start + n * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                if (n == warmupRecords) {
                    before = cpu.take();
                    machine[0] = MachineStalls.shared().open();
                    measuredStart = Thread.ofVirtual().start(atMeasuredStart);
                    measuredFrom = System.nanoTime();
                }
                String customer = prefix + n;
                String value = """
                        {"invoiceId":"INV-%s","customerId":"%s","issueDate":"%s","dueDate":"%s",\
                        "currency":"EUR","amount":"125.00","description":"latency probe"}"""
                        .formatted(customer, customer, issueDate, dueDate);
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", utf8("1.0"));
                headers.add("ce_id", utf8(UUID.randomUUID().toString()));
                headers.add("ce_source", utf8("benchmark"));
                headers.add("ce_type", utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
                headers.add("content-type", utf8("application/json"));
                sentAt.put(customer, System.nanoTime());
                sentAtMillis.put(customer, System.currentTimeMillis());
                producer.send(new ProducerRecord<>(Topics.INGEST_INVOICES, null, utf8(customer), utf8(value), headers));
                if (n >= warmupRecords) {
                    sent++;
                }
            }
            producer.flush();
        }
        double sentRate = sent / ((System.nanoTime() - measuredFrom) / 1e9);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (endToEnd.count() < sent && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Phase phase = phase(before, cpu.take());
        stop.set(true);
        watcher.join();
        measuredStart.join();
        return new Steady(sent, sentRate, endToEnd, reportingLeg, legs, phase, machine[0].close(), List.of(slices),
                warmup, warmupLatencies);
    }

    /** Seconds of sending per slice of {@link Steady#slices}. */
    private static final int SLICE_SECONDS = 5;

    // ---- the whole-stack window (a reported row) --------------------------------------------------------------

    /** The steady state measured on the whole local stack, as run-reporting.sh hands it from that run to the main one. */
    record WholeStackWindow(int rate, int warmup, int seconds, long sent, double sentRate, long seen, double p50,
                            double p99, double max, double legP50, double legP99, double warmupP50, double warmupP99,
                            Phase phase) {

        void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("rate", Integer.toString(rate));
            p.setProperty("warmup", Integer.toString(warmup));
            p.setProperty("seconds", Integer.toString(seconds));
            p.setProperty("sent", Long.toString(sent));
            p.setProperty("sentRate", Double.toString(sentRate));
            p.setProperty("seen", Long.toString(seen));
            p.setProperty("p50", Double.toString(p50));
            p.setProperty("p99", Double.toString(p99));
            p.setProperty("max", Double.toString(max));
            p.setProperty("legP50", Double.toString(legP50));
            p.setProperty("legP99", Double.toString(legP99));
            p.setProperty("warmupP50", Double.toString(warmupP50));
            p.setProperty("warmupP99", Double.toString(warmupP99));
            p.setProperty("phase.seconds", Double.toString(phase.seconds()));
            p.setProperty("phase.services", phase.services());
            CpuSampler.store(p, phase.cpu());
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "whole-stack steady-state window (benchmarks/run-reporting.sh)");
            }
        }

        static WholeStackWindow read(Path file) throws IOException {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            Map<String, Double> cpu = CpuSampler.load(p);
            return new WholeStackWindow(Integer.parseInt(p.getProperty("rate")),
                    Integer.parseInt(p.getProperty("warmup")), Integer.parseInt(p.getProperty("seconds")),
                    Long.parseLong(p.getProperty("sent")), Double.parseDouble(p.getProperty("sentRate")),
                    Long.parseLong(p.getProperty("seen")), Double.parseDouble(p.getProperty("p50")),
                    Double.parseDouble(p.getProperty("p99")), Double.parseDouble(p.getProperty("max")),
                    Double.parseDouble(p.getProperty("legP50")), Double.parseDouble(p.getProperty("legP99")),
                    Double.parseDouble(p.getProperty("warmupP50")), Double.parseDouble(p.getProperty("warmupP99")),
                    new Phase(Double.parseDouble(p.getProperty("phase.seconds")), p.getProperty("phase.services"), cpu));
        }
    }

    private static void wholeStackWindow(Path out, String tag, int rate, int warmup, int seconds) throws Exception {
        CpuSampler cpu = new CpuSampler();
        System.out.printf("Whole stack: %d s at %,d InvoiceIssued/s to warm it up (not the reported figure), then %d s"
                + " measured, one flow ...%n", warmup, rate, seconds);
        Steady s = steady(tag, rate, warmup, seconds, cpu, () -> { });
        if (warmup > 0) {
            System.out.printf("  warm-up: p50 %.0f ms, p99 %.0f ms (%,d seen)%n", s.warmup().p(50), s.warmup().p(99),
                    s.warmup().count());
        }
        System.out.printf("  whole stack (%s): send → aging record p50 %.0f ms, p99 %.0f ms (%,d of %,d seen); CPU ms per "
                        + "InvoiceIssued: %s%n", s.phase.services(), s.endToEnd.p(50), s.endToEnd.p(99),
                s.endToEnd.count(), s.sent, s.phase.cpuPer(s.sent));
        new WholeStackWindow(rate, warmup, seconds, s.sent, s.sentRate, s.endToEnd.count(), s.endToEnd.p(50),
                s.endToEnd.p(99), s.endToEnd.max(), s.reportingLeg.p(50), s.reportingLeg.p(99),
                warmup == 0 ? Double.NaN : s.warmup().p(50), warmup == 0 ? Double.NaN : s.warmup().p(99),
                s.phase).write(out);
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

    private static long committed(String group, Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        return partitions.stream().map(offsets::get).filter(java.util.Objects::nonNull)
                .mapToLong(OffsetAndMetadata::offset).sum();
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        Admin admin = admin();
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** One admin client for the run (a new one per check would cost more CPU than the checks, every 250 ms). */
    private static Admin admin;

    private static synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
            admin = Admin.create(props);
        }
        return admin;
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

    private record Run(Instant started, long scriptStartMillis, int events, int customers, Workload workload,
                       Ingest ingest, long domainEvents, Phase history, CatchUp catchUp, Phase catchUpPhase,
                       LocalDate pastDate, Latencies get, Phase reads, int rate, int seconds, Steady steady,
                       MonthReads months, String trendUrl, String packUrl, Polls polls, WholeStackWindow wholeStack) {
    }

    private static String report(Run r) {
        String commit = System.getProperty("ledgerline.commit", "");
        String changed = System.getProperty("ledgerline.changed-files", "");
        Steady steady = r.steady;
        WholeStackWindow w = r.wholeStack;
        StringBuilder s = new StringBuilder();
        s.append("## Reporting\n\n");
        s.append("Written by `benchmarks/run-reporting.sh` (module `benchmarks/reporting`); run ")
                .append(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(r.started.atZone(java.time.ZoneOffset.UTC)))
                .append(String.format(Locale.ROOT, ", %,d ingest records for %,d customers.", r.events, r.customers))
                .append(String.format(Locale.ROOT, " Load average (1 min) at the start %s, at the end %s, on %d cores%s.",
                        LOAD_AT_START, load(), Runtime.getRuntime().availableProcessors(),
                        loadAbove(LOAD_AT_START) || loadAbove(load()) ? ": other work competed for the cores, so the figures"
                                + " are a floor of what the code does on an idle machine" : ""));
        if (r.scriptStartMillis > 0) {
            double minutes = (System.currentTimeMillis() - r.scriptStartMillis) / 60_000.0;
            s.append(String.format(Locale.ROOT, " The script had run %.1f min when this report was written (stack starts"
                    + " and the whole-stack window included; building and the last stack stop not).", minutes));
        }
        s.append("\n\n");
        // The target in the form run-all.sh collects into the page's summary (benchmarks/README.md).
        s.append("| target | figure | peer | ratio | met |\n|---|---:|---:|---:|---|\n");
        s.append(String.format(Locale.ROOT, "| Reporting steady state at %,d InvoiceIssued/s offered, ingest send → aging"
                        + " record: p99 < 500 ms (%s running%s) | p50 %.0f ms, p99 %.0f ms%s | — | — | %s |%n", r.rate,
                steady.phase.services(), steady.warmupSeconds() == 0 ? "" : String.format(Locale.ROOT,
                        "; %d s measured after %d s of the same flow", r.seconds, steady.warmupSeconds()),
                steady.endToEnd.p(50), steady.endToEnd.p(99),
                seen(steady.endToEnd.count(), steady.sent),
                steady.endToEnd.p(99) < 500 && steady.endToEnd.count() == steady.sent ? "met" : "NOT met"));
        if (w != null) {
            s.append(String.format(Locale.ROOT, "| Reporting steady state on the **whole local stack** (%s; fresh stack, "
                            + "%d s warm-up then %d s measured): send → aging record | p50 %.0f ms, p99 %.0f ms%s | — | — | "
                            + "reported |%n", w.phase.services(), w.warmup, w.seconds, w.p50, w.p99, seen(w.seen, w.sent)));
        }
        s.append("\n");
        s.append("Which services ran in each phase (Kafka, PostgreSQL and the stack's launcher always ran; the services "
                + "below are what the benchmark found running on the machine from this checkout at the start and end of "
                + "the phase):\n\n");
        s.append("| phase | services running | took |\n|---|---|---:|\n");
        if (w != null) {
            s.append(String.format(Locale.ROOT, "| whole-stack window (reported row; a fresh stack of its own, stopped "
                    + "after it) | %s | %.0f s (+ %d s warm-up) |%n", w.phase.services(), w.phase.seconds(), w.warmup));
        }
        s.append(String.format(Locale.ROOT, "| 1. history into receivables | %s | %.0f s |%n", r.history.services(),
                r.history.seconds()));
        s.append(String.format(Locale.ROOT, "| 2. catch-up | %s | %.0f s |%n", r.catchUpPhase.services(),
                r.catchUpPhase.seconds()));
        s.append(String.format(Locale.ROOT, "| 3. aging GETs, month reads | %s | %.0f s |%n", r.reads.services(),
                r.reads.seconds()));
        s.append(String.format(Locale.ROOT, "| 4. steady state (the target) | %s | %.0f s |%n%n", steady.phase.services(),
                steady.phase.seconds()));
        s.append("| figure | measured | target |\n|---|---:|---:|\n");
        s.append(String.format(Locale.ROOT, "| receivables ingest of the history (records accepted/s; %s) | %,.0f | |%n",
                r.history.services(), r.ingest.records / r.ingest.seconds));
        s.append(String.format(Locale.ROOT, "| **catch-up**: domain events/s read by reporting-service started after the "
                + "history (start-up included) | %,.0f | |%n", r.catchUp.eventsPerSecond()));
        s.append(String.format(Locale.ROOT, "| catch-up: time from the start request to a complete portfolio aging "
                + "(open amount per currency equal to receivables') | %.1f s | |%n", r.catchUp.agingSeconds));
        s.append(String.format(Locale.ROOT, "| **steady state** at %,d InvoiceIssued/s offered (%s): ingest send → aging "
                        + "record, p50 / p99 | %.0f / %.0f ms | p99 < 500 ms |%n", r.rate, steady.phase.services(),
                steady.endToEnd.p(50), steady.endToEnd.p(99)));
        s.append(String.format(Locale.ROOT, "| steady state: InvoiceIssued on `ledgerline.receivables.events` → aging "
                        + "record, p50 / p99 | %.0f / %.0f ms | |%n", steady.reportingLeg.p(50),
                steady.reportingLeg.p(99)));
        s.append(String.format(Locale.ROOT, "| steady state: machine stalls over %d ms (benchmarks/README.md, \"The"
                        + " machine's own stalls\"): a CPU's count, longest, in all; a thread's count, longest; the disk"
                        + " probe's slow syncs, count, longest | %d, %.0f ms, %.0f ms; %d, %.0f ms; %s | |%n",
                MachineStalls.THRESHOLD_MS, steady.stalls.count(), steady.stalls.longestMillis(),
                steady.stalls.totalMillis(), steady.stalls.heldCount(), steady.stalls.heldLongestMillis(),
                !steady.stalls.diskMeasured() ? "not measured" : String.format(Locale.ROOT, "%d, %.0f ms",
                        steady.stalls.diskCount(), steady.stalls.diskLongestMillis())));
        if (w != null) {
            s.append(String.format(Locale.ROOT, "| whole local stack (reported, not the target's path): send → aging "
                            + "record, p50 / p99; InvoiceIssued on receivables' topic → aging record, p50 / p99 | %.0f / %.0f "
                            + "ms; %.0f / %.0f ms | |%n", w.p50, w.p99, w.legP50, w.legP99));
        }
        s.append(String.format(Locale.ROOT, "| **portfolio aging** `GET /aging?asOf=%s` over %,d customers, p50 / p99 | "
                + "%.1f / %.1f ms | |%n", r.pastDate, r.customers, r.get.p(50), r.get.p(99)));
        s.append(String.format(Locale.ROOT, "| **KPI trend** `GET %s` (12 months), first call / then p50 / max of %d | "
                        + "%.0f / %.1f / %.1f ms | |%n", r.trendUrl.substring(REPORTING.length()), r.months.trend.count(),
                r.months.trendFirst, r.months.trend.p(50), r.months.trend.max()));
        s.append(String.format(Locale.ROOT, "| **month-end pack** `GET %s`, first call / then p50 / max of %d | %.0f / "
                        + "%.1f / %.1f ms | |%n", r.packUrl.substring(REPORTING.length()), r.months.pack.count(),
                r.months.packFirst, r.months.pack.p(50), r.months.pack.max()));
        s.append("\n");
        s.append(String.format(Locale.ROOT, "- History (%s): %,d records (%,d InvoiceIssued, %,d PaymentReceived, %,d "
                        + "CreditNoteIssued, %,d CustomerUpdated) accepted in %.1f s; %,d domain events on "
                        + "`ledgerline.receivables.events`. No other service consumed meanwhile, so the rate is "
                        + "receivables' own (the ingest benchmark's figure). CPU used per record, ms: %s.%s%n",
                r.history.services(), r.ingest.records, r.workload.countOf("InvoiceIssued"),
                r.workload.countOf("PaymentReceived"), r.workload.countOf("CreditNoteIssued"),
                r.workload.countOf("CustomerUpdated"), r.ingest.seconds, r.domainEvents, r.history.cpuPer(r.ingest.records),
                historyNote.isEmpty() ? "" : " " + historyNote));
        CatchUp c = r.catchUp;
        String topics = c.perTopic.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "`%s` %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
        s.append(String.format(Locale.ROOT, "- Catch-up: reporting-service (the built jar, as the launcher runs it, "
                        + "`-Xmx512m`, its own empty database and consumer group `%s`, its relays on) started through the "
                        + "launcher's control (`POST /services/reporting-service/start`) once the history was in, "
                        + "receivables-service running idle beside it. The domain topics held %,d events (%s; only "
                        + "receivables ran, so the other services' topics are empty in this run). Ready %.1f s after the "
                        + "start request; every event recorded (its `ledgerline_reporting_events_recorded_total` plus "
                        + "skipped) %.1f s after it; its group's commit at the end of every topic after %.1f s (commits "
                        + "are throttled, up to 5 s behind); its `GET /aging` (portfolio, today) had the same open amount "
                        + "per currency as receivables' `GET /aging` after %.1f s (%s). Events/s = events / time from "
                        + "the start request to the last event recorded. Cores used over the phase: %s.%n",
                REPORTING_GROUP, c.events, topics, c.readySeconds, c.processedSeconds, c.committedSeconds,
                c.agingSeconds, c.open, r.catchUpPhase.cores()));
        s.append(String.format(Locale.ROOT, "- Steady state (%s): %,d ingest InvoiceIssued records (%,.0f/s sent, one new "
                        + "customer each, so each yields one new aging key; each invoice dated the service's business day, due 30 days later, "
                        + "as a live flow of new invoices is), paced by the clock for %d s%s; latency from the "
                        + "send (before the broker's ack) to the record under the customer's key on "
                        + "`ledgerline.reporting.aging`, as a plain consumer on the same machine sees it: p50 %.0f ms, "
                        + "p99 %.0f ms, max %.0f ms (%,d of %,d seen within 60 s of the last send). Through receivables "
                        + "(decide, event store, relay) then reporting (consume, facts, aging decider, event store, "
                        + "relay). Split where each relay sends (the Kafka records' CreateTime, the same machine's "
                        + "clock): %s. CPU used per InvoiceIssued, ms: %s.%n",
                steady.phase.services(), steady.sent, steady.sentRate, r.seconds, steady.warmupSeconds() == 0 ? ""
                        : String.format(Locale.ROOT, ", right after %d s of the same flow that are not measured (a"
                        + " steady state, not a flow's start: benchmarks/README.md, \"Reporting's steady state, and"
                        + " the start of a flow\"; those records' p50 %.0f ms, p99 %.0f ms)", steady.warmupSeconds(),
                        steady.warmup().p(50), steady.warmup().p(99)), steady.endToEnd.p(50),
                steady.endToEnd.p(99), steady.endToEnd.max(), steady.endToEnd.count(), steady.sent,
                steady.legs.describe(), steady.phase.cpuPer(steady.sent)));
        s.append(String.format(Locale.ROOT, "- The measured records' send → aging record p50 / p99 by when each was "
                + "sent: %s.%n", steady.bySlice()));
        if (w != null) {
            s.append(String.format(Locale.ROOT, "- Whole local stack (reported row, measured first, %s: "
                            + "%s, fresh data folder, so no history; stopped before the phases above): the same records at "
                            + "%,d/s, first %d s to warm the freshly started JVMs up (p50 %.0f ms, p99 %.0f ms, not the "
                            + "figure), then %d s measured (%,.0f/s sent): p50 %.0f ms, p99 %.0f ms, max %.0f ms (%,d of "
                            + "%,d seen). Every service consumes receivables' events there, so the path shares the 2 cores "
                            + "with three more JVMs. CPU used per InvoiceIssued, ms: %s.%n",
                    wholeStackFrom.isEmpty() ? "in a stack of its own" : "right after the start of the ingest "
                            + "benchmark's whole stack, before that benchmark's own whole-stack window (run-all.sh "
                            + "shares the stack)",
                    w.phase.services(), w.rate, w.warmup, w.warmupP50, w.warmupP99, w.seconds, w.sentRate, w.p50,
                    w.p99, w.max, w.seen, w.sent, w.phase.cpuPer(w.sent)));
        } else {
            s.append("- The whole local stack was not measured this time (`--whole-stack-seconds 0`, or its window "
                    + "failed).\n");
        }
        s.append(String.format(Locale.ROOT, "- Inside reporting during the steady state (its `/q/metrics` before and "
                        + "after): %,.0f polls of %,.0f domain events, %.1f events per poll, %.1f ms per poll on average "
                        + "from the poll handed over to its transaction committed (`ledgerline_reporting_poll_seconds`; "
                        + "longest since start %.0f ms).%n", r.polls.count, r.polls.events, r.polls.eventsPerPoll(),
                r.polls.meanMillis(), r.polls.maxSeconds * 1000));
        s.append(String.format(Locale.ROOT, "- Portfolio aging: 10 warm-up then %d sequential `GET /aging?asOf=%s` with a "
                + "bearer token (portfolio, default buckets, by due date: the open-amount spans holding that date, read "
                + "from the read model the consumer keeps, bucketed in Java), timed by the client.%n", r.get.count(),
                r.pastDate));
        s.append(String.format(Locale.ROOT, "- Month reads: one call each of the 12-month trend and the month-end pack "
                + "(the first builds the months not built yet: every customer's money figures of each month, from the "
                + "facts), then %d sequential calls of each, timed by the client (too few for a p99: the max is "
                + "given).%n", r.months.trend.count()));
        s.append("- Code: commit `").append(commit).append("`").append(changed.isBlank() || changed.equals("0") ? ""
                : " with " + changed + " files changed in the working tree").append("; the local stack as "
                + "`deploy/run-local.sh --no-build` starts it (`LEDGERLINE_SERVICES=receivables` for phases 1-4, "
                + "every service for the whole-stack window), everything on one machine.\n\n");
        s.append("Reproduce: `benchmarks/run-reporting.sh` (builds, measures the whole-stack window in a fresh stack, "
                + "then the phases above in another, stops each).\n");
        return s.toString();
    }

    /** Nothing when every record was seen; otherwise how many, since the percentiles are of those only. */
    private static String seen(long seen, long sent) {
        return seen >= sent ? "" : String.format(Locale.ROOT, " (only %,d of %,d seen within 60 s of the last send)",
                seen, sent);
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
