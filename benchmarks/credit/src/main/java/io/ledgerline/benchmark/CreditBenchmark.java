package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;
import io.ledgerline.testsupport.identity.Tokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
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
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The credit-service benchmark (see benchmarks/README.md, "Credit"):
 * <ol>
 *   <li>receivables-service ingests the ingest benchmark's workload (its rate is measured: records/s);</li>
 *   <li>credit-service starts afterwards and consumes receivables' whole history from the start (events/s until
 *       every event is in its inbox, i.e. folded into exposure and committed);</li>
 *   <li>every customer gets a credit limit over REST (so its exposure is loaded in memory);</li>
 *   <li>wrk drives POST /credit-checks (a new order id each request, a random customer of all) and, beside it in the
 *       same run, GET /items/{id} of a minimal Quarkus service (the floor), at 4 and 16 connections.</li>
 * </ol>
 */
public final class CreditBenchmark {

    /**
     * Seconds of each commit-floor row, at most: the figure settles within seconds (5 s is some 20,000 to 40,000
     * commits, a p99 from hundreds above it), and run-all.sh has a time budget (10 s before 2026-12-03).
     */
    private static final int COMMIT_FLOOR_SECONDS = 5;

    /** Seconds of wrk before a 16-connection row (not measured): its path ran in the 4-connection row just before. */
    private static final int SETTLE_SECONDS = 3;
    /** Slices of the warm-up that waits for the JIT (see {@link #warmUntilCompiled}). */
    private static final int COMPILE_SLICE_SECONDS = 5;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private CreditBenchmark() {
    }

    record Ingest(long records, double seconds, long domainEvents) {
        double rate() {
            return records / seconds;
        }
    }

    /** CPU milliseconds per request of a measured row: the floor's, and a check's in credit-service and PostgreSQL. */
    record CpuPerRequest(double floorMillis, double creditMillis, double postgresMillis, double compilerMillis) {
    }

    /** CPU milliseconds per second of each process of the stack at rest, and credit-service's busiest threads. */
    record Idle(int seconds, double creditMillisPerSecond, double postgresMillisPerSecond,
                double receivablesMillisPerSecond, double kafkaMillisPerSecond, String creditThreads) {
    }

