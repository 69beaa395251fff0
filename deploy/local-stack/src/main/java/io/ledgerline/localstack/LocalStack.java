package io.ledgerline.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * The one-command local stack: a Kafka broker (child process), PostgreSQL (embedded, or the server the environment
 * names) and every built Ledgerline service (child processes), with data kept in one folder across restarts.
 * Ctrl-C stops services first, then Kafka, then PostgreSQL. Started by {@code deploy/run-local.sh}.
 *
 * <p>Environment: {@code LEDGERLINE_DATA_DIR} (default {@code .data} under the repository root),
 * {@code KAFKA_BOOTSTRAP_SERVERS} (use that cluster, start no broker), {@code LEDGERLINE_KAFKA_PORT} (9092; the
 * controller takes the next port), {@code LEDGERLINE_PG_URL} / {@code LEDGERLINE_PG_USER} /
 * {@code LEDGERLINE_PG_PASSWORD} (use that server), {@code LEDGERLINE_PG_PORT} (5432, embedded server).
 * System property {@code ledgerline.root} names the repository root (default: the working directory).
 */
public final class LocalStack {

    private final Map<String, String> env;
    private final Path root;
    private final Path dataDir;
    // Written by the starting thread, read by the shutdown hook, which may run mid-start (Ctrl-C while waiting).
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile KafkaBrokerProcess kafka;
    private volatile TokenIssuer issuer;
    private volatile PostgresDatabases postgres;
    private volatile boolean stopping;

