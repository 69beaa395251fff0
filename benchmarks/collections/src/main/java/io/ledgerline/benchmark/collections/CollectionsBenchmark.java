package io.ledgerline.benchmark.collections;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.PostgresServer;
import io.ledgerline.testsupport.identity.TestIssuer;
import io.ledgerline.testsupport.identity.Tokens;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The collections benchmark. Starts a Kafka broker and PostgreSQL (as the tests do), then collections-service from
 * its built jar as a child process, and:
 * <ol>
 *   <li>seeds N customers as receivables would announce them (CustomerUpdated, InvoiceIssued x2, AccountDelinquent)
 *   on {@code ledgerline.receivables.events}, and waits until N cases are open and the case read model has them;</li>
 *   <li>scans the same rows the dunning run reads (every fact and every event of those customers) with plain JDBC,
 *   page by page as the run does: the floor of what reading alone costs;</li>
 *   <li>runs the day on demand ({@code POST /dunning/runs?asOf=}): every case reaches its first level and gets a
 *   letter rendered and kept; then runs the same day again (nothing left to decide: the read-and-decide cost);</li>
 *   <li>reads a collector's worklist ({@code GET /worklists/{collector}?limit=50}) from 4 connections for a while and
 *   reports p50/p99.</li>
 * </ol>
 * Writes its section of docs/benchmarks.md between {@code <!-- collections:begin -->} and
 * {@code <!-- collections:end -->}.
 */
