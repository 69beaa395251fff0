package io.ledgerline.localstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Quarkus service, run from its jar ({@code quarkus-run.jar}, with its build's AOT cache: {@link AotCache}) as a
 * child process pointed at the stack's Kafka, database, token issuer and business-date file. It can be stopped, killed
 * and started again while the rest of the stack runs.
 */
public final class ServiceProcess {

    /**
     * G1's pause goal for every service. Its default (200 ms) let receivables-service's young collections run 60 to
     * 90 ms each with a 1 GiB heap, all of it copying the accounts ingest had just replaced in its cache: those pauses
     * were the tail of ingest's latency at a steady 1,000 records/s. With 20 ms G1 keeps the young generation small
     * enough to copy in about that (more, shorter pauses; benchmarks/README.md, "G1's pause goal", 2026-12-02).
     */
    static final String GC_PAUSE_GOAL = "-XX:MaxGCPauseMillis=20";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** A training run writes its AOT cache as it exits (a second JVM assembles it): allow for that. */
    private static final Duration TRAINING_STOP_GRACE = Duration.ofSeconds(180);

    private final Service service;
    private final int port;
    private final Path runner;
    private final Path log;
    private final Map<String, String> environment;
    private final PostgresDatabases postgres;
    /** The build's AOT cache; null on a JDK before 25, which has none. */
    private final AotCache aot;
    private final AotCache.Mode aotMode;
    private volatile Process process;
    /** The AOT cache the running process trains, when it is a training run. */
    private volatile Optional<Path> training = Optional.empty();
    /** Processes the launcher stopped or killed itself: their exit is no news. */
    private final java.util.Set<Long> stoppedOnPurpose = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code environment}: what every service of the stack is given (Kafka, tokens, clock); the rest is its own. */
    ServiceProcess(Service service, int portOffset, Path runner, Path dataDir, Map<String, String> environment,
                   PostgresDatabases postgres, AotCache.Mode aotMode) {
        this.service = service;
        this.port = service.port() + portOffset;
        this.runner = runner;
        this.log = dataDir.resolve("logs").resolve(service.name() + ".log");
        this.environment = Map.copyOf(environment);
        this.postgres = postgres;
        this.aot = AotCache.supported(Runtime.version().feature()) ? new AotCache(runner) : null;
        this.aotMode = aotMode;
    }

    public String name() {
        return service.name();
    }

    public String database() {
        return service.database();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics: the management interface, on the HTTP port + 1000 (see identity/README.md). */
    public String managementUrl() {
        return "http://127.0.0.1:" + (port + 1000);
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public long pid() {
        Process current = process;
        return current == null ? -1 : current.pid();
    }

    Process process() {
        return process;
    }

    /** Whether this run records the AOT cache of the service's build (LEDGERLINE_AOT_CACHE=train). */
    boolean trainingAotCache() {
        return training.isPresent();
    }

    /** True when the launcher itself stopped or killed the process with this pid. */
    boolean stoppedOnPurpose(long pid) {
        return stoppedOnPurpose.contains(pid);
    }

    void start() throws IOException {
        Ports.requireFree(port, service.name());
        Ports.requireFree(port + 1000, service.name() + " management");
        Files.createDirectories(log.getParent());
        // A service keeps its busiest accounts in memory besides Quarkus itself: at 256 MiB a busy ingest spent its
        // time collecting garbage (each service's size: Service#heap). The heap starts at its maximum: a quiet
        // service's heap otherwise shrank to about three times its live data, and the next burst of requests (credit
        // checks) then ran into old-generation cycles whose remark pauses (50 to 120 ms) were the answers' p99.
        String heap = service.heap();
        List<String> command = new ArrayList<>(
                List.of(KafkaBrokerProcess.java(), "-Xmx" + heap, "-Xms" + heap, GC_PAUSE_GOAL));
        training = Optional.empty();
        if (aot != null) {
            AotCache.Start start = aot.nextStart(aotMode);
            command.addAll(start.jvmOptions());
            training = start.training();
        }
        command.addAll(List.of("-jar", runner.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Environment variables beat application.properties in Quarkus, so the service needs no local-stack profile.
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(port + 1000));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        process = builder.start();
    }

    /**
     * Waits for the readiness check on the management port to answer 200: the database migrated and every Kafka
     * consumer in its group (event-store's readiness checks), besides the connector's own broker check. A service
     * without SmallRye Health answers 404 there: it is then taken as ready once HTTP answers at all.
     */
    void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int lastStatus = -1;
        String lastBody = "";
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (!current.isAlive()) {
                throw new StackStartException(service.name() + " exited with code " + current.exitValue() + "; see "
                        + log + ":\n" + ChildProcesses.tail(log, 30));
            }
            try {
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                lastStatus = answer.statusCode();
                lastBody = answer.body();
                if (lastStatus == 200 || lastStatus == 404) {
                    return;
                }
            } catch (ConnectException notListeningYet) {
                // Still starting.
            } catch (IOException e) {
                // Connection reset while the HTTP server comes up; try again.
            }
            Thread.sleep(250);
        }
        throw new StackStartException(service.name() + " was not ready within " + READY_TIMEOUT.toSeconds()
                + " s (last /q/health/ready status: " + lastStatus + " " + lastBody + "); see " + log);
    }

    /** SIGTERM, as an orchestrator stops a pod: the service finishes its poll and closes its connections. */
    void stop() {
        Process current = process;
        if (current != null) {
            stoppedOnPurpose.add(current.pid());
            Optional<Path> trained = training;
            if (trained.isPresent() && current.isAlive()) {
                System.out.println("  " + service.name()
                        + " is writing its AOT cache as it stops (LEDGERLINE_AOT_CACHE=train) ...");
            }
            ChildProcesses.stop(current, trained.isPresent() ? TRAINING_STOP_GRACE : STOP_GRACE);
            // Written whole only by a JVM that exited as SIGTERM asks (143), whoever sent it (the benchmarks' scripts
            // stop services before the launcher); killed (137) or crashed, its file may be half written.
            boolean clean = !current.isAlive() && (current.exitValue() == 143 || current.exitValue() == 0);
            trained.ifPresent(file -> {
                if (clean) {
                    aot.keep(file);
                } else {
                    aot.discard(file);
                }
            });
            training = Optional.empty();
        }
    }

    /** SIGKILL ({@code kill -9}): no shutdown hook runs, nothing is flushed, connections just drop. */
    void kill() throws InterruptedException {
        Process current = process;
        if (current != null && current.isAlive()) {
            stoppedOnPurpose.add(current.pid());
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(service.name() + " (pid " + current.pid() + ") survived SIGKILL");
            }
            training.ifPresent(aot::discard);
            training = Optional.empty();
        }
    }
}
