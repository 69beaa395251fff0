package io.ledgerline.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local stack: a Kafka broker (child process), PostgreSQL (embedded, or the server the environment
 * names), a token issuer for demo users, and every built Ledgerline service (child processes), with data kept in one
 * folder across restarts. Ctrl-C stops services first, then Kafka, then PostgreSQL. Started by
 * {@code deploy/run-local.sh}; the system test starts the same stack through {@link #start(StackSettings, PrintStream)}.
 *
 * <p>While it runs, the launcher listens on a control port (loopback, {@link StackSettings#controlPort()}): restart,
 * stop, kill or start one service, move the business date of every service ({@code deploy/restart.sh},
 * {@code deploy/clock.sh}, {@code deploy/demo.sh} use it). Environment: see {@link StackSettings#fromEnvironment}.
 * System property {@code ledgerline.root} names the repository root (default: the working directory).
 */
public final class LocalStack implements AutoCloseable {

    private final StackSettings settings;
    private final PrintStream out;
    private final Path clockFile;
    // Written by the starting thread, read by the shutdown hook, which may run mid-start (Ctrl-C while waiting).
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile KafkaBrokerProcess kafka;
    private volatile TokenIssuer issuer;
    private volatile PostgresDatabases postgres;
    private volatile StackControl control;
    private volatile String bootstrap;
    private volatile Duration startedIn;
    private volatile boolean stopping;
    private Thread shutdownHook;
    private final java.util.concurrent.atomic.AtomicBoolean stopRequested = new java.util.concurrent.atomic.AtomicBoolean();

    /** The services started with the stack; the others are known (the control port can start them) but not started. */
    private final java.util.Set<String> startAtLaunch;

    private LocalStack(StackSettings settings, PrintStream out) {
        this(settings, out, Service.selection(null));
    }

    private LocalStack(StackSettings settings, PrintStream out, java.util.Set<String> startAtLaunch) {
        this.settings = settings;
        this.out = out;
        this.startAtLaunch = startAtLaunch;
        this.clockFile = settings.dataDir().resolve("clock").resolve("today");
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        Path root = Path.of(System.getProperty("ledgerline.root", "")).toAbsolutePath().normalize();
        LocalStack stack;
        try {
            stack = new LocalStack(StackSettings.fromEnvironment(System.getenv(), root), System.out,
                    Service.selection(System.getenv("LEDGERLINE_SERVICES")));
        } catch (StackStartException e) {
            System.err.println("Local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "ledgerline-local-stack-stop"));
        try {
            stack.startAll();
            stack.printSummary();
        } catch (StackStartException e) {
            System.err.println();
            System.err.println("Local stack did not start: " + e.getMessage());
            // The shutdown hook stops whatever did start.
            System.exit(1);
        }
        if (options.contains("--demo")) {
            DemoPortfolio.load(stack.endpoints(), System.out, stack::setToday);
        }
        // Ctrl-C (SIGINT/SIGTERM) runs the shutdown hook; until then the launcher just waits.
        new CountDownLatch(1).await();
    }

    /**
     * Starts the stack and returns once every service is ready; on failure stops what did start and throws. Close
     * the stack to stop it.
     */
    public static LocalStack start(StackSettings settings, PrintStream out) throws Exception {
        LocalStack stack = new LocalStack(settings, out);
        // If the JVM is told to stop (a build's timeout), the children must not outlive it.
        stack.shutdownHook = new Thread(stack::stop, "ledgerline-local-stack-stop");
        Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        long started = System.nanoTime();
        Path dataDir = settings.dataDir();
        Files.createDirectories(dataDir.resolve("logs"));
        out.println("Ledgerline local stack, data in " + dataDir);

        if (settings.kafkaBootstrap() == null) {
            Path libs = Path.of(System.getProperty("ledgerline.kafka.libs",
                    settings.root().resolve("deploy/local-stack/target/kafka-libs").toString()));
            kafka = new KafkaBrokerProcess(libs, dataDir, settings.kafkaPort());
            out.println("  starting Kafka on 127.0.0.1:" + settings.kafkaPort() + " ...");
            kafka.start();
            bootstrap = kafka.bootstrapServers();
            watch("Kafka", kafka.process(), kafka.log(), pid -> false);
        } else {
            bootstrap = settings.kafkaBootstrap();
            out.println("  using Kafka at " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS)");
        }
        List<String> created = KafkaBrokerProcess.createTopics(bootstrap);
        if (!created.isEmpty()) {
            out.println("  created " + created.size() + " topics");
        }

        if (settings.pgUrl() == null) {
            out.println("  starting PostgreSQL on 127.0.0.1:" + settings.pgPort() + " ...");
            postgres = PostgresDatabases.startEmbedded(dataDir, settings.pgPort(), settings.pgFsync());
        } else {
            out.println("  using PostgreSQL at " + settings.pgUrl() + " (LEDGERLINE_PG_URL)");
            postgres = PostgresDatabases.external(settings.pgUrl(), settings.pgUser(), settings.pgPassword());
        }

        issuer = new TokenIssuer(dataDir, settings.issuerPort());
        issuer.start();
        out.println("  token issuer on " + issuer.url() + " (JWKS " + issuer.jwksUrl() + ")");

        setToday(settings.today());

        // Every service's database exists even before the service is built, so it can be inspected and migrated.
        for (Service service : Service.ALL) {
            postgres.ensureDatabase(service.database());
        }

        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        // Tokens from the stack's own issuer; a real IdP is named by the same three variables.
        shared.put("MP_JWT_VERIFY_ISSUER", issuer.url());
        shared.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
        shared.put("MP_JWT_VERIFY_AUDIENCES", TokenIssuer.AUDIENCE);
        // Swagger UI is off unless configured: the local stack is where developers want it.
        shared.put("QUARKUS_SWAGGER_UI_ENABLE", "true");
        // Every service follows the stack's business date (deploy/clock.sh), without a restart.
        shared.put("LEDGERLINE_CLOCK_TODAY_FILE", clockFile.toString());

        for (Service service : Service.ALL) {
            Path runner = service.runner(settings.root());
            if (!Files.isRegularFile(runner)) {
                out.println("  WARNING: " + service.name() + " is not built (no "
                        + settings.root().relativize(runner) + "); run ./mvnw package -DskipTests");
                continue;
            }
            ServiceProcess process = new ServiceProcess(service, settings.portOffset(), runner, dataDir, shared,
                    postgres, settings.aotCache());
            services.add(process);
            if (!startAtLaunch.contains(service.name())) {
                out.println("  not starting " + service.name() + " (LEDGERLINE_SERVICES); the control port can start it");
                continue;
            }
            out.println("  starting " + service.name() + " on " + process.url() + " ...");
            process.start();
            if (process.trainingAotCache()) {
                out.println("    (recording its JDK AOT cache, written as it stops: LEDGERLINE_AOT_CACHE=train)");
            }
            watch(service.name(), process.process(), process.log(), process::stoppedOnPurpose);
        }
        // Services start in parallel; waiting after launching them all overlaps their boot times.
        for (ServiceProcess service : services) {
            if (startAtLaunch.contains(service.name())) {
                service.awaitReady();
            }
        }
        startedIn = Duration.ofNanos(System.nanoTime() - started);

        if (settings.controlPort() > 0) {
            control = new StackControl(this, settings.controlPort());
            control.start();
        }
    }

    /** Every running (or stopped) service the stack knows, in start order. */
    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public ServiceProcess service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no service " + name + " in the stack; known: "
                        + services.stream().map(ServiceProcess::name).toList()));
    }

    public String kafkaBootstrapServers() {
        return bootstrap;
    }

    public String issuerUrl() {
        return issuer.url();
    }

    /** A bearer token from the stack's issuer, as {@code deploy/token.sh} prints one. */
    public String token(String user, String... roles) {
        try {
            return issuer.sign(user, List.of(roles), Duration.ofHours(8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the service (SIGTERM), starts it again and waits until it is ready. */
    public synchronized Duration restart(String name) throws Exception {
        ServiceProcess service = service(name);
        long started = System.nanoTime();
        service.stop();
        service.start();
        watch(name, service.process(), service.log(), service::stoppedOnPurpose);
        service.awaitReady();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Kills the service as {@code kill -9} would: no shutdown, nothing flushed. */
    public synchronized void kill(String name) throws InterruptedException {
        service(name).kill();
    }

    /** Stops the service politely (SIGTERM). */
    public synchronized void stopService(String name) {
        service(name).stop();
    }

    /** Starts a stopped or killed service and waits until it is ready. */
    public synchronized Duration startService(String name) throws Exception {
        ServiceProcess service = service(name);
        if (service.isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + service.pid() + ")");
        }
        long started = System.nanoTime();
        service.start();
        watch(name, service.process(), service.log(), service::stoppedOnPurpose);
        service.awaitReady();
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * Moves the business date of every service ({@code null}: back to the system date). Services read it from the
     * stack's date file on their next decision; nothing restarts.
     */
    public synchronized void setToday(LocalDate day) {
        try {
            Files.createDirectories(clockFile.getParent());
            if (day == null) {
                Files.deleteIfExists(clockFile);
                return;
            }
            // Written aside and renamed over, so a service never reads half a date.
            Path temporary = Files.createTempFile(clockFile.getParent(), "today", ".tmp");
            Files.writeString(temporary, day + "\n");
            Files.move(temporary, clockFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the business date to " + clockFile, e);
        }
    }

    /** The stack's business date, or empty when the services follow the system date. */
    public Optional<LocalDate> today() {
        try {
            return Files.isRegularFile(clockFile) ? Optional.of(LocalDate.parse(Files.readString(clockFile).strip()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** How long the last start took, from the launcher's first step until every service was ready. */
    public Duration startedIn() {
        return startedIn;
    }

    /** What a client of the stack needs: the broker, every service's address, the issuer, today. */
    public StackEndpoints endpoints() {
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> management = new LinkedHashMap<>();
        for (ServiceProcess service : services) {
            urls.put(service.name(), service.url());
            management.put(service.name(), service.managementUrl());
        }
        return new StackEndpoints(bootstrap, issuer.url(), urls, management, today().orElse(null));
    }

    /** Memory (PSS) of every part of the stack now, from /proc. */
    public StackMemory memory() {
        Map<String, Long> parts = new LinkedHashMap<>();
        if (kafka != null) {
            parts.put("Kafka", ChildProcesses.residentMib(kafka.process().pid()));
        }
        postgres.serverPid().ifPresent(pid -> parts.put("PostgreSQL", ChildProcesses.residentMib(pid)));
        for (ServiceProcess service : services) {
            if (service.isAlive()) {
                parts.put(service.name(), ChildProcesses.residentMib(service.pid()));
            }
        }
        parts.put("launcher (token issuer)", ChildProcesses.ownResidentMib());
        return new StackMemory(parts);
    }

    void printSummary() {
        String line = "-".repeat(110);
        StackMemory memory = memory();
        out.println();
        out.printf("Ledgerline local stack is up in %.1f s, business date %s%n", startedIn.toMillis() / 1000.0,
                today().map(LocalDate::toString).orElse("= system date"));
        out.println(line);
        out.printf("%-24s %-50s %s%n", "Kafka bootstrap", bootstrap,
                kafka == null ? "(external)" : rss(memory, "Kafka") + "  log: " + relative(kafka.log()));
        out.printf("%-24s %-50s %s%n", "PostgreSQL " + postgres.serverVersion(), postgres.jdbcUrl("<database>"),
                (postgres.isEmbedded() ? rss(memory, "PostgreSQL") : "(external)") + "  user: " + postgres.username());
        for (ServiceProcess process : services) {
            out.printf("%-24s %-50s %s%n", process.name(), process.url(),
                    rss(memory, process.name()) + "  log: " + relative(process.log()));
            for (Map.Entry<String, String> page : pages(process).entrySet()) {
                out.printf("%-24s %-50s%n", "", String.format("%-10s %s", page.getKey(), page.getValue()));
            }
        }
        out.printf("%-24s %-50s %s%n", "token issuer", issuer.url(), "deploy/token.sh <user> <role>...");
        if (control != null) {
            out.printf("%-24s %-50s %s%n", "launcher control", "http://127.0.0.1:" + settings.controlPort(),
                    "deploy/restart.sh <service>, deploy/clock.sh <date>, deploy/demo.sh");
        }
        out.println(line);
        out.printf("Memory (PSS, /proc): %s%n", memory.describe());
        out.println("Press Ctrl-C to stop everything; data stays in " + settings.dataDir());
    }

    /** The addresses a person opens for a service. */
    static Map<String, String> pages(ServiceProcess service) {
        Map<String, String> pages = new LinkedHashMap<>();
        if (service.name().equals("reporting-service")) {
            pages.put("dashboard", service.url() + "/dashboard");
        }
        pages.put("OpenAPI", service.url() + "/q/openapi");
        pages.put("Swagger UI", service.url() + "/q/swagger-ui");
        pages.put("health", service.managementUrl() + "/q/health/ready");
        pages.put("metrics", service.managementUrl() + "/q/metrics");
        pages.put("database", service.database());
        return pages;
    }

    /** Reports a child that dies while the stack is up, instead of leaving the user to wonder why calls fail. */
    private void watch(String name, Process process, Path log, java.util.function.LongPredicate onPurpose) {
        process.onExit().thenAccept(exited -> {
            if (!stopping && !onPurpose.test(exited.pid())) {
                System.err.println("WARNING: " + name + " exited with code " + exited.exitValue() + "; see " + log);
            }
        });
    }

    @Override
    public void close() {
        stop();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run: nothing left to remove.
            }
        }
    }

    /**
     * Not synchronized with the lifecycle commands: Ctrl-C during a restart must not wait for it. A restart that finds
     * its service stopped under it fails, which is what a stopping stack wants.
     */
    private void stop() {
        if (!stopRequested.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        out.println();
        out.println("Stopping the local stack ...");
        if (control != null) {
            control.stop();
        }
        // Side by side: each is a Quarkus shutdown of a few seconds, and after LEDGERLINE_AOT_CACHE=train each writes
        // its cache as it stops (half a minute or more): one after the other they added up.
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services.reversed()) {
            out.println("  stopping " + service.name());
            stopping.add(Thread.ofPlatform().name("stop-" + service.name()).start(service::stop));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (issuer != null) {
            issuer.stop();
        }
        if (kafka != null) {
            out.println("  stopping Kafka");
            kafka.stop();
        }
        if (postgres != null && postgres.isEmbedded()) {
            out.println("  stopping PostgreSQL");
            postgres.stop();
        }
        out.println("Stopped.");
    }

    private static String rss(StackMemory memory, String part) {
        Long mib = memory.parts().get(part);
        return mib == null || mib < 0 ? "" : String.format("%d MiB", mib);
    }

    private String relative(Path path) {
        return path.startsWith(settings.root()) ? settings.root().relativize(path).toString() : path.toString();
    }
}
