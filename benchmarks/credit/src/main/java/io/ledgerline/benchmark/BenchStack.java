package io.ledgerline.benchmark;

import io.ledgerline.events.Topics;
import io.ledgerline.testsupport.identity.TestIssuer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The stack the credit benchmark measures, started by the benchmark itself on free ports (so it never collides with a
 * local stack already running): PostgreSQL (embedded, as the local stack runs it), a Kafka broker as a child process
 * from the local stack's Kafka jars with the local stack's settings, and the services' jars as child processes with
 * the environment the local stack gives them. Everything is stopped in {@link #close()}.
 */
final class BenchStack implements AutoCloseable {

    /**
     * A service's heap as the local stack gives it (its Service and ServiceProcess say why receivables gets more and
     * why the heap starts at its maximum).
     */
    /** G1's pause goal as the local stack gives every service (its ServiceProcess says why). */
    static final String GC_PAUSE_GOAL = "-XX:MaxGCPauseMillis=20";

    static String heap(String folder) {
        return folder.equals("receivables-service") ? "1g" : "512m";
    }

    final Path root;
    final Path work;
    private EmbeddedPostgres postgres;
    private Process kafka;
    private final List<Process> services = new ArrayList<>();
    private final Map<String, Process> servicesByUrl = new java.util.HashMap<>();
    String bootstrap;
    int pgPort;

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    BenchStack(Path root, Path work) {
        this.root = root;
        this.work = work;
        // Stopped by a signal (run-all.sh's time budget sends TERM): PostgreSQL, Kafka and the services go too.
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-stack-stop"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code count} free ports, each socket held open until all are chosen, so no two are the same (two starts side by
     * side each picking its own would otherwise race for a port just closed).
     */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * PostgreSQL and the Kafka broker started side by side: nothing is measured while a stack starts, and one after
     * the other the broker's two JVMs (format, then the broker) waited for PostgreSQL's initdb and start. Returns once
     * both are up; prints how long each took (benchmarks/README.md, "How long it takes").
     */
    void startPostgresAndKafka(List<String> databases) throws Exception {
        int[] ports = freePorts(3);
        long start = System.nanoTime();
        java.util.concurrent.CompletableFuture<Long> broker = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                startKafka(ports[1], ports[2]);
                return System.nanoTime();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long postgresReady;
        try {
            startPostgres(databases, ports[0]);
            postgresReady = System.nanoTime();
        } finally {
            // Whether PostgreSQL started or not, the broker's start is over before this returns or throws (close()
            // then stops whatever did start).
            try {
                broker.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
        long kafkaReady = broker.join();
        System.out.printf("PostgreSQL ready in %.1f s and Kafka in %.1f s, side by side: %.1f s%n",
                (postgresReady - start) / 1e9, (kafkaReady - start) / 1e9,
                (Math.max(postgresReady, kafkaReady) - start) / 1e9);
    }

    void startPostgres(List<String> databases) throws IOException, SQLException {
        startPostgres(databases, freePort());
    }

    private void startPostgres(List<String> databases, int port) throws IOException, SQLException {
        pgPort = port;
        Path log = work.resolve("logs").resolve("postgres.log");
        Files.createDirectories(log.getParent());
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(work.resolve("postgres"))
                .setCleanDataDirectory(true)
                .setPort(pgPort)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("synchronous_commit", "on")
                // As the local stack runs it: a COMMIT waits for the disk (zonky's -F would turn that off).
                .setServerConfig("fsync", "on")
                .setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        try (Connection c = jdbc("postgres")) {
            for (String database : databases) {
                c.createStatement().execute("CREATE DATABASE " + database);
            }
        }
    }

    Connection jdbc(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + pgPort + "/" + database;
    }

    String serverVersion() throws SQLException {
        try (Connection c = jdbc("postgres"); var rs = c.createStatement().executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A server setting as the running server reports it (what the report states, not what was asked for). */
    String setting(String name) throws SQLException {
        try (Connection c = jdbc("postgres");
                var statement = c.prepareStatement("SELECT current_setting(?)")) {
            statement.setString(1, name);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    void startKafka() throws Exception {
        startKafka(freePort(), freePort());
    }

    private void startKafka(int port, int controller) throws Exception {
        Path libs = root.resolve("deploy/local-stack/target/kafka-libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("the Kafka jars are missing from " + libs + "; build first");
        }
        Path home = work.resolve("kafka");
        Files.createDirectories(home);
        Path config = home.resolve("server.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controller, "log.dirs=" + home.resolve("data"),
                "num.partitions=3", "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1", "default.replication.factor=1", "min.insync.replicas=1",
                "group.initial.rebalance.delay.ms=0", ""));
        Files.writeString(home.resolve("log4j2.properties"), String.join("\n", "appender.console.type=Console",
                "appender.console.name=STDOUT", "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n", "rootLogger.level=WARN",
                "rootLogger.appenderRef.stdout.ref=STDOUT", ""));
        Path log = work.resolve("logs").resolve("kafka.log");
        Process format = new ProcessBuilder(java(), "-Xmx128m", "-cp", libs + "/*",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"), "kafka.tools.StorageTool", "format",
                "--standalone", "-t", Uuid.randomUuid().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka storage failed; see " + log);
        }
        kafka = new ProcessBuilder(java(), "-Xmx256m", "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", libs + "/*", "kafka.Kafka", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        bootstrap = "127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                admin.createTopics(Topics.all().stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all()
                        .get(30, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline || !kafka.isAlive()) {
                    throw new IllegalStateException("Kafka did not start; see " + log, notYet);
                }
                Thread.sleep(500);
            }
        }
    }

    Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(props);
    }

    /**
     * A service's jar with the local stack's environment; returns its base URL once it is ready. Started without the
     * JDK's AOT cache (deploy/README.md, "Faster starts"): these benchmarks measure warm services, and a training run
     * would cost its slower start and a stop half a minute longer per service and build.
     */
    String startService(String folder, String database, Map<String, String> extraEnv) throws Exception {
        Path runner = root.resolve(folder).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(runner)) {
            throw new IllegalStateException(runner + " is missing; build first");
        }
        int port = freePort();
        int management = freePort();
        Path log = work.resolve("logs").resolve(Path.of(folder).getFileName() + ".log");
        String heap = heap(Path.of(folder).getFileName().toString());
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx" + heap, "-Xms" + heap, GC_PAUSE_GOAL, "-jar", runner.toString())
                .directory(runner.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        if (database != null) {
            env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + pgPort + "/" + database);
            env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database));
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            // Health on the management interface; tokens from the benchmark's own issuer, as the local stack does.
            env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
            env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
            TestIssuer issuer = TestIssuer.shared();
            env.put("MP_JWT_VERIFY_ISSUER", issuer.url());
            env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
            env.put("MP_JWT_VERIFY_AUDIENCES", TestIssuer.AUDIENCE);
        }
        env.putAll(extraEnv);
        Process process = builder.start();
        services.add(process);
        String url = "http://127.0.0.1:" + port;
        servicesByUrl.put(url, process);
        awaitReady(process, database == null ? url + "/items/1"
                : "http://127.0.0.1:" + management + "/q/health/ready", log);
        return url;
    }

    private static void awaitReady(Process process, String url, Path log) throws InterruptedException {
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
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " was not ready within 180 s; see " + log);
    }

    /** The process id of the service at this URL (as {@link #startService} returned it). */
    long pid(String url) {
        return servicesByUrl.get(url).pid();
    }

    /** Seconds of CPU the Kafka broker has used so far. */
    double kafkaCpuSeconds() {
        return ProcessCpu.seconds(kafka.pid());
    }

    /** Seconds of CPU the service at this URL (as {@link #startService} returned it) has used so far. */
    double cpuSeconds(String url) {
        return ProcessCpu.seconds(servicesByUrl.get(url).pid());
    }

    /** Seconds of CPU PostgreSQL (postmaster and backends) has used so far; NaN if its pid cannot be read. */
    double postgresCpuSeconds() {
        try {
            String pid = Files.readAllLines(work.resolve("postgres").resolve("postmaster.pid")).getFirst().trim();
            return ProcessCpu.treeSeconds(Long.parseLong(pid));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // The services side by side (each a Quarkus shutdown of a few seconds; one after the other they added up),
        // then the broker and PostgreSQL they used.
        for (Process process : services) {
            process.destroy();
        }
        for (Process process : services.reversed()) {
            stop(process);
        }
        if (kafka != null) {
            stop(kafka);
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
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
}