public final class CollectionsBenchmark {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 10);
    private static final String BEGIN = "<!-- collections:begin -->";
    private static final String END = "<!-- collections:end -->";
    private static final int COLLECTORS = 100;

    private final int cases;
    private final Path root;
    private final Path output;
    private final int worklistSeconds;
    private final List<String> report = new ArrayList<>();
    /** The service verifies bearer tokens: the test issuer (as in the tests) signs the benchmark's. */
    private static final String OPERATOR = "Bearer " + Tokens.of("benchmark", "operator");
    private static final String READER = "Bearer " + Tokens.of("benchmark", "reader");

    private CollectionsBenchmark(int cases, Path root, Path output, int worklistSeconds) {
        this.cases = cases;
        this.root = root;
        this.output = output;
        this.worklistSeconds = worklistSeconds;
    }

    public static void main(String[] args) throws Exception {
        int cases = 100_000;
        Path output = null;
        int worklistSeconds = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                case "--worklist-seconds" -> worklistSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path root = Path.of(System.getProperty("ledgerline.root", ".")).toAbsolutePath().normalize();
        new CollectionsBenchmark(cases, root, output == null ? null : root.resolve(output), worklistSeconds).run();
        System.exit(0);
    }

    private void run() throws Exception {
        long started = System.nanoTime();
        log("Starting Kafka and PostgreSQL ...");
        KafkaBroker kafka = KafkaBroker.shared();
        PostgresServer.Database db = PostgresServer.shared().createDatabase("collections_bench");
        int http = freePort();
        Process service = startService(kafka.bootstrapServers(), db, http, freePort());
        try {
            String base = "http://127.0.0.1:" + http;
            awaitReady(base, service);
            try (Connection sql = db.connect()) {
                seed(kafka.bootstrapServers(), sql);
                awaitReadModel(sql);
                scan(sql);
                dunningRuns(base, sql);
                worklist(base, sql);
                machine(sql);
            }
        } finally {
            service.destroy();
            if (!service.waitFor(30, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
        log("Done in %.0f s.", (System.nanoTime() - started) / 1e9);
        if (output != null) {
            write();
        }
    }

    // ------------------------------------------------------------------------------------------- the service

    private Process startService(String bootstrap, PostgresServer.Database db, int http, int management) throws IOException {
        Path jar = root.resolve("collections-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build collections-service first");
        }
        Path log = root.resolve("benchmarks/collections/target/collections-service.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(http));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(management));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        TestIssuer issuer = TestIssuer.shared();
        env.put("MP_JWT_VERIFY_ISSUER", issuer.url());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", TestIssuer.AUDIENCE);
        env.put("LEDGERLINE_CLOCK_TODAY", TODAY.toString());
        env.put("LEDGERLINE_COLLECTIONS_RUN_DAILY_CRON", "off");
        // A team of 100 collectors for the European portfolio (the seed's customers), with room for every case: each
        // holds about 1/100 of them.
        StringBuilder team = new StringBuilder();
        for (int c = 1; c <= COLLECTORS; c++) {
            team.append(c == 1 ? "" : ",").append(String.format(Locale.ROOT, "c%03d", c));
        }
        int capacity = cases / COLLECTORS + 100;
        env.put("LEDGERLINE_COLLECTIONS_ASSIGNMENT_RULES_2__COLLECTORS", team.toString());
        env.put("LEDGERLINE_COLLECTIONS_ASSIGNMENT_DEFAULT_CAPACITY", String.valueOf(capacity));
        report.add("- collections-service: `collections-service/target/quarkus-app/quarkus-run.jar`, `-Xmx1g`, business"
                + " date " + TODAY + ", default configuration except the European portfolio rule's collectors ("
                + COLLECTORS + ", c001..c" + COLLECTORS + ", capacity " + capacity + " each)");
        log("Starting collections-service on port %d (log: %s) ...", http, root.relativize(log));
        return builder.start();
    }

    private void awaitReady(String base, Process service) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("collections-service exited during start; see its log");
            }
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/team/load")).header("Authorization", READER).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("collections-service not ready within 180 s");
    }

    // ------------------------------------------------------------------------------------------- seeding

    private void seed(String bootstrap, Connection sql) throws Exception {
        log("Seeding %,d customers (4 records each) on %s ...", cases, Topics.RECEIVABLES_EVENTS);
        Random random = new Random(42);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.BATCH_SIZE_CONFIG, 131072, ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int i = 0; i < cases; i++) {
                String customer = String.format(Locale.ROOT, "C-%06d", i);
                LocalDate due = TODAY.minusDays(5 + random.nextInt(40));
                BigDecimal first = BigDecimal.valueOf(100 + random.nextInt(20_000), 2).add(BigDecimal.TEN);
                BigDecimal second = BigDecimal.valueOf(100 + random.nextInt(20_000), 2).add(BigDecimal.TEN);
                // Contacts without e-mail: letters go by post, so the run renders and keeps every letter but the
                // measurement does not include an SMTP server.
                send(producer, new ReceivablesEvent.CustomerUpdated(customer, "Customer " + i, i % 3 == 0 ? "DE" : "GB",
                        i % 3 == 0 ? "Europe/Berlin" : "Europe/London", 30, "EUR",
                        List.of(new Contact("Accounts payable " + i, null, "+49 30 " + i, "accounts-payable"))));
                send(producer, new ReceivablesEvent.InvoiceIssued(customer, "INV-" + i + "-1", due.minusDays(30), due,
                        "EUR", first, null, null));
                send(producer, new ReceivablesEvent.InvoiceIssued(customer, "INV-" + i + "-2", due.minusDays(20),
                        due.plusDays(10), "EUR", second, null, null));
                send(producer, new ReceivablesEvent.AccountDelinquent(customer, TODAY.minusDays(1), due,
                        (int) java.time.temporal.ChronoUnit.DAYS.between(due, TODAY.minusDays(1)),
                        List.of(new ReceivablesEvent.CurrencyAmount("EUR", first)), "1-30"));
            }
            producer.flush();
        }
        double published = (System.nanoTime() - start) / 1e9;
        log("Published in %.1f s; waiting for the cases ...", published);
        long open;
        while ((open = count(sql, "SELECT count(*) FROM cases WHERE status = 'OPEN'")) < cases) {
            Thread.sleep(2000);
            log("  %,d cases open", open);
        }
        double seeded = (System.nanoTime() - start) / 1e9;
        long facts = count(sql, "SELECT count(*) FROM ledger_facts");
        row("Seeding: " + fmt(cases * 4L) + " upstream records published, " + fmt(cases) + " cases opened and assigned",
                String.format(Locale.ROOT, "%.1f s (%s records/s through the consumer)", seeded,
                        fmt(Math.round(facts / seeded))));
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, ReceivablesEvent event) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", utf8("receivables-service"));
        headers.add("ce_type", utf8(EventTypes.typeOf(event.getClass())));
        headers.add("ce_subject", utf8("account-" + event.customerId()));
        headers.add("ce_time", utf8("2026-11-09T00:10:00Z"));
        headers.add("content-type", utf8("application/json"));
        producer.send(new ProducerRecord<>(Topics.RECEIVABLES_EVENTS, null, utf8(event.customerId()),
                EventJson.write(event), headers));
    }

    private void awaitReadModel(Connection sql) throws Exception {
        while (count(sql, "SELECT count(*) FROM case_view WHERE collector IS NOT NULL") < cases) {
            Thread.sleep(1000);
        }
    }

    // ------------------------------------------------------------------------------------------- measurements

    /** Reads every fact and event of the open cases' customers, 250 customers a page, as the run reads them. */
    private void scan(Connection sql) throws Exception {
        log("Plain SQL scan of the same rows ...");
        long start = System.nanoTime();
        long rows = 0;
        long customers = 0;
        String after = "";
        try (PreparedStatement page = sql.prepareStatement(
                "SELECT customer_id FROM cases WHERE status = 'OPEN' AND customer_id > ? ORDER BY customer_id LIMIT 250");
             PreparedStatement facts = sql.prepareStatement("SELECT customer_id, ce_type, payload::text FROM ledger_facts"
                     + " WHERE customer_id = ANY(?) ORDER BY position");
             PreparedStatement events = sql.prepareStatement("SELECT stream_id, version, event_type, payload::text"
                     + " FROM events WHERE stream_id = ANY(?) ORDER BY stream_id, version")) {
            while (true) {
                page.setString(1, after);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                if (ids.isEmpty()) {
                    break;
                }
                customers += ids.size();
                after = ids.getLast();
                facts.setArray(1, sql.createArrayOf("text", ids.toArray()));
                rows += drain(facts);
                events.setArray(1, sql.createArrayOf("text", ids.stream().map(id -> "collections-" + id).toArray()));
                rows += drain(events);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        row("Plain SQL scan of the same rows: " + fmt(customers) + " customers, " + fmt(rows)
                + " fact and event rows (JDBC, 250 customers a page)", String.format(Locale.ROOT,
                "%.1f s, %s cases/s", seconds, fmt(Math.round(customers / seconds))));
    }

    private static long drain(PreparedStatement statement) throws Exception {
        long n = 0;
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rs.getString(rs.getMetaData().getColumnCount());
                n++;
            }
        }
        return n;
    }

    private void dunningRuns(String base, Connection sql) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (String which : List.of("first", "second")) {
            log("Dunning run as of %s (%s) ...", TODAY, which);
            long before = count(sql, "SELECT count(*) FROM events");
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/dunning/runs?asOf="
                            + TODAY)).timeout(Duration.ofMinutes(30)).header("Authorization", OPERATOR).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("run answered " + response.statusCode() + ": " + response.body());
            }
            long events = count(sql, "SELECT count(*) FROM events") - before;
            long letters = count(sql, "SELECT count(*) FROM letters");
            row("Dunning run, " + which + " of the day: " + fmt(cases) + " open cases, " + fmt(events)
                    + " events recorded" + (which.equals("first") ? ", " + fmt(letters) + " letters rendered and kept"
                    : " (nothing left to decide)"), String.format(Locale.ROOT, "%.1f s, %s cases/s", seconds,
                    fmt(Math.round(cases / seconds))));
            log("  %s", response.body());
        }
    }

    private void worklist(String base, Connection sql) throws Exception {
        String collector;
        long size;
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT collector, count(*) FROM case_view"
                + " WHERE status = 'OPEN' GROUP BY collector ORDER BY count(*) DESC LIMIT 1")) {
            rs.next();
            collector = rs.getString(1);
            size = rs.getLong(2);
        }
        log("Worklist of %s (%,d open cases), 4 connections, %d s ...", collector, size, worklistSeconds);
        URI uri = URI.create(base + "/worklists/" + collector + "?limit=50");
        // Warm up the JIT and the pool first.
        HttpClient warm = HttpClient.newHttpClient();
        for (int i = 0; i < 20; i++) {
            warm.send(HttpRequest.newBuilder(uri).header("Authorization", READER).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(worklistSeconds);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            Thread.ofPlatform().start(() -> {
                // One client per thread, HTTP/1.1: one kept-alive connection each.
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                try {
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", READER).build(),
                                HttpResponse.BodyHandlers.discarding());
                        latencies.add(System.nanoTime() - start);
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6;
        row("Worklist read, `GET /worklists/" + collector + "?limit=50` (" + fmt(size) + " open cases scored per read), "
                + "4 connections, " + worklistSeconds + " s: " + fmt(sorted.size()) + " reads, " + errors.get()
                + " errors", String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, %.0f reads/s", p50, p99,
                sorted.size() / (double) worklistSeconds));
    }

    private void machine(Connection sql) throws Exception {
        String version;
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery("SELECT version()")) {
            rs.next();
            version = rs.getString(1);
        }
        report.add("- " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.vendor")
                + " " + System.getProperty("java.version") + "; PostgreSQL: " + version.split(",")[0]
                + " (embedded, test-support); Kafka: in-process KRaft broker (test-support), all on one machine");
        String commit = System.getProperty("ledgerline.commit", "");
        if (!commit.isBlank()) {
            report.add("- Code: commit `" + commit + "` with " + System.getProperty("ledgerline.changed-files", "?")
                    + " files changed or added in the working tree (the jars as built then)");
        }
        report.add("- Load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim()
                .split(" ")[0] + " (other processes may have shared the cores during the run)");
    }

    // ------------------------------------------------------------------------------------------- report

    private final List<String[]> rows = new ArrayList<>();

    private void row(String what, String value) {
        rows.add(new String[]{what, value});
        log("%s: %s", what, value);
    }

    private void write() throws IOException {
        StringBuilder section = new StringBuilder();
        section.append(BEGIN).append("\n## Collections: the daily dunning run and the worklist\n\n");
        section.append("Written by `benchmarks/run-collections.sh` (module `benchmarks/collections`), run ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC with ").append(fmt(cases)).append(" open cases.\n\n| | measured |\n|---|---:|\n");
        for (String[] r : rows) {
            section.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n");
        }
        section.append("\n### How it was measured\n\n");
        section.append("""
                - A Kafka broker (in-process KRaft) and PostgreSQL (embedded) as the tests use them, and
                  collections-service from its built jar as its own process, on the same machine.
                - Seeding: per customer a CustomerUpdated (a contact without e-mail, so letters go by post and no
                  SMTP server is timed), two InvoiceIssued and an AccountDelinquent, as receivables' outbox relay
                  publishes them (binary CloudEvents, key = customerId), fixed seed; the consumer opens and assigns a
                  case for each. Timed from the first send until every case is open.
                - Plain SQL scan: the rows the run reads (every fact in `ledger_facts` and every event of the
                  customers' streams) read with JDBC, 250 customers a page, nothing decided or written: what reading
                  alone costs, beside the run.
                - Dunning run: `POST /dunning/runs?asOf=<today>` timed by the client, first run of the day (every case
                  reaches its first level: DunningLevelReached and DunningLetterIssued, the letter rendered from its
                  Qute template and kept), then the same day again (everything loaded and decided, nothing recorded).
                  A page of 250 customers per transaction, one after the other.
                - Worklist: after the runs, 4 threads, each with its own HTTP/1.1 connection, read the largest
                  collector's worklist (first 50 by score; every open case of the collector is scored per read) as
                  fast as answers come, after 20 warm-up reads.
                """);
        section.append("\n### Machine\n\n");
        report.forEach(line -> section.append(line).append("\n"));
        section.append("\nReproduce: `benchmarks/run-collections.sh` (`--cases N`, `--no-build`, `--no-report`).\n")
                .append(END).append("\n");
        String existing = Files.exists(output) ? Files.readString(output) : "";
        String updated;
        int begin = existing.indexOf(BEGIN);
        int end = existing.indexOf(END);
        if (begin >= 0 && end > begin) {
            updated = existing.substring(0, begin) + section + existing.substring(end + END.length() + 1);
        } else {
            updated = existing + (existing.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        Files.writeString(output, updated);
        log("Wrote %s", root.relativize(output));
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static long count(Connection sql, String query) throws Exception {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String fmt(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[collections-benchmark] " + format + "%n", args);
    }
}