    private LocalStack(Map<String, String> env, Path root) {
        this.env = env;
        this.root = root;
        this.dataDir = root.resolve(env.getOrDefault("LEDGERLINE_DATA_DIR", ".data")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("ledgerline.root", "")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(System.getenv(), root);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "ledgerline-local-stack-stop"));
        try {
            stack.start();
        } catch (StackStartException e) {
            System.err.println();
            System.err.println("Local stack did not start: " + e.getMessage());
            // The shutdown hook stops whatever did start.
            System.exit(1);
        }
        // Ctrl-C (SIGINT/SIGTERM) runs the shutdown hook; until then the launcher just waits.
        new CountDownLatch(1).await();
    }

    private void start() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(dataDir.resolve("logs"));
        System.out.println("Ledgerline local stack, data in " + dataDir);

        String bootstrap = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (bootstrap == null || bootstrap.isBlank()) {
            int port = intEnv("LEDGERLINE_KAFKA_PORT", 9092);
            Path libs = Path.of(System.getProperty("ledgerline.kafka.libs",
                    root.resolve("deploy/local-stack/target/kafka-libs").toString()));
            kafka = new KafkaBrokerProcess(libs, dataDir, port);
            System.out.println("  starting Kafka on 127.0.0.1:" + port + " ...");
            kafka.start();
            bootstrap = kafka.bootstrapServers();
            watch("Kafka", kafka.process(), kafka.log());
        } else {
            System.out.println("  using Kafka at " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS)");
        }
        List<String> created = KafkaBrokerProcess.createTopics(bootstrap);
        if (!created.isEmpty()) {
            System.out.println("  created " + created.size() + " topics");
        }

        String pgUrl = env.get("LEDGERLINE_PG_URL");
        if (pgUrl == null || pgUrl.isBlank()) {
            int port = intEnv("LEDGERLINE_PG_PORT", 5432);
            System.out.println("  starting PostgreSQL on 127.0.0.1:" + port + " ...");
            postgres = PostgresDatabases.startEmbedded(dataDir, port);
        } else {
            System.out.println("  using PostgreSQL at " + pgUrl + " (LEDGERLINE_PG_URL)");
            postgres = PostgresDatabases.external(pgUrl, env.getOrDefault("LEDGERLINE_PG_USER", "postgres"),
                    env.getOrDefault("LEDGERLINE_PG_PASSWORD", ""));
        }

        issuer = new TokenIssuer(dataDir, intEnv("LEDGERLINE_ISSUER_PORT", 8090));
        issuer.start();
        System.out.println("  token issuer on " + issuer.url() + " (JWKS " + issuer.jwksUrl() + ")");

        // Every service's database exists even before the service is built, so it can be inspected and migrated.
        for (Service service : Service.ALL) {
            postgres.ensureDatabase(service.database());
        }

        for (Service service : Service.ALL) {
            Path runner = service.runner(root);
            if (!Files.isRegularFile(runner)) {
                System.out.println("  WARNING: " + service.name() + " is not built (no " + root.relativize(runner)
                        + "); run ./mvnw install");
                continue;
            }
            ServiceProcess process = new ServiceProcess(service, dataDir);
            System.out.println("  starting " + service.name() + " on " + service.url() + " ...");
            process.start(runner, bootstrap, postgres, issuer);
            services.add(process);
            watch(service.name(), process.process(), process.log());
        }
        // Services start in parallel; waiting after launching them all overlaps their boot times.
        for (ServiceProcess service : services) {
            service.awaitReady();
        }

        printSummary(bootstrap, Duration.ofNanos(System.nanoTime() - started));
    }

    private void printSummary(String bootstrap, Duration elapsed) {
        String line = "-".repeat(100);
        System.out.println();
        System.out.printf("Ledgerline local stack is up in %.1f s%n", elapsed.toMillis() / 1000.0);
        System.out.println(line);
        System.out.printf("%-22s %-45s %s%n", "Kafka bootstrap", bootstrap,
                kafka == null ? "(external)" : memory(kafka.process().pid()) + "  log: " + relative(kafka.log()));
        String pgMemory = postgres.serverPid().stream().mapToObj(this::memory).findFirst().orElse("(external)");
        System.out.printf("%-22s %-45s %s%n", "PostgreSQL " + postgres.serverVersion(),
                postgres.jdbcUrl("<database>"), pgMemory + "  user: " + postgres.username());
        for (ServiceProcess process : services) {
            Service service = process.service();
            System.out.printf("%-22s %-45s %s%n", service.name(), service.url(),
                    memory(process.process().pid()) + "  log: " + relative(process.log()));
            System.out.printf("%-22s %-45s%n", "", "OpenAPI    " + service.url() + "/q/openapi");
            System.out.printf("%-22s %-45s%n", "", "Swagger UI " + service.url() + "/q/swagger-ui");
            System.out.printf("%-22s %-45s%n", "", "health     " + service.managementUrl() + "/q/health");
            System.out.printf("%-22s %-45s%n", "", "database   " + postgres.jdbcUrl(service.database()));
        }
        System.out.printf("%-22s %-45s %s%n", "token issuer", issuer.url(), "deploy/token.sh <user> <role>...");
        System.out.println(line);
        System.out.println("Press Ctrl-C to stop everything; data stays in " + dataDir);
    }

    /** Reports a child that dies while the stack is up, instead of leaving the user to wonder why calls fail. */
    private void watch(String name, Process process, Path log) {
        process.onExit().thenAccept(exited -> {
            if (!stopping) {
                System.err.println("WARNING: " + name + " exited with code " + exited.exitValue() + "; see " + log);
            }
        });
    }

    private void stop() {
        stopping = true;
        System.out.println();
        System.out.println("Stopping the local stack ...");
        for (ServiceProcess service : services.reversed()) {
            System.out.println("  stopping " + service.service().name());
            service.stop();
        }
        if (issuer != null) {
            issuer.stop();
        }
        if (kafka != null) {
            System.out.println("  stopping Kafka");
            kafka.stop();
        }
        if (postgres != null && postgres.isEmbedded()) {
            System.out.println("  stopping PostgreSQL");
            postgres.stop();
        }
        System.out.println("Stopped.");
    }

    private String memory(long pid) {
        long mib = ChildProcesses.residentMib(pid);
        return mib < 0 ? "" : String.format("RSS ~%d MiB", mib);
    }

    private String relative(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private int intEnv(String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackStartException(name + " must be a port number, not '" + value + "'");
        }
    }
}