    record Consumption(String url, long events, double seconds, double startupSeconds) {
        double rate() {
            return events / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int customers = Integer.parseInt(options.getOrDefault("customers", "2000"));
        int events = Integer.parseInt(options.getOrDefault("events", "60000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        // 10 s of wrk before each measured row: after 3 s the first row (4 connections) still paid for the JIT's
        // compiles (credit-service CPU per check 1.48 ms, against 0.97 ms after 10 s and 0.23 ms in the later
        // 16-connection row); benchmarks/README.md, "Credit", the warm-up measured 2026-12-02.
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        // The 16-connection rows run paths the 4-connection rows just ran for warmup + seconds: what is left before
        // them is wrk's connections settling, not the JIT (their CPU per check was a quarter of the 4-connection
        // row's with either warm-up): a short warm-up (benchmarks/README.md, "How long it takes", 2026-12-02).
        int settle = Math.min(warmup, SETTLE_SECONDS);
        // Seconds of the stack at rest measured before the checks (0: none): what the services and PostgreSQL burn
        // per second when nothing happens, which every check row also pays.
        int idleSeconds = Integer.parseInt(options.getOrDefault("idle", "5"));
        // After the fixed warm-up the first row goes on warming in slices while credit-service's JIT compilers are
        // still busy, up to this many seconds more (0: the fixed warm-up only, as before 2026-12-02's evening).
        int compileWait = Integer.parseInt(options.getOrDefault("compile-wait", "20"));
        Path root = Path.of(System.getProperty("ledgerline.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("benchmarks/credit/target/bench-data");
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is not installed (Debian/Ubuntu: apt-get install wrk)");
        }
        deleteRecursively(work);
        Files.createDirectories(work.resolve("logs"));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);

        String runTag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Workload workload = Workload.generate(events, customers, runTag);
        workload.validateSample();
        System.out.printf("Workload: %,d ingest records for %,d customers%n", workload.messages.size(), customers);

        try (BenchStack stack = new BenchStack(root, work)) {
            stack.startPostgresAndKafka(List.of("receivables", "credit"));
            System.out.println("PostgreSQL on " + stack.pgPort + ", Kafka on " + stack.bootstrap);
            String receivables = stack.startService("receivables-service", "receivables", Map.of());
            System.out.println("receivables-service is ready; ingesting ...");
            Ingest ingest = ingest(stack, workload);
            System.out.printf("Ingest: %,d records in %.1f s = %,.0f records/s; %,d domain events%n",
                    ingest.records(), ingest.seconds(), ingest.rate(), ingest.domainEvents());

            System.out.println("Starting credit-service; it reads receivables' history from the start ...");
            Consumption consumption = consume(stack, ingest.domainEvents());
            System.out.printf("Consumption: %,d events in %.1f s = %,.0f events/s%n", consumption.events(),
                    consumption.seconds(), consumption.rate());

            String credit = consumption.url();
            // Order management's service account and the analyst setting limits, with tokens of the run's issuer.
            String checkerToken = Tokens.of("order-management", "operator");
            double limitsSeconds = limits(credit, runTag, customers, Tokens.of("benchmark.analyst", "credit-analyst"));
            System.out.printf("Limits set for %,d customers in %.1f s%n", customers, limitsSeconds);
            String floor = stack.startService("benchmarks/credit-floor", null, Map.of());
            Idle idle = idleSeconds > 0 ? idle(stack, credit, receivables, idleSeconds) : null;

            Path checkScript = work.resolve("check.lua");
            Files.writeString(checkScript, CHECK_LUA);
            Path floorScript = work.resolve("floor.lua");
            Files.writeString(floorScript, FLOOR_LUA);
            Map<Integer, Wrk.Result[]> results = new LinkedHashMap<>();
            Map<Integer, CpuPerRequest> cpu = new LinkedHashMap<>();
            ProcessCpu.CompileWarmup compileWarmup = null;
            for (int connections : List.of(4, 16)) {
                int rowWarmup = connections == 4 ? warmup : settle;
                Wrk.run(floor + "/items/1", connections, rowWarmup, floorScript, List.of());
                double floorCpu = stack.cpuSeconds(floor);
                Wrk.Result floorResult = Wrk.run(floor + "/items/1", connections, seconds, floorScript, List.of());
                floorCpu = stack.cpuSeconds(floor) - floorCpu;
                List<String> warmArgs = List.of("w" + connections, Integer.toString(customers), runTag, checkerToken);
                Wrk.run(credit + "/credit-checks", connections, rowWarmup, checkScript, warmArgs);
                if (connections == 4 && compileWait > 0) {
                    compileWarmup = warmUntilCompiled(stack, credit, connections, checkScript, customers, runTag,
                            checkerToken, compileWait);
                }
                List<String> args2 = List.of("m" + connections, Integer.toString(customers), runTag, checkerToken);
                var threadsBefore = ProcessCpu.threads(stack.pid(credit));
                double creditCpu = stack.cpuSeconds(credit);
                double postgresCpu = stack.postgresCpuSeconds();
                Wrk.Result creditResult = Wrk.run(credit + "/credit-checks", connections, seconds, checkScript, args2);
                creditCpu = stack.cpuSeconds(credit) - creditCpu;
                var busiest = ProcessCpu.busiestThreads(threadsBefore, ProcessCpu.threads(stack.pid(credit)), 1);
                System.out.printf("%2d connections: credit-service's busiest threads during the checks (CPU ms per"
                        + " check): %s%n", connections, String.join(", ", busiest.stream().limit(8)
                        .map(e -> String.format("%s %.3f", e.getKey(), e.getValue() / creditResult.requests()))
                        .toList()));
                double compilerCpu = ProcessCpu.compilerMillis(busiest) / 1000;
                postgresCpu = stack.postgresCpuSeconds() - postgresCpu;
                results.put(connections, new Wrk.Result[] {floorResult, creditResult});
                cpu.put(connections, new CpuPerRequest(floorCpu * 1000 / floorResult.requests(),
                        creditCpu * 1000 / creditResult.requests(), postgresCpu * 1000 / creditResult.requests(),
                        compilerCpu * 1000 / creditResult.requests()));
                System.out.printf("%2d connections: CPU per request: floor %.3f ms; credit check %.3f ms in"
                                + " credit-service + %.3f ms in PostgreSQL%n", connections,
                        cpu.get(connections).floorMillis(), cpu.get(connections).creditMillis(),
                        cpu.get(connections).postgresMillis());
                System.out.printf("%2d connections: floor %,.0f req/s p50 %.2f ms p99 %.2f ms | credit checks %,.0f"
                                + " req/s p50 %.2f ms p99 %.2f ms max %.1f ms (errors %d); machine stalls: floor's row %s,"
                                + " checks' row %s%n", connections,
                        floorResult.requestsPerSecond(), floorResult.p50Millis(), floorResult.p99Millis(),
                        creditResult.requestsPerSecond(), creditResult.p50Millis(), creditResult.p99Millis(),
                        creditResult.maxMillis(), creditResult.errors(), floorResult.stalls().cell(),
                        creditResult.stalls().cell());
            }
            Map<String, Long> outcomes = outcomes(stack);
            // What a check cannot be faster than: one durable transaction on the same PostgreSQL.
            Map<Integer, CommitFloor> commits = new LinkedHashMap<>();
            for (int connections : List.of(4, 16)) {
                CommitFloor floorOfCommits = commitFloor(stack, connections, Math.min(seconds, COMMIT_FLOOR_SECONDS));
                commits.put(connections, floorOfCommits);
                System.out.printf("%2d connections: bare INSERT + COMMIT %,.0f/s p50 %.2f ms p99 %.2f ms%n",
                        connections, floorOfCommits.rate(), floorOfCommits.p50Millis(), floorOfCommits.p99Millis());
            }
            String report = report(started, loadBefore, workload, ingest, consumption, limitsSeconds, results, cpu,
                    outcomes, commits, idle, compileWarmup, stack, customers, seconds, warmup, settle);
            System.out.println();
            System.out.println(report);
            String output = options.get("output");
            if (output != null) {
                writeSection(root.resolve(output), report);
                System.out.println("Wrote " + output);
            }
        }
        // The token issuer's HTTP server (test-support) has no stop of its own and would keep the JVM alive.
        System.exit(0);
    }

    // ------------------------------------------------------------------ phases

    private static Ingest ingest(BenchStack stack, Workload workload) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(stack.bootstrap))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.RECEIVABLES_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            for (Workload.Message m : workload.messages) {
                RecordHeaders headers = new RecordHeaders();
                headers.add(new RecordHeader("ce_specversion", bytes("1.0")));
                headers.add(new RecordHeader("ce_id", bytes(m.ceId())));
                headers.add(new RecordHeader("ce_source", bytes("benchmark")));
                headers.add(new RecordHeader("ce_type", bytes("io.ledgerline.ingest." + m.eventType() + ".v1")));
                headers.add(new RecordHeader("content-type", bytes("application/json")));
                producer.send(new ProducerRecord<>(m.topic(), null, m.key(), m.value(), headers));
            }
            producer.flush();
            long primary = 0;
            long all = 0;
            long lastPrimary = start;
            long lastAny = System.nanoTime();
            while (primary < workload.messages.size() || System.nanoTime() - lastAny < Duration.ofSeconds(5).toNanos()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    all++;
                    lastAny = System.nanoTime();
                    String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                    String name = type.substring("io.ledgerline.receivables.".length(), type.lastIndexOf(".v"));
                    if (KafkaBench.PRIMARY.contains(name)) {
                        primary++;
                        lastPrimary = System.nanoTime();
                    }
                }
                if (System.nanoTime() - start > Duration.ofMinutes(20).toNanos()) {
                    throw new IllegalStateException("ingest did not finish within 20 minutes (" + primary + " of "
                            + workload.messages.size() + ")");
                }
            }
            return new Ingest(primary, (lastPrimary - start) / 1e9, all);
        }
    }

    private static Consumption consume(BenchStack stack, long expected) throws Exception {
        AtomicLong firstSeen = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long launched = System.nanoTime();
        Thread poller = new Thread(() -> {
            while (done.get() == 0) {
                try (Connection c = stack.jdbc("credit")) {
                    while (done.get() == 0) {
                        try (ResultSet count = c.createStatement().executeQuery(
                                "SELECT count(*) FROM inbox WHERE consumer = 'credit-service'")) {
                            count.next();
                            long n = count.getLong(1);
                            if (n > 0) {
                                firstSeen.compareAndSet(0, System.nanoTime());
                            }
                            if (n >= expected) {
                                done.set(System.nanoTime());
                            }
                        }
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception notYet) {
                    // The service has not created its tables yet.
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "consumption-poller");
        poller.setDaemon(true);
        poller.start();
        // CREDIT_BENCH_JVM_OPTIONS (e.g. -XX:StartFlightRecording=filename=credit.jfr) reaches credit-service only.
        String jvmOptions = System.getenv().getOrDefault("CREDIT_BENCH_JVM_OPTIONS", "");
        String url = stack.startService("credit-service", "credit",
                jvmOptions.isBlank() ? Map.of() : Map.of("JAVA_TOOL_OPTIONS", jvmOptions));
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (done.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("credit did not consume " + expected + " events within 20 minutes");
            }
            Thread.sleep(100);
        }
        return new Consumption(url, expected, (done.get() - firstSeen.get()) / 1e9,
                (firstSeen.get() - launched) / 1e9);
    }

    /**
     * The stack at rest: after a short pause (the projection and the relay catch up on the limits just set), the CPU
     * each process uses over {@code seconds} with no request at all. What it costs per second is paid during the
     * check rows too, divided by their checks.
     */
    private static Idle idle(BenchStack stack, String credit, String receivables, int seconds) throws Exception {
        Thread.sleep(3000);
        var threadsBefore = ProcessCpu.threads(stack.pid(credit));
        double creditCpu = stack.cpuSeconds(credit);
        double receivablesCpu = stack.cpuSeconds(receivables);
        double postgresCpu = stack.postgresCpuSeconds();
        double kafkaCpu = stack.kafkaCpuSeconds();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        var threadsAfter = ProcessCpu.threads(stack.pid(credit));
        Idle idle = new Idle(seconds, (stack.cpuSeconds(credit) - creditCpu) * 1000 / elapsed,
                (stack.postgresCpuSeconds() - postgresCpu) * 1000 / elapsed,
                (stack.cpuSeconds(receivables) - receivablesCpu) * 1000 / elapsed,
                (stack.kafkaCpuSeconds() - kafkaCpu) * 1000 / elapsed,
                String.join(", ", ProcessCpu.busiestThreads(threadsBefore, threadsAfter, elapsed).stream().limit(6)
                        .map(e -> String.format("%s %.1f ms/s", e.getKey(), e.getValue())).toList()));
        System.out.printf("At rest for %d s: CPU per second %.1f ms credit-service, %.1f ms PostgreSQL, %.1f ms"
                        + " receivables-service, %.1f ms Kafka; credit-service's threads: %s%n", seconds,
                idle.creditMillisPerSecond(), idle.postgresMillisPerSecond(), idle.receivablesMillisPerSecond(),
                idle.kafkaMillisPerSecond(), idle.creditThreads());
        return idle;
    }

    /**
     * Goes on warming the first check row in slices of {@link #COMPILE_SLICE_SECONDS} while credit-service's JIT
     * compiler threads used more than {@link ProcessCpu#COMPILE_QUIET_MILLIS_PER_SECOND} per second in the last slice, for at most
     * {@code maxSeconds} in all. After the fixed warm-up they were still compiling: in a loaded run of 2026-12-02 the C1
     * and C2 threads were 1.9 of a check's 3.9 ms of CPU at 4 connections, and on 2 cores they take the cores the
     * checks wait for. A check is a call to a running service, which is compiled; what the compilers still cost in the
     * measured row is reported beside it.
     */
    private static ProcessCpu.CompileWarmup warmUntilCompiled(BenchStack stack, String credit, int connections, Path script,
                                                   int customers, String runTag, String token, int maxSeconds)
            throws Exception {
        // Each slice's checks are new orders of their own ("j<connections>-<seconds before it>").
        return ProcessCpu.warmUntilCompiled(stack.pid(credit), "credit-service's checks", 0, maxSeconds,
                COMPILE_SLICE_SECONDS, (slice, index) -> Wrk.run(credit + "/credit-checks", connections, slice, script,
                        List.of("j" + connections + "-" + index * COMPILE_SLICE_SECONDS, Integer.toString(customers),
                                runTag, token)));
    }

    private static double limits(String credit, String runTag, int customers, String token) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(8);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < customers; c++) {
            String customer = String.format("C-%s-%05d", runTag, c);
            inFlight.acquire();
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(credit + "/customers/" + customer
                                    + "/limits/EUR"))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                            .PUT(HttpRequest.BodyPublishers.ofString(
                                    "{\"limit\":\"100000.00\",\"reason\":\"benchmark limit\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release()));
        }
        for (var call : calls) {
            HttpResponse<String> response = call.get();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("setting a limit answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Map<String, Long> outcomes(BenchStack stack) throws Exception {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        try (Connection c = stack.jdbc("credit"); ResultSet rs = c.createStatement().executeQuery(
                "SELECT payload->>'outcome', count(*) FROM events WHERE event_type = 'OrderCreditChecked'"
                        + " GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                outcomes.put(rs.getString(1), rs.getLong(2));
            }
        }
        try (Connection c = stack.jdbc("credit"); ResultSet rs = c.createStatement().executeQuery(
                "SELECT payload->>'rule', count(*) FROM events WHERE event_type = 'CreditHoldPlaced'"
                        + " GROUP BY 1 ORDER BY 1")) {
            while (rs.next()) {
                outcomes.put("holds placed: " + rs.getString(1), rs.getLong(2));
            }
        }
        return outcomes;
    }

    /** Bare single-row transactions: how many, and how long each took from the client's side. */
    record CommitFloor(long transactions, double seconds, double p50Millis, double p99Millis) {
        double rate() {
            return transactions / seconds;
        }
    }

    /**
     * {@code connections} JDBC connections to the credit database, each committing one single-row INSERT after the
     * other (autocommit: INSERT and COMMIT in one round trip) for {@code seconds}: the rate and latency of a bare
     * durable transaction on the PostgreSQL the checks commit to, measured right after them.
     */
    private static CommitFloor commitFloor(BenchStack stack, int connections, int seconds) throws Exception {
        try (Connection c = stack.jdbc("credit")) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS benchmark_commit_floor"
                    + " (id bigserial PRIMARY KEY, worker int NOT NULL, at timestamptz NOT NULL DEFAULT now())");
        }
        List<long[]> latencies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        for (int w = 0; w < connections; w++) {
            long[] own = new long[400_000];
            latencies.add(own);
            int worker = w;
            Thread t = new Thread(() -> {
                int n = 0;
                try (Connection c = stack.jdbc("credit");
                     var insert = c.prepareStatement("INSERT INTO benchmark_commit_floor (worker) VALUES (?)")) {
                    c.setAutoCommit(true);
                    insert.setInt(1, worker);
                    while (System.nanoTime() < end && n < own.length - 1) {
                        long t0 = System.nanoTime();
                        insert.executeUpdate();
                        own[++n] = System.nanoTime() - t0;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                own[0] = n;
            }, "commit-floor-" + w);
            workers.add(t);
            t.start();
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = latencies.stream().mapToLong(l -> l[0]).sum();
        long[] all = new long[(int) total];
        int i = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 1, all, i, (int) l[0]);
            i += (int) l[0];
        }
        java.util.Arrays.sort(all);
        try (Connection c = stack.jdbc("credit")) {
            c.createStatement().execute("DROP TABLE benchmark_commit_floor");
        }
        return new CommitFloor(total, elapsed, all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1e6,
                all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6);
    }

    // ------------------------------------------------------------------ report

    private static double firstLoad(String loadavg) {
        try {
            return Double.parseDouble(loadavg.split("\\s+")[0]);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String report(ZonedDateTime started, String loadBefore, Workload workload, Ingest ingest,
                                 Consumption consumption, double limitsSeconds, Map<Integer, Wrk.Result[]> results,
                                 Map<Integer, CpuPerRequest> cpu, Map<String, Long> outcomes, Map<Integer, CommitFloor> commits, Idle idle, ProcessCpu.CompileWarmup compileWarmup, BenchStack stack,
                                 int customers, int seconds, int warmup, int settle)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("## Credit: order checks and consumption\n\n");
        md.append("Run ").append(STAMP.format(started)).append(" by `benchmarks/run-credit.sh`: ")
                .append(String.format("%,d", workload.messages.size())).append(" ingest records for ")
                .append(String.format("%,d", customers)).append(" customers, then credit checks with wrk.\n\n");
        Wrk.Result[] four = results.get(4);
        Wrk.Result[] sixteen = results.get(16);
        // The targets in the form run-all.sh collects into the page's summary (benchmarks/README.md).
        double ratio4 = four[1].requestsPerSecond() / four[0].requestsPerSecond();
        double ratio16 = sixteen[1].requestsPerSecond() / sixteen[0].requestsPerSecond();
        md.append("| target | figure | peer | ratio | met |\n|---|---:|---:|---:|---|\n");
        md.append(String.format("| Credit check p99 at 4 connections: < 20 ms | p99 %.1f ms | — | — | %s |%n",
                four[1].p99Millis(), four[1].p99Millis() < 20 ? "met" : "NOT met"));
        md.append(String.format("| Credit checks, 4 connections: ≥ 50 %% of the floor's requests/s | %,.0f checks/s"
                        + " | floor %,.0f req/s | %.0f %% | %s |%n", four[1].requestsPerSecond(),
                four[0].requestsPerSecond(), ratio4 * 100, ratio4 >= 0.5 ? "met" : "NOT met"));
        md.append(String.format("| Credit checks, 16 connections: ≥ 50 %% of the floor's requests/s | %,.0f checks/s"
                        + " | floor %,.0f req/s | %.0f %% | %s |%n%n", sixteen[1].requestsPerSecond(),
                sixteen[0].requestsPerSecond(), ratio16 * 100, ratio16 >= 0.5 ? "met" : "NOT met"));

        md.append("| connections | endpoint | requests/s | p50 | p90 | p99 | max | requests | errors |"
                + " machine stall: longest (count) |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (var entry : results.entrySet()) {
            String[] names = {"floor: GET /items/{id} (minimal Quarkus)", "POST /credit-checks"};
            for (int i = 0; i < 2; i++) {
                Wrk.Result r = entry.getValue()[i];
                md.append(String.format("| %d | %s | %,.0f | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %,d | %d | %s |%n",
                        entry.getKey(), names[i], r.requestsPerSecond(), r.p50Millis(), r.p90Millis(), r.p99Millis(),
                        r.maxMillis(), r.requests(), r.errors(), r.stalls().cell()));
            }
        }
        md.append("\nCPU per request in the measured rows (from /proc: what a request costs, which a shared machine"
                + " changes far less than the rates above):\n\n");
        md.append("| connections | floor: CPU per GET | check: credit-service CPU | of which its JIT compilers |"
                + " check: PostgreSQL CPU | check's credit-service CPU / floor's |\n|---:|---:|---:|---:|---:|---:|\n");
        cpu.forEach((connections, c) -> md.append(String.format("| %d | %.3f ms | %.3f ms | %.3f ms | %.3f ms |"
                        + " %.1f × |%n", connections, c.floorMillis(), c.creditMillis(), c.compilerMillis(),
                c.postgresMillis(), c.creditMillis() / c.floorMillis())));
        if (idle != null) {
            md.append(String.format("%nAt rest (the stack up, limits set, no request; %d s measured before the checks):"
                    + " CPU per second %.1f ms in credit-service, %.1f ms in PostgreSQL, %.1f ms in"
                    + " receivables-service, %.1f ms in the Kafka broker. credit-service's busiest threads: %s.%n",
                    idle.seconds(), idle.creditMillisPerSecond(), idle.postgresMillisPerSecond(),
                    idle.receivablesMillisPerSecond(), idle.kafkaMillisPerSecond(), idle.creditThreads()));
        }
        md.append("\nThe database's own floor, right after the checks on the same PostgreSQL: bare transactions of one"
                + " single-row INSERT each (JDBC, autocommit), one after the other on each connection, "
                + Math.min(seconds, COMMIT_FLOOR_SECONDS) + " s per row.\n\n");
        md.append("| connections | bare INSERT + COMMIT/s | p50 | p99 | credit checks/s | checks' p99 |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        commits.forEach((connections, c) -> md.append(String.format("| %d | %,.0f | %.2f ms | %.2f ms | %,.0f |"
                        + " %.2f ms |%n", connections, c.rate(), c.p50Millis(), c.p99Millis(),
                results.get(connections)[1].requestsPerSecond(), results.get(connections)[1].p99Millis())));
        md.append("\n| consumption | value |\n|---|---:|\n");
        md.append(String.format("| receivables ingest (records accepted/s, first send to last primary event) | %,.0f"
                + " records/s (%,d in %.1f s) |%n", ingest.rate(), ingest.records(), ingest.seconds()));
        md.append(String.format("| credit consumption of receivables' events (folded into exposure and committed) |"
                + " %,.0f events/s (%,d in %.1f s) |%n", consumption.rate(), consumption.events(), consumption.seconds()));
        md.append(String.format("| credit-service start until its first poll committed | %.1f s |%n",
                consumption.startupSeconds()));
        md.append(String.format("| limits set over REST (PUT, 8 at a time) | %,d in %.1f s |%n%n", customers,
                limitsSeconds));
        md.append("Checks recorded by outcome (warm-ups included): ");
        List<String> parts = new ArrayList<>();
        outcomes.forEach((k, v) -> parts.add(k + " " + String.format("%,d", v)));
        md.append(String.join(", ", parts)).append(".\n\n");

        md.append("### Machine and method\n\n");
        md.append("- ").append(Runtime.getRuntime().availableProcessors()).append(" cores, JDK ")
                .append(System.getProperty("java.vendor")).append(" ").append(System.getProperty("java.version"))
                .append("; ").append(stack.serverVersion().split(",")[0]).append(" (embedded, synchronous_commit=")
                .append(stack.setting("synchronous_commit")).append(", fsync=").append(stack.setting("fsync"))
                .append("); Kafka broker 4.1.1 (one KRaft node); wrk ").append("4.1.0\n");
        // The load right after the checks: what they competed with, beside what was there before the run started.
        String loadAfter;
        try {
            loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            loadAfter = "?";
        }
        int cores = Runtime.getRuntime().availableProcessors();
        boolean shared = firstLoad(loadBefore) > cores || firstLoad(loadAfter) > cores;
        md.append("- Load average (1, 5, 15 min) before the run: ").append(loadBefore).append("; right after the"
                + " credit checks: ").append(loadAfter).append(". ").append(shared
                ? "**The load was above the " + cores + " cores: other work (other engineers' builds and stacks) shared"
                + " the machine during this run**, so the figures are lower bounds; compare runs on a quiet machine.\n"
                : "The machine was not loaded beyond its cores by other work.\n");
        String jvmOptions = System.getenv().getOrDefault("CREDIT_BENCH_JVM_OPTIONS", "");
        if (!jvmOptions.isBlank()) {
            md.append("- credit-service ran with `").append(jvmOptions.replace("`", "'"))
                    .append("` (CREDIT_BENCH_JVM_OPTIONS, e.g. a JFR recording)\n");
        }
        String commit = System.getProperty("ledgerline.commit", "");
        if (!commit.isBlank()) {
            md.append("- Code: commit `").append(commit).append("` with ")
                    .append(System.getProperty("ledgerline.changed-files", "?")).append(" files changed in the"
                            + " working tree\n");
        }
        md.append("- The benchmark starts its own stack on free ports (so it never collides with a running local"
                + " stack): PostgreSQL as the local stack runs it, a Kafka broker from the local stack's jars and"
                + " settings, and the services' jars (`quarkus-run.jar`, started without the JDK's AOT cache) with the local stack's heaps (`-Xmx`/`-Xms` 1g for receivables-service, 512m for the others) and the local stack's environment.\n");
        md.append("- **Ingest**: the ingest benchmark's generator (CustomerUpdated, InvoiceIssued, PaymentReceived"
                + " with and without remittance, CreditNoteIssued), binary CloudEvents, to receivables-service alone;"
                + " records/s = primary domain events on `ledgerline.receivables.events` over the time from the first"
                + " send to the last of them.\n");
        md.append("- **Consumption**: credit-service starts once receivables is done and reads the topic from the"
                + " start (as a new service would); events/s = every receivables event over the time from its first"
                + " committed poll to the commit of the last event (its inbox row, written in the same transaction as"
                + " the facts and any hold).\n");
        md.append("- **Credit checks**: every customer first gets a limit of 100,000.00 EUR over REST (which also"
                + " loads its exposure into memory); then wrk, closed loop, ").append(warmup)
                .append(" s warm-up (").append(settle).append(" s before the 16-connection rows, whose paths the 4-connection"
                        + " rows just ran)").append(compileWarmup == null ? ""
                        : String.format(", the first check row's warm-up then going on in %d s slices while"
                                + " credit-service's JIT compiler threads used more than %.0f ms of CPU per second"
                                + " (this run: %d s more, the last slice's compilers %.0f ms/s)", COMPILE_SLICE_SECONDS,
                        ProcessCpu.COMPILE_QUIET_MILLIS_PER_SECOND, compileWarmup.seconds(),
                        compileWarmup.lastSliceCompilerMillisPerSecond())).append(" and ").append(seconds).append(" s measured per row, two threads, each request a"
                        + " new order id for a random customer of all ").append(String.format("%,d", customers))
                .append(", 50 to 2,000 EUR, with the bearer token of order management's service account (verified"
                        + " against the issuer's keys on first use, then answered from the identity library's cache of"
                        + " verified tokens while it is valid, as for any client that reuses its token). Each check records an OrderCreditChecked (order-id claim, append, version"
                        + " guard in one transaction sent as one round trip; checks arriving while a transaction commits share the next one), published by the outbox relay and projected into the"
                        + " held-order queue while the load runs. The floor is a minimal Quarkus service"
                        + " (`benchmarks/credit-floor`, quarkus-rest-jackson) answering GET /items/{id} from memory,"
                        + " measured the same way in the same run.\n");
        md.append(Wrk.PERCENTILES_NOTE);
        md.append(MachineStalls.methodNote());
        return md.toString();
    }

    private static void writeSection(Path file, String section) throws IOException {
        String begin = "<!-- credit:begin -->";
        String end = "<!-- credit:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "";
        if (text.isBlank()) {
            // A file of its own (run-all.sh's BENCHMARK_REPORT): the section alone, no markers to splice it by.
            Files.writeString(file, section.trim() + "\n");
            return;
        }
        String block = begin + "\n" + section.trim() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }

    // ------------------------------------------------------------------ helpers

    private static final String CHECK_LUA = """
            -- One new order id per request, for a random customer of all (args: prefix, customers, run tag, token).
            local counter = 0
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            function init(args)
              prefix = args[1]
              customers = tonumber(args[2])
              tag = args[3]
              auth = "Bearer " .. args[4]
              math.randomseed(tid * 7919 + 17)
            end
            function request()
              counter = counter + 1
              local body = string.format('{"orderId":"%s-%s-%d-%d","customerId":"C-%s-%05d","amount":"%d.00","currency":"EUR"}',
                tag, prefix, tid, counter, tag, math.random(0, customers - 1), math.random(50, 2000))
              return wrk.format("POST", "/credit-checks", {["Content-Type"] = "application/json", ["Authorization"] = auth}, body)
            end
            """;

    private static final String FLOOR_LUA = """
            -- GET /items/{id} for a random id of 2,000.
            function request()
              return wrk.format("GET", "/items/" .. math.random(0, 1999))
            end
            """;

    private static Properties producerProps(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--customers N] [--events N] [--seconds S] [--warmup S] [--idle S]"
                        + " [--compile-wait S]"
                        + " [--output docs/benchmarks.md]");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
