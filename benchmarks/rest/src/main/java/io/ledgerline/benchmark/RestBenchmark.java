package io.ledgerline.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.events.Topics;
import io.ledgerline.testsupport.identity.TestIssuer;
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
import java.math.BigDecimal;
import java.net.ConnectException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The REST benchmark (see benchmarks/README.md, "REST"):
 * <ol>
 *   <li>receivables-service starts on an empty database (its time to ready is measured) and ingests the ingest
 *       benchmark's workload, 2,000 customers of about 100 documents, through the ingest topics as an ERP would;
 *       the benchmark waits until the read models have every event;</li>
 *   <li>wrk drives GET /accounts/{id} and GET /accounts/{id}/open-items (a random customer of all, a bearer token),
 *       each beside a minimal Quarkus GET-by-id on the same database (benchmarks/rest-peer), at 4 and 16
 *       connections;</li>
 *   <li>wrk drives write-offs with If-Match (one connection per customer set, each carrying its accounts' ETags);</li>
 *   <li>receivables-service's resident memory after all of it.</li>
 * </ol>
 * Targets (issue "Performance", target 3 and 5): reads at least 50 % of the peer's requests/s at p99 below 10 ms
 * (4 connections); commands p99 below 20 ms; memory and start time reported.
 */
public final class RestBenchmark {

    /** What the quiesce before the first measured row did and left, for the report. */
    private static String quiesced = "not done";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double READ_RATIO_TARGET = 0.5;
    private static final double READ_P99_TARGET_MS = 10;
    private static final double COMMAND_P99_TARGET_MS = 20;
    private static final int COMMAND_CONNECTIONS = 4;
    private static final int COMMAND_ACCOUNTS_PER_CONNECTION = 25;
    /** The JIT warm-up of each GET path: at least this long (see {@link ProcessCpu#warmUntilCompiled}) ... */
    private static final int JIT_MIN_SECONDS = 6;
    /** ... in slices of this many seconds. */
    private static final int JIT_SLICE_SECONDS = 3;
    /** Seconds of wrk before a GET row whose path is already warm (not measured): connections, the machine settle. */
    private static final int SETTLE_SECONDS = 3;

    private RestBenchmark() {
    }

    /**
     * A service process, with where it answers and how long it took to be ready: one the benchmark started
     * ({@code process} set), or the receivables-service of a stack handed over (only its pid; NaN when its start was
     * not timed).
     */
    record Service(String name, Process process, long pid, String url, double readySeconds) {
        Service(String name, Process process, String url, double readySeconds) {
            this(name, process, process.pid(), url, readySeconds);
        }

        Memory memory() throws IOException {
            return Memory.of(pid);
        }
    }

    /**
     * The stack run-all.sh hands over at the end of the ingest → reporting chain (`run-rest.sh --stack-from FILE`):
     * receivables-service of the local stack the ingest benchmark started on an empty database, populated with that
     * benchmark's workload, with reporting-service stopped again after the reporting benchmark. {@code history} is
     * the ingest benchmark's record of it (run tag, customers, records, its start to ready), {@code after} what ran
     * on it since.
     */
    record Handed(Path file, java.util.Properties stack, java.util.Properties history, String serviceUrl, int pgPort,
                  String issuerUrl) {
        static Handed read(Path file, Map<String, String> options) throws IOException {
            java.util.Properties stack = load(file);
            java.util.Properties history = load(Path.of(stack.getProperty("history")));
            for (String key : List.of("runTag", "customers", "records", "receivablesPid")) {
                if (history.getProperty(key) == null) {
                    throw new IllegalStateException("the handed stack's history " + stack.getProperty("history")
                            + " has no " + key);
                }
            }
            return new Handed(file, stack, history, options.getOrDefault("service-url", "http://127.0.0.1:8081"),
                    Integer.parseInt(options.getOrDefault("pg-port", "5432")),
                    options.getOrDefault("issuer-url", "http://127.0.0.1:8090"));
        }

        private static java.util.Properties load(Path file) throws IOException {
            java.util.Properties p = new java.util.Properties();
            try (var in = Files.newBufferedReader(file)) {
                p.load(in);
            }
            return p;
        }

        String runTag() {
            return history.getProperty("runTag");
        }

        int customers() {
            return Integer.parseInt(history.getProperty("customers"));
        }

        long records() {
            return Long.parseLong(history.getProperty("records"));
        }

        double ingestSeconds() {
            return Double.parseDouble(history.getProperty("seconds", "NaN"));
        }

        long pid() {
            return Long.parseLong(history.getProperty("receivablesPid"));
        }

        double readySeconds() {
            return Double.parseDouble(history.getProperty("receivablesReadySeconds", "NaN"));
        }

        String note() {
            return history.getProperty("note", "") + " " + stack.getProperty("after", "");
        }

        /** A token from the stack's own issuer (the service verifies tokens against that issuer's JWKS). */
        String token(String user, String role) throws Exception {
            HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuerUrl
                            + "/token?user=" + user + "&role=" + role)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                throw new IllegalStateException("the stack's token issuer answered " + token.statusCode() + ": "
                        + token.body());
            }
            return token.body().trim();
        }
    }

    /** Resident memory now and at its peak, from /proc (KiB). */
    record Memory(long rssKib, long peakKib) {
        static Memory of(long pid) throws IOException {
            long rss = 0;
            long peak = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("VmHWM:")) {
                    peak = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return new Memory(rss, peak);
        }

        double rssMib() {
            return rssKib / 1024.0;
        }

        double peakMib() {
            return peakKib / 1024.0;
        }
    }

    record Populate(long records, double seconds, double readModelSeconds, List<RestChart.Sample> samples) {
        double rate() {
            return records / seconds;
        }
    }

    /** One wrk measurement of receivables beside the peer's at the same connections (peer null for commands). */
    /**
     * CPU milliseconds per request (the process's user + system time over the measured run, from /proc): what a
     * request costs the service and the peer, which a loaded machine hardly changes, unlike requests/s.
     */
    record Row(String endpoint, int connections, Wrk.Result service, Wrk.Result peer, double serviceCpuMs,
               double peerCpuMs) {
        double ratio() {
            return peer == null ? Double.NaN : service.requestsPerSecond() / peer.requestsPerSecond();
        }
    }

    private static final int COLD_ACCOUNTS = 200;

    /** First reads of accounts' open items, each account once: latencies as the client saw them. */
    record ColdReads(int reads, double p50Millis, double p99Millis, double maxMillis) {
    }

    /**
     * Write-offs one at a time on accounts no command touched before: each account's first, then its second (the
     * client's time for each request, nothing else sent meanwhile).
     */
    record FirstWriteOffs(int accounts, double firstP50, double firstP99, double firstMax, double secondP50,
                          double secondP99, double secondMax) {
    }

    public static void main(String[] args) {
        try {
            run(options(args));
        } catch (Throwable failed) {
            failed.printStackTrace();
            // Through System.exit, so the shutdown hook stops what was started (and the issuer's server ends).
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(Map<String, String> options) throws Exception {
        Handed handed = options.containsKey("handed") ? Handed.read(Path.of(options.get("handed")), options) : null;
        int customers = handed != null ? handed.customers()
                : Integer.parseInt(options.getOrDefault("customers", "2000"));
        int events = Integer.parseInt(options.getOrDefault("events", "200000"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        // 10 s of wrk before each measured row (and twice that at 16 connections before the reads): after 4 s the
        // write-offs, whose path nothing before them warms, still paid for the JIT's compiles (p99 61.4 against
        // 27.8 ms, CPU per write-off 3.6 against 1.8 ms); benchmarks/README.md, "REST", measured 2026-12-02.
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        // A GET row's own warm-up: its path has run at 16 connections on both services until their JIT was quiet
        // (below), so what is left before a row is wrk's connections and the other service's load just stopped.
        // The write-offs, whose path nothing before them runs, keep the whole warm-up (benchmarks/README.md, "How
        // long it takes", 2026-12-02).
        int settle = Math.min(warmup, SETTLE_SECONDS);
        // The write-offs' own warm-up, longer: after 10 s of them the service's JIT compiler still took 0.45 to 0.6 ms
        // of its CPU per write-off in the measured row (a quarter of it; 3 to 6 CPU-seconds in a 10-s row, the largest
        // difference between two runs of one build), after 30 s 0.2 to 0.3 ms; write-offs/s 444-492 against 521-647
        // (benchmarks/README.md, "The write-offs' warm-up", 2026-12-03).
        int commandWarmup = Integer.parseInt(options.getOrDefault("command-warmup", "30"));
        // --reads false: only the commands (for working on them; no report, which needs every row).
        boolean reads = Boolean.parseBoolean(options.getOrDefault("reads", "true"));
        if (!reads && options.containsKey("output")) {
            throw new IllegalArgumentException("--reads false measures the commands only: use it with --no-report");
        }
        Path root = Path.of(System.getProperty("ledgerline.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("benchmarks/rest/target/bench-data");
        if (!Wrk.available()) {
            throw new IllegalStateException("wrk is not installed (Debian/Ubuntu: apt-get install wrk)");
        }
        deleteRecursively(work);
        Files.createDirectories(work.resolve("logs"));
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        ZonedDateTime started = ZonedDateTime.now(ZoneOffset.UTC);

        String runTag = handed != null ? handed.runTag() : Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Workload workload = null;
        if (handed == null) {
            workload = Workload.generate(events, customers, runTag);
            workload.validateSample();
            System.out.printf("Workload: %,d ingest records for %,d customers%n", workload.messages.size(), customers);
        }

        BenchStack stack = new BenchStack(root, work);
        List<Service> processes = new ArrayList<>();
        // run-all.sh stops a benchmark with TERM: everything started here stops with it.
        Thread cleanup = new Thread(() -> {
            for (Service s : processes.reversed()) {
                stop(s.process());
            }
            stack.close();
        }, "rest-benchmark-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);

        Service receivables;
        String operator;
        String reader;
        String supervisor;
        Populate populate = null;
        if (handed != null) {
            // No stack start and no populating: the stack is the ingest benchmark's, after reporting's (run-all.sh).
            // Only PostgreSQL's port is needed here (the peer, the tables, the quiesce); the stack's owner stops it.
            stack.pgPort = handed.pgPort();
            long pid = handed.pid();
            String command = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
            if (!command.contains("receivables-service")) {
                throw new IllegalStateException("the handed stack's receivables-service (pid " + pid + ") is not running");
            }
            receivables = new Service("receivables-service", null, pid, handed.serviceUrl(), handed.readySeconds());
            operator = handed.token("benchmark.operator", "operator");
            reader = handed.token("benchmark.collector", "collector");
            supervisor = handed.token("benchmark.supervisor", "supervisor");
            System.out.printf("Handed stack (%s): receivables-service pid %d at %s, the ingest benchmark's %,d records"
                            + " for %,d customers (run tag %s) in it; its start to ready on the empty database was %.1f s%n",
                    handed.file(), pid, receivables.url(), handed.records(), customers, runTag, receivables.readySeconds());
            // Everything the earlier benchmarks sent is in the read models before anything is read or timed.
            awaitReadModels(receivables.url(), operator);
        } else {
            stack.startPostgresAndKafka(List.of("receivables"));
            System.out.println("PostgreSQL on " + stack.pgPort + ", Kafka on " + stack.bootstrap);
            // REST_BENCH_JVM_OPTIONS (e.g. -XX:StartFlightRecording=filename=receivables.jfr,settings=profile) reaches
            // receivables-service only.
            String jvmOptions = System.getenv().getOrDefault("REST_BENCH_JVM_OPTIONS", "");
            receivables = startReceivables(stack, jvmOptions);
            processes.add(receivables);
            System.out.printf("receivables-service ready %.1f s after its start (empty database: migrations included)%n",
                    receivables.readySeconds());

            operator = Tokens.of("benchmark.operator", "operator");
            reader = Tokens.of("benchmark.collector", "collector");
            supervisor = Tokens.of("benchmark.supervisor", "supervisor");
            populate = populate(stack, workload, receivables.url(), operator);
            System.out.printf("Populated: %,d records in %.1f s (%,.0f records/s); read models complete %.1f s after"
                            + " the first send%n", populate.records(), populate.seconds(), populate.rate(),
                    populate.readModelSeconds());
        }
        Map<String, Long> tables = tableSizes(stack);
        System.out.println("Tables: " + tables);

        Service peer = startPeer(stack);
        processes.add(peer);
        System.out.printf("peer ready %.1f s after its start%n", peer.readySeconds());

        // The last COLD_ACCOUNTS customers are never read by wrk: their open items are read once each, afterwards,
        // to show what a first read costs (the answer computed from the events, not kept from an earlier read).
        int cold = Math.min(COLD_ACCOUNTS, customers / 4);
        String picked = Integer.toString(customers - cold);
        Path getScript = work.resolve("get.lua");
        Files.writeString(getScript, GET_LUA);
        // Both services compile their hot paths before anything is measured: the first stage would otherwise pay
        // for the JIT (on 2 shared cores, for several seconds). Each path runs until the service's compilers are quiet
        // (at least JIT_MIN_SECONDS, at most 2 × warmup: what a fixed 2 × warmup ran before 2026-12-03).
        List<String> jitWarmups = new ArrayList<>();
        for (String suffix : reads ? List.of("", "/open-items") : List.<String>of()) {
            String path = "GET /accounts/{id}" + suffix;
            ProcessCpu.CompileWarmup w = ProcessCpu.warmUntilCompiled(receivables.pid(), "receivables-service's "
                    + path, JIT_MIN_SECONDS, 2 * warmup, JIT_SLICE_SECONDS, (slice, index) -> Wrk.run(
                    receivables.url(), 16, slice, getScript, List.of(suffix, picked, runTag, reader)));
            jitWarmups.add(String.format(Locale.ROOT, "`%s` %d s (the compilers' last %d s: %.0f ms/s)", path,
                    w.seconds(), JIT_SLICE_SECONDS, w.lastSliceCompilerMillisPerSecond()));
        }
        if (reads) {
            ProcessCpu.CompileWarmup w = ProcessCpu.warmUntilCompiled(peer.pid(), "the peer's GET", JIT_MIN_SECONDS,
                    2 * warmup, JIT_SLICE_SECONDS, (slice, index) -> Wrk.run(peer.url(), 16, slice, getScript,
                            List.of("", picked, runTag, reader)));
            jitWarmups.add(String.format(Locale.ROOT, "the peer %d s (%.0f ms/s)", w.seconds(),
                    w.lastSliceCompilerMillisPerSecond()));
        }
        // The first measured row used to pay for the populating's aftermath on both sides (the peer's p99 too):
        // autovacuum/autoanalyze of the ~1,000,000 rows just written, a checkpoint, the kernel writing them back.
        // Done here, before any row, instead (benchmarks/README.md, "Quiet before measuring").
        quiesced = Quiesce.before("the first measured row", stack.jdbcUrl("receivables"), "postgres", "postgres",
                true, 60).describe();
        List<Row> rows = new ArrayList<>();
        for (int connections : reads ? List.of(4, 16) : List.of(4)) {
            for (String suffix : reads ? List.of("", "/open-items") : List.of("")) {
                List<String> luaArgs = List.of(suffix, picked, runTag, reader);
                List<String> peerArgs = List.of("", picked, runTag, reader);
                Wrk.run(peer.url(), connections, settle, getScript, peerArgs);
                double peerCpu = cpuMillis(peer.pid());
                double peerPg = stack.postgresCpuSeconds();
                Wrk.Result peerResult = Wrk.run(peer.url(), connections, seconds, getScript, peerArgs);
                peerCpu = (cpuMillis(peer.pid()) - peerCpu) / Math.max(1, peerResult.requests());
                peerPg = (stack.postgresCpuSeconds() - peerPg) * 1000 / Math.max(1, peerResult.requests());
                Wrk.run(receivables.url(), connections, settle, getScript, luaArgs);
                double cpu = cpuMillis(receivables.pid());
                double pg = stack.postgresCpuSeconds();
                Wrk.Result result = Wrk.run(receivables.url(), connections, seconds, getScript, luaArgs);
                cpu = (cpuMillis(receivables.pid()) - cpu) / Math.max(1, result.requests());
                // PostgreSQL's CPU per request too (all its processes; NaN on a handed stack, whose data directory is
                // not this benchmark's): what the service's queries cost the database beside the peer's one row.
                pg = (stack.postgresCpuSeconds() - pg) * 1000 / Math.max(1, result.requests());
                Row row = new Row("GET /accounts/{id}" + suffix, connections, result, peerResult, cpu, peerCpu);
                rows.add(row);
                System.out.println("   machine after the row: " + Quiesce.State.now().describe());
                System.out.printf("%2d connections: peer %,.0f req/s p99 %.2f ms | %s %,.0f req/s p50 %.2f ms p99 %.2f"
                                + " ms max %.1f ms (errors %d) = %.0f %% of the peer; CPU per request %.3f ms, peer %.3f"
                                + " ms; PostgreSQL's CPU per request %.3f ms, beside the peer %.3f ms; machine stalls:"
                                + " the row %s, the peer's %s%n",
                        connections, peerResult.requestsPerSecond(), peerResult.p99Millis(), row.endpoint(),
                        result.requestsPerSecond(), result.p50Millis(), result.p99Millis(), result.maxMillis(),
                        result.errors(), row.ratio() * 100, cpu, peerCpu, pg, peerPg, result.stalls().cell(),
                        peerResult.stalls().cell());
            }
        }

        List<String> coldIds = new ArrayList<>();
        for (int c = customers - cold; c < customers; c++) {
            coldIds.add(String.format("C-%s-%05d", runTag, c));
        }
        ColdReads coldReads = reads ? coldReads(receivables.url(), reader, coldIds) : null;
        if (coldReads != null) {
            System.out.printf("open items, first read of %d accounts (4 at a time): p50 %.2f ms p99 %.2f ms%n",
                    coldReads.reads(), coldReads.p50Millis(), coldReads.p99Millis());
        }

        Path commandScript = work.resolve("write-off.lua");
        Files.writeString(commandScript, WRITE_OFF_LUA);
        List<String> accounts = commandAccounts(receivables.url(), reader, customers, runTag);
        int perRun = COMMAND_CONNECTIONS * COMMAND_ACCOUNTS_PER_CONNECTION;
        // Warm-up and measurement write off on different accounts, so each starts from ETags read just before it.
        Path warmFiles = commandFiles(work, "warm", receivables.url(), reader, accounts.subList(0, perRun));
        Wrk.run(receivables.url(), COMMAND_CONNECTIONS, COMMAND_CONNECTIONS, commandWarmup, commandScript,
                List.of(warmFiles.toString(), supervisor));
        Path measuredFiles = commandFiles(work, "measured", receivables.url(), reader,
                accounts.subList(perRun, 2 * perRun));
        double commandCpu = cpuMillis(receivables.pid());
        // The service's own stage histograms over the row (relay passes and held-back looks per write-off, projection
        // batches) and its JIT compiler's share of its CPU: what its CPU per write-off went to, printed for whoever
        // compares two builds.
        ServiceHistograms histograms = new ServiceHistograms(receivables.url());
        ServiceHistograms.Snapshot commandsBefore = histograms.take();
        double commandJit = jitMillis(receivables.pid());
        Wrk.Result commands = Wrk.run(receivables.url(), COMMAND_CONNECTIONS, COMMAND_CONNECTIONS, seconds,
                commandScript, List.of(measuredFiles.toString(), supervisor));
        Row commandRow = new Row("POST /accounts/{id}/invoices/{i}/write-offs with If-Match", COMMAND_CONNECTIONS,
                commands, null,
                (cpuMillis(receivables.pid()) - commandCpu) / Math.max(1, commands.requests()), Double.NaN);
        double commandJitPerWriteOff = (jitMillis(receivables.pid()) - commandJit) / Math.max(1, commands.requests());
        System.out.printf("%2d connections: write-offs with If-Match %,.0f req/s p50 %.2f ms p99 %.2f ms max %.1f ms"
                        + " (errors %d), CPU per write-off %.3f ms, of which the JIT compiler's %.3f ms; machine stalls"
                        + " %s%n", COMMAND_CONNECTIONS, commands.requestsPerSecond(), commands.p50Millis(),
                commands.p99Millis(), commands.maxMillis(), commands.errors(), commandRow.serviceCpuMs(),
                commandJitPerWriteOff, commands.stalls().cell());
        ServiceHistograms.describe(commandsBefore, histograms.take()).forEach(line -> System.out.println("  " + line));
        // The row above (the target's) includes each of its 100 accounts' first write-off, which folds the account's
        // whole stream (1.6 % of the requests at 600/s: more than p99 leaves out). The same accounts once more, ETags
        // read again, shows the write-offs without those first loads beside it (reported, not the target's figure).
        // The ETags come from GET /accounts/{id}, which answers the version the read models have applied: read them
        // only once the projections have applied the row's last write-offs, or a stale ETag is (rightly) refused.
        awaitReadModels(receivables.url(), operator);
        Path againFiles = commandFiles(work, "again", receivables.url(), reader, accounts.subList(perRun, 2 * perRun));
        double againCpu = cpuMillis(receivables.pid());
        double againJit = jitMillis(receivables.pid());
        Wrk.Result again = Wrk.run(receivables.url(), COMMAND_CONNECTIONS, COMMAND_CONNECTIONS, seconds,
                commandScript, List.of(againFiles.toString(), supervisor));
        Row againRow = new Row("POST /accounts/{id}/invoices/{i}/write-offs with If-Match, the same accounts again",
                COMMAND_CONNECTIONS, again, null,
                (cpuMillis(receivables.pid()) - againCpu) / Math.max(1, again.requests()), Double.NaN);
        System.out.printf("%2d connections: write-offs with If-Match on the same accounts again %,.0f req/s p50 %.2f ms"
                        + " p99 %.2f ms (errors %d), CPU per write-off %.3f ms, of which the JIT compiler's %.3f ms%n",
                COMMAND_CONNECTIONS, again.requestsPerSecond(), again.p50Millis(), again.p99Millis(), again.errors(),
                againRow.serviceCpuMs(), (jitMillis(receivables.pid()) - againJit) / Math.max(1, again.requests()));

        // Each of the row's first write-offs is a request among thousands; timed alone here, on accounts no command
        // touched before (the ones after the rows' 200), first and then second write-off on each, one at a time.
        FirstWriteOffs firstWriteOffs = null;
        if (accounts.size() > 2 * perRun) {
            // Once the rows' background work (projecting their write-offs) is done: otherwise the first pass would
            // compete with it and the second not.
            awaitReadModels(receivables.url(), operator);
            firstWriteOffs = firstWriteOffs(receivables.url(), reader, supervisor,
                    accounts.subList(2 * perRun, Math.min(accounts.size(), 3 * perRun)));
            System.out.printf("write-offs one at a time on %d accounts: the first on each p50 %.2f ms p99 %.2f ms max %.1f"
                            + " ms; the second p50 %.2f ms p99 %.2f ms max %.1f ms%n", firstWriteOffs.accounts(),
                    firstWriteOffs.firstP50(), firstWriteOffs.firstP99(), firstWriteOffs.firstMax(),
                    firstWriteOffs.secondP50(), firstWriteOffs.secondP99(), firstWriteOffs.secondMax());
        }

        Memory memory = receivables.memory();
        Memory peerMemory = peer.memory();
        System.out.printf("receivables-service RSS after the benchmark %.0f MiB (peak %.0f MiB); peer %.0f MiB%n",
                memory.rssMib(), memory.peakMib(), peerMemory.rssMib());

        String chartName = options.getOrDefault("chart-name", "benchmarks-rest.svg");
        Path chart = options.containsKey("chart") ? root.resolve(options.get("chart"))
                : work.resolve(chartName);
        List<RestChart.Stage> stages = new ArrayList<>();
        for (Row r : rows) {
            stages.add(new RestChart.Stage(r.endpoint() + ", " + r.connections() + " conn.",
                    r.service().requestsPerSecond(), r.service().p99Millis(), r.peer().requestsPerSecond(),
                    r.peer().p99Millis()));
        }
        stages.add(new RestChart.Stage("write-off with If-Match, 4 conn.", commands.requestsPerSecond(),
                commands.p99Millis(), Double.NaN, Double.NaN));
        Files.createDirectories(chart.toAbsolutePath().getParent());
        Files.writeString(chart, RestChart.svg("receivables-service REST benchmark, run " + STAMP.format(started)
                + ", commit " + System.getProperty("ledgerline.commit", "?"),
                populate == null ? List.of() : populate.samples(), stages));
        System.out.println("Chart: " + root.relativize(chart.toAbsolutePath()));

        if (!reads) {
            System.out.printf("CPU per write-off %.3f ms; load average now %s%n", commandRow.serviceCpuMs(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            return;
        }
        String report = report(started, loadBefore, workload, customers, populate, tables, rows, commandRow, againRow,
                coldReads, firstWriteOffs,
                receivables, memory, peer, peerMemory, stack, seconds, warmup, commandWarmup, settle,
                String.join(", ", jitWarmups), chart.getFileName().toString(),
                handed);
        System.out.println();
        System.out.println(report);
        String output = options.get("output");
        if (output != null) {
            Files.writeString(root.resolve(output), report);
            System.out.println("Wrote " + output);
        }
        // main exits through System.exit: the shutdown hook stops the services, Kafka and PostgreSQL, and the token
        // issuer's HTTP server (test-support), which has no stop of its own, would keep the JVM alive otherwise.
    }

    // ------------------------------------------------------------------ services

    private static Service startReceivables(BenchStack stack, String jvmOptions) throws Exception {
        Path runner = stack.root.resolve("receivables-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing; build first");
        }
        int port = BenchStack.freePort();
        // The stack's convention: management (health, metrics) on the HTTP port + 1000.
        int management = port + 1000;
        Path log = stack.work.resolve("logs/receivables-service.log");
        ProcessBuilder builder = new ProcessBuilder(BenchStack.java(), "-Xmx" + BenchStack.heap("receivables-service"),
                BenchStack.GC_PAUSE_GOAL, "-jar", runner.toString())
                .directory(runner.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + stack.pgPort + "/receivables");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", stack.jdbcUrl("receivables"));
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrap);
        TestIssuer issuer = TestIssuer.shared();
        env.put("MP_JWT_VERIFY_ISSUER", issuer.url());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", TestIssuer.AUDIENCE);
        if (!jvmOptions.isBlank()) {
            env.put("JAVA_TOOL_OPTIONS", jvmOptions);
        }
        long start = System.nanoTime();
        Process process = builder.start();
        awaitOk(process, "http://127.0.0.1:" + management + "/q/health/ready", log);
        return new Service("receivables-service", process, "http://127.0.0.1:" + port, (System.nanoTime() - start) / 1e9);
    }

    private static Service startPeer(BenchStack stack) throws Exception {
        Path runner = stack.root.resolve("benchmarks/rest-peer/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing; build first");
        }
        int port = BenchStack.freePort();
        Path log = stack.work.resolve("logs/rest-peer.log");
        // The same pause goal as the service's: the peer's p99 stands beside it.
        ProcessBuilder builder = new ProcessBuilder(BenchStack.java(), "-Xmx512m", BenchStack.GC_PAUSE_GOAL, "-jar",
                runner.toString())
                .directory(runner.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://127.0.0.1:" + stack.pgPort + "/receivables");
        long start = System.nanoTime();
        Process process = builder.start();
        String url = "http://127.0.0.1:" + port;
        awaitOk(process, url + "/accounts/" + firstCustomer(stack), log);
        return new Service("peer", process, url, (System.nanoTime() - start) / 1e9);
    }

    /** User + system CPU the process has used so far, in milliseconds (/proc/PID/stat; NaN if /proc cannot tell). */
    private static double cpuMillis(long pid) {
        return ProcessCpu.seconds(pid) * 1000;
    }

    /**
     * CPU time (ms) of the process's JIT compiler threads: part of {@link #cpuMillis} that a warmer service would not
     * spend. Ten seconds of write-offs after the warm-up still paid 3 to 6 s of it, the largest difference between two
     * runs of the same build.
     */
    private static double jitMillis(long pid) {
        return ProcessCpu.compilerSeconds(pid) * 1000;
    }

    private static String firstCustomer(BenchStack stack) throws Exception {
        try (Connection c = stack.jdbc("receivables");
             ResultSet rs = c.createStatement().executeQuery("SELECT min(customer_id) FROM account_view")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void awaitOk(Process process, String url, Path log) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("a service exited during start; see " + log);
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // still starting
            } catch (IOException e) {
                // connection reset while the server comes up
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " was not ready within 180 s; see " + log);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ populating

    /**
     * The workload through the ingest topics as an ERP would send it, until every record's primary event is on the
     * domain topic and the read models hold every event of the store. Sampled once a second for the chart (the read
     * model's backlog every 5 s while ingest runs).
     */
    private static Populate populate(BenchStack stack, Workload workload, String url, String operatorToken)
            throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<RestChart.Sample> samples = new ArrayList<>();
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
            long lastPrimary = start;
            long nextSample = start + 1_000_000_000L;
            long primaryAtLastSample = 0;
            long lastSampleAt = start;
            long behind = -1;
            long readModelDone = 0;
            long deadline = start + Duration.ofMinutes(20).toNanos();
            while (primary < workload.messages.size() || readModelDone == 0) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                    String name = type.substring("io.ledgerline.receivables.".length(), type.lastIndexOf(".v"));
                    if (KafkaBench.PRIMARY.contains(name)) {
                        primary++;
                        lastPrimary = System.nanoTime();
                    }
                }
                long now = System.nanoTime();
                if (now >= nextSample) {
                    // The backlog is counted by the service with count(*): asked every 5 s while ingest runs, so
                    // the asking does not slow what it watches, and every second once every record is in.
                    long read = primary >= workload.messages.size() || samples.size() % 5 == 0
                            ? readModelBehind(http, url, operatorToken) : behind;
                    // An answer that did not come (a loaded machine) keeps the last known backlog in the chart.
                    behind = read >= 0 ? read : behind;
                    samples.add(new RestChart.Sample((now - start) / 1e9,
                            (primary - primaryAtLastSample) / ((now - lastSampleAt) / 1e9), Math.max(0, behind)));
                    primaryAtLastSample = primary;
                    lastSampleAt = now;
                    nextSample = now + 1_000_000_000L;
                    if (primary >= workload.messages.size() && behind == 0) {
                        readModelDone = now;
                    }
                }
                if (now > deadline) {
                    throw new IllegalStateException("populating did not finish within 20 minutes (" + primary + " of "
                            + workload.messages.size() + " records accepted, read model " + behind + " events behind)");
                }
            }
            return new Populate(primary, (lastPrimary - start) / 1e9, (readModelDone - start) / 1e9, samples);
        }
    }

    /** Waits (at most 60 s) until every projection of the service has applied every event. */
    private static void awaitReadModels(String url, String operatorToken) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long behind;
        while ((behind = readModelBehind(http, url, operatorToken)) != 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the read models were still " + behind + " events behind after 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Events every projection of the service still has to apply (the largest), from GET /admin/projections. */
    private static long readModelBehind(HttpClient http, String url, String operatorToken) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/projections"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + operatorToken).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /admin/projections answered " + response.statusCode() + ": "
                        + response.body());
            }
            long behind = 0;
            for (JsonNode projection : JSON.readTree(response.body())) {
                if (projection.path("parked").asBoolean()) {
                    throw new IllegalStateException("projection parked: " + projection);
                }
                behind = Math.max(behind, projection.path("eventsBehind").asLong());
            }
            return behind;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, Long> tableSizes(BenchStack stack) throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (Connection c = stack.jdbc("receivables")) {
            for (String table : List.of("account_view", "customer_view", "invoice_view", "credit_view", "events")) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    sizes.put(table, rs.getLong(1));
                }
            }
        }
        return sizes;
    }

    /** Each account's open items read once, 4 at a time (as 4 connections would), timed by the client. */
    private static ColdReads coldReads(String url, String token, List<String> customers) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<Double> millis = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = next.getAndIncrement(); i < customers.size(); i = next.getAndIncrement()) {
                    try {
                        long start = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/accounts/"
                                        + customers.get(i) + "/open-items")).header("Authorization", "Bearer " + token)
                                .GET().build(), HttpResponse.BodyHandlers.ofString());
                        millis.add((System.nanoTime() - start) / 1e6);
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("open-items answered " + response.statusCode());
                        }
                    } catch (Exception e) {
                        failures.add(e);
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
        List<Double> sorted = millis.stream().sorted().toList();
        return new ColdReads(sorted.size(), percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast());
    }

    /** The first and then the second write-off of 0.01 on each account, one request at a time, timed by the client. */
    private static FirstWriteOffs firstWriteOffs(String url, String reader, String supervisor, List<String> customers)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        List<String[]> targets = commandTargets(http, url, reader, customers);
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        for (String[] target : targets) {
            first.add(timedWriteOff(http, url, supervisor, target));
        }
        for (String[] target : targets) {
            second.add(timedWriteOff(http, url, supervisor, target));
        }
        List<Double> a = first.stream().sorted().toList();
        List<Double> b = second.stream().sorted().toList();
        return new FirstWriteOffs(a.size(), percentile(a, 0.50), percentile(a, 0.99), a.getLast(), percentile(b, 0.50),
                percentile(b, 0.99), b.getLast());
    }

    /** One write-off with If-Match {@code target[2]}; keeps the answer's ETag in it for the next. */
    private static double timedWriteOff(HttpClient http, String url, String supervisor, String[] target)
            throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/accounts/" + target[0]
                        + "/invoices/" + target[1] + "/write-offs"))
                .header("Authorization", "Bearer " + supervisor).header("Content-Type", "application/json")
                .header("If-Match", '"' + target[2] + '"')
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"amount\":\"0.01\",\"reasonCode\":\"GOODWILL\",\"reason\":\"benchmark\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("write-off on " + target[0] + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        target[2] = response.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        return millis;
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    // ------------------------------------------------------------------ commands

    /** Customers to write off on, in a fixed order: every 10th customer, then the rest, so both runs spread out. */
    private static List<String> commandAccounts(String url, String token, int customers, String runTag) {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; offset < 10; offset++) {
            for (int c = offset; c < customers; c += 10) {
                ids.add(String.format("C-%s-%05d", runTag, c));
            }
        }
        if (ids.size() < 2 * COMMAND_CONNECTIONS * COMMAND_ACCOUNTS_PER_CONNECTION) {
            throw new IllegalArgumentException("the command stage needs at least "
                    + 2 * COMMAND_CONNECTIONS * COMMAND_ACCOUNTS_PER_CONNECTION + " customers");
        }
        return ids;
    }

    /**
     * One file per connection (wrk thread): lines "customerId invoiceId etag" of accounts only that connection writes
     * off on, each with an invoice open by at least 1.00 and the account's ETag read just now.
     */
    private static Path commandFiles(Path work, String name, String url, String token, List<String> customers)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Path prefix = work.resolve("write-offs-" + name + "-");
        List<StringBuilder> files = new ArrayList<>();
        for (int i = 0; i < COMMAND_CONNECTIONS; i++) {
            files.add(new StringBuilder());
        }
        int assigned = 0;
        for (String[] target : commandTargets(http, url, token, customers)) {
            files.get(assigned % COMMAND_CONNECTIONS).append(target[0]).append(' ').append(target[1]).append(' ')
                    .append(target[2]).append('\n');
            assigned++;
        }
        if (assigned < COMMAND_CONNECTIONS) {
            throw new IllegalStateException("too few accounts with an open invoice to write off on");
        }
        for (int i = 0; i < COMMAND_CONNECTIONS; i++) {
            Files.writeString(Path.of(prefix + Integer.toString(i)), files.get(i));
        }
        return prefix;
    }

    /**
     * For each account with an invoice open by at least 1.00 (and not disputed): {customerId, invoiceId, the
     * account's ETag read just now}.
     */
    private static List<String[]> commandTargets(HttpClient http, String url, String token, List<String> customers)
            throws Exception {
        List<String[]> targets = new ArrayList<>();
        for (String customer : customers) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/accounts/" + customer))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /accounts/" + customer + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            String etag = response.headers().firstValue("ETag").orElseThrow();
            String invoice = null;
            for (JsonNode open : JSON.readTree(response.body()).path("openInvoices")) {
                if (new BigDecimal(open.path("openAmount").asText("0")).compareTo(BigDecimal.ONE) >= 0
                        && open.path("disputed").asText("0").matches("0(\\.0+)?")) {
                    invoice = open.path("invoiceId").asText();
                    break;
                }
            }
            if (invoice == null) {
                continue;
            }
            targets.add(new String[] {customer, invoice, etag.replace("\"", "")});
        }
        return targets;
    }

    // ------------------------------------------------------------------ report

    private static String report(ZonedDateTime started, String loadBefore, Workload workload, int customers,
                                 Populate populate, Map<String, Long> tables, List<Row> rows, Row commands,
                                 Row commandsAgain, ColdReads coldReads, FirstWriteOffs firstWriteOffs, Service receivables, Memory memory, Service peer, Memory peerMemory, BenchStack stack,
                                 int seconds, int warmup, int commandWarmup, int settle, String jitWarmups, String chart,
                                 Handed handed) throws Exception {
        StringBuilder md = new StringBuilder();
        String commit = System.getProperty("ledgerline.commit", "?");
        String machine = Runtime.getRuntime().availableProcessors() + " cores" + cpuModel() + ", "
                + memoryTotal() + ", JDK " + System.getProperty("java.version");
        md.append("## REST (target 3) and footprint (target 5)\n\n");
        md.append("Run ").append(STAMP.format(started)).append(" by `benchmarks/run-rest.sh` on commit `")
                .append(commit).append("`; machine: ").append(machine).append("; load average before the run ")
                .append(loadBefore.split(" ")[0]).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores (above the core count, other work competed for them: a shared machine).\n\n");
        md.append("| target | figure | peer | ratio | met |\n|---|---:|---:|---:|---|\n");
        for (Row r : rows) {
            if (r.connections() != 4) {
                continue;
            }
            boolean met = r.ratio() >= READ_RATIO_TARGET && r.service().p99Millis() < READ_P99_TARGET_MS;
            md.append(String.format(Locale.ROOT, "| REST `%s`, 4 connections: ≥ 50 %% of the peer's requests/s at p99"
                            + " < 10 ms | %,.0f req/s, p99 %.1f ms | %,.0f req/s, p99 %.1f ms | %.0f %% | %s |%n",
                    r.endpoint(), r.service().requestsPerSecond(), r.service().p99Millis(),
                    r.peer().requestsPerSecond(), r.peer().p99Millis(), r.ratio() * 100, met ? "met" : "NOT met"));
        }
        Wrk.Result c = commands.service();
        md.append(String.format(Locale.ROOT, "| REST write-off with If-Match, 4 connections: p99 < 20 ms | p99 %.1f ms"
                        + " (%,.0f req/s, %d errors) | — | — | %s |%n", c.p99Millis(), c.requestsPerSecond(), c.errors(),
                c.p99Millis() < COMMAND_P99_TARGET_MS && c.errors() == 0 ? "met" : "NOT met"));
        // Handed over (run-all.sh), the process measured had done more than this benchmark before these rows: said in
        // the row, as the memory after all of it.
        String after = handed == null ? "after the benchmark"
                : "after the ingest, reporting and REST benchmarks (the same process: see \"History\" below)";
        String size = BenchStack.heap("receivables-service");
        String heap = handed == null ? "`-Xmx" + size + "`"
                : "`-Xmx" + size + " -Xms" + size + "`, as the local stack starts it";
        md.append(String.format(Locale.ROOT, "| Footprint: receivables-service resident memory %s"
                        + " (reported, no threshold) | %.0f MiB (peak %.0f MiB, %s) | %.0f MiB | %.1f × | reported |%n",
                after, memory.rssMib(), memory.peakMib(), heap, peerMemory.rssMib(),
                memory.rssMib() / peerMemory.rssMib()));
        String where = handed == null ? "" : "; timed when the ingest benchmark's stack started it";
        md.append(String.format(Locale.ROOT, "| Footprint: receivables-service start to ready (readiness 200 on the"
                        + " management port; empty database, migrations included%s; reported) | %s | %.1f s | %s |"
                        + " reported |%n%n", where,
                Double.isNaN(receivables.readySeconds()) ? "not measured"
                        : String.format(Locale.ROOT, "%.1f s", receivables.readySeconds()), peer.readySeconds(),
                Double.isNaN(receivables.readySeconds()) ? "—" : String.format(Locale.ROOT, "%.1f ×",
                        receivables.readySeconds() / peer.readySeconds())));
        md.append(handed == null ? "![Populating over time, then each measured stage beside the peer]("
                : "![Each measured stage beside the peer](").append(chart).append(")\n\n");

        md.append("| connections | endpoint | requests/s | p50 | p90 | p99 | max | requests | errors | CPU per request"
                + " | peer requests/s | peer p99 | peer CPU per request | ratio | machine stall: longest (count),"
                + " the row / the peer's |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Row> all = new ArrayList<>(rows);
        all.add(commands);
        all.add(commandsAgain);
        for (Row r : all) {
            Wrk.Result s = r.service();
            md.append(String.format(Locale.ROOT, "| %d | `%s` | %,.0f | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %,d | %d"
                            + " | %.3f ms |", r.connections(), r.endpoint(), s.requestsPerSecond(), s.p50Millis(),
                    s.p90Millis(), s.p99Millis(), s.maxMillis(), s.requests(), s.errors(), r.serviceCpuMs()));
            if (r.peer() == null) {
                md.append(" — | — | — | — | ").append(s.stalls().cell()).append(" |\n");
            } else {
                md.append(String.format(Locale.ROOT, " %,.0f | %.2f ms | %.3f ms | %.0f %% | %s / %s |%n",
                        r.peer().requestsPerSecond(), r.peer().p99Millis(), r.peerCpuMs(), r.ratio() * 100,
                        s.stalls().cell(), r.peer().stalls().cell()));
            }
        }
        md.append(String.format(Locale.ROOT, "%nOpen items are kept per account version once read (see"
                        + " benchmarks/README.md, \"REST\"), so most reads above are answered after one indexed query."
                        + " The first read of an account computes them from its events: %d accounts never read before,"
                        + " each read once, 4 at a time: p50 %.2f ms, p99 %.2f ms, max %.1f ms.%n%n", coldReads.reads(),
                coldReads.p50Millis(), coldReads.p99Millis(), coldReads.maxMillis()));
        if (firstWriteOffs != null) {
            md.append(String.format(Locale.ROOT, "Write-offs one at a time (nothing else sent meanwhile) on %d accounts"
                            + " no command touched before: the first on each p50 %.2f ms, p99 %.2f ms, max %.1f ms; the"
                            + " second on each p50 %.2f ms, p99 %.2f ms, max %.1f ms.%n%n", firstWriteOffs.accounts(),
                    firstWriteOffs.firstP50(), firstWriteOffs.firstP99(), firstWriteOffs.firstMax(),
                    firstWriteOffs.secondP50(), firstWriteOffs.secondP99(), firstWriteOffs.secondMax()));
        }
        if (handed == null) {
            md.append(String.format(Locale.ROOT, "Populated through ingest: %,d records (%,d customers) accepted in %.1f s"
                            + " (%,.0f records/s, first send to the last primary event on the domain topic); the read"
                            + " models had every event %.1f s after the first send. Tables then: %s.%n%n",
                    populate.records(), customers, populate.seconds(), populate.rate(), populate.readModelSeconds(),
                    tableList(tables)));
        } else {
            md.append(String.format(Locale.ROOT, "History (`run-all.sh`: the stack of the ingest → reporting chain,"
                            + " handed over running; benchmarks/README.md, \"Sharing stacks between benchmarks\"): the"
                            + " same workload as this benchmark populates alone, %,d records for %,d customers (about"
                            + " %,d each), went into this receivables-service through ingest in the ingest benchmark"
                            + " (%.1f s there, its figure). %s The reads and write-offs above are on those %,d"
                            + " customers' accounts; the read models had every event before the first read. Tables"
                            + " then: %s.%n%n", handed.records(), customers, handed.records() / Math.max(1, customers),
                    handed.ingestSeconds(),
                    handed.note().trim(), customers, tableList(tables)));
        }

        md.append("### Machine and method\n\n");
        md.append("- ").append(machine).append("; ").append(stack.serverVersion().split(",")[0])
                .append(" (embedded, as the local stack runs it); Kafka broker from the local stack's jars (one KRaft"
                        + " node); ").append(wrkVersion()).append(".\n");
        md.append("- Load average before the run: ").append(loadBefore).append(". On a shared machine (other"
                + " engineers' builds and tests on the same cores) every figure is lower than the code does alone;"
                + " the ratios to the peer, measured side by side in the same run, compare more fairly.\n");
        md.append("- Code: commit `").append(commit).append("` with ")
                .append(System.getProperty("ledgerline.changed-files", "?"))
                .append(" files changed in the working tree.\n");
        if (handed == null) {
            md.append("- receivables-service: its jar (`quarkus-run.jar`, without the JDK's AOT cache), `-Xmx"
                    + BenchStack.heap("receivables-service")
                    + "` (the local stack's size), the local stack's environment, on free ports, with"
                    + " tokens from the benchmark's own issuer (verified against its JWKS on first use, then answered"
                    + " from the identity library's cache of verified tokens while valid, like any client that reuses"
                    + " its token); management port = HTTP port + 1000. Ingest, the outbox relay and the read-model"
                    + " projection keep running during the measurements (they are idle once populated, except while"
                    + " write-offs are projected).\n");
        } else {
            md.append("- receivables-service: the local stack's (`deploy/run-local.sh`, receivables-service alone:"
                    + " its jar, from the JDK's AOT cache of its build when the ingest benchmark found or trained one, `-Xmx"
                    + BenchStack.heap("receivables-service") + " -Xms"
                    + BenchStack.heap("receivables-service") + "`, the launcher's environment and ports), started by the"
                    + " ingest benchmark on an empty database and handed over running through the reporting"
                    + " benchmark (`run-all.sh`), with tokens from the stack's issuer (verified against its JWKS on"
                    + " first use, then answered from the identity library's cache of verified tokens while valid);"
                    + " reporting-service stopped before this benchmark, so receivables-service runs alone beside"
                    + " PostgreSQL, Kafka and the launcher, as in this benchmark's own stack. Ingest, the outbox relay"
                    + " and the read-model projection keep running during the measurements (idle once the earlier"
                    + " benchmarks' events are projected, except while write-offs are projected).\n");
        }
        md.append("- The peer: `benchmarks/rest-peer`, a minimal Quarkus service (quarkus-rest-jackson and the reactive"
                + " PostgreSQL client, pool of 16 like the service's, `-Xmx512m`) whose `GET /accounts/{id}` reads one"
                + " row by primary key (account_view joined with customer_view: the same tables and rows as the"
                + " service's read side, in the same database) and answers it as JSON; no token check, no ORM, no"
                + " transaction.\n");
        md.append("- Before the first measured row: VACUUM (ANALYZE) of receivables' database, CHECKPOINT, sync and a"
                + " wait for the kernel's dirty pages (benchmarks/README.md, \"Quiet before measuring\"): ")
                .append(quiesced).append(".\n");
        md.append("- Reads: first each GET at 16 connections on both services, not measured, in ").append(JIT_SLICE_SECONDS)
                .append(" s slices until the service's JIT compiler threads used at most ")
                .append(String.format(Locale.ROOT, "%.0f", ProcessCpu.COMPILE_QUIET_MILLIS_PER_SECOND))
                .append(" ms of CPU per second in the last one (at least ").append(JIT_MIN_SECONDS).append(" s, at most ")
                .append(2 * warmup).append(" s; this run: ").append(jitWarmups).append("); then wrk, closed loop, ").append(settle)
                .append(" s warm-up (the path already warm) then ").append(seconds)
                .append(" s measured per row, 2 threads, each request a random customer of the first ")
                .append(String.format("%,d", customers - Math.min(COLD_ACCOUNTS, customers / 4))).append(" (the same sequence of ids for the peer), with a"
                        + " collector's bearer token. `open-items` is as of today, by due date (the defaults).\n");
        md.append("- Commands: `POST /accounts/{id}/invoices/{invoiceId}/write-offs` `{\"amount\":\"0.01\","
                + "\"reasonCode\":\"GOODWILL\"}` as a supervisor with `If-Match` set to the account's current ETag, "
                + COMMAND_CONNECTIONS + " connections with one wrk thread each, each connection writing off on its own "
                + COMMAND_ACCOUNTS_PER_CONNECTION + " accounts in turn and sending back the ETag the previous answer"
                + " gave (a 409 would count as an error). The warm-up (" + commandWarmup + " s) writes off on other accounts, so the measured"
                + " row includes each of its accounts' first write-off, which folds the account's whole stream; the row"
                + " after it writes off on the same accounts again (ETags read again), without those first loads,"
                + " for comparison (the target's figure is the first row). Each write-off is"
                + " decided on the account, appended, published by the outbox relay and projected.\n");
        md.append(Wrk.PERCENTILES_NOTE);
        md.append(MachineStalls.methodNote());
        md.append("- CPU per request: the process's user + system time (/proc/PID/stat) over the measured run divided"
                + " by the requests wrk counted; the service's includes whatever its background work (relay,"
                + " projection, consumers) did meanwhile. It changes little with the machine's load, unlike"
                + " requests/s, so it says which side costs what on any machine.\n");
        md.append("- Memory: VmRSS (and VmHWM, the peak) of the process from /proc after the last stage; start to ready:"
                + " from launching the JVM to the first 200 of `/q/health/ready` (the peer: to its first 200 on"
                + " `GET /accounts/{id}`), polled every 100 ms")
                .append(handed == null ? ".\n" : "; for the handed stack's service, from the JVM's start time the"
                        + " kernel keeps (/proc/PID/stat) to the first 200, polled every 100 ms by `run-ingest.sh`"
                        + " while the launcher started it on the ingest benchmark's empty database, after PostgreSQL"
                        + " and Kafka were up, as here.\n");
        md.append("- Chart: [").append(chart).append("](").append(chart).append("), written by the benchmark: ")
                .append(handed == null ? "populating over time (sampled every second), then each measured stage.\n"
                        : "each measured stage (no populating here: the stack was handed over).\n");
        return md.toString();
    }

    private static String tableList(Map<String, Long> tables) {
        List<String> parts = new ArrayList<>();
        tables.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d rows", k, v)));
        return String.join(", ", parts);
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")").orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String memoryTotal() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("? RAM");
        } catch (IOException e) {
            return "? RAM";
        }
    }

    private static String wrkVersion() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines().findFirst().orElse("wrk").split(" \\[")[0].trim();
        } catch (IOException | InterruptedException e) {
            return "wrk";
        }
    }

    // ------------------------------------------------------------------ wrk scripts

    private static final String GET_LUA = """
            -- GET /accounts/{id}<suffix> for a random customer of all (args: suffix, customers, run tag, token).
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            function init(args)
              suffix = args[1]
              customers = tonumber(args[2])
              tag = args[3]
              auth = "Bearer " .. args[4]
              math.randomseed(tid * 7919 + 17)
            end
            function request()
              local path = string.format("/accounts/C-%s-%05d%s", tag, math.random(0, customers - 1), suffix)
              return wrk.format("GET", path, {["Authorization"] = auth})
            end
            """;

    private static final String WRITE_OFF_LUA = """
            -- Write-offs of 0.01 with If-Match; one wrk thread per connection, so this state is the connection's own.
            -- args: prefix of the per-thread files ("customerId invoiceId etag" lines), token.
            local threads = 0
            function setup(thread)
              thread:set("tid", threads)
              threads = threads + 1
            end
            function init(args)
              auth = "Bearer " .. args[2]
              accounts = {}
              for line in io.lines(args[1] .. tid) do
                local customer, invoice, etag = line:match("(%S+) (%S+) (%S+)")
                accounts[#accounts + 1] = {customer = customer, invoice = invoice, etag = etag}
              end
              current = 0
              body = '{"amount":"0.01","reasonCode":"GOODWILL","reason":"benchmark"}'
            end
            function request()
              current = current % #accounts + 1
              local a = accounts[current]
              return wrk.format("POST", "/accounts/" .. a.customer .. "/invoices/" .. a.invoice .. "/write-offs",
                {["Authorization"] = auth, ["Content-Type"] = "application/json", ["If-Match"] = '"' .. a.etag .. '"'},
                body)
            end
            function response(status, headers, body)
              if status == 200 then
                for name, value in pairs(headers) do
                  if string.lower(name) == "etag" then
                    accounts[current].etag = value:gsub('"', "")
                  end
                end
              end
            end
            """;

    // ------------------------------------------------------------------ helpers

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
                throw new IllegalArgumentException("usage: [--customers N] [--events N] [--seconds S] [--warmup S]"
                        + " [--command-warmup S]"
                        + " [--reads false] [--output FILE] [--chart FILE]");
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
