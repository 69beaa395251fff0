package io.ledgerline.disputes.it;

import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.PostgresServer;
import io.ledgerline.testsupport.identity.TestIssuer;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * receivables-service as its own process, from the jar its module built (the reactor builds receivables first:
 * disputes-service depends on its pom for the order, never on its classes). It shares the test JVM's broker and
 * PostgreSQL server, with a database of its own, like a second service in the local stack.
 */
final class ReceivablesProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "receivables-service", "target", "quarkus-app", "quarkus-run.jar");
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;

    private ReceivablesProcess(Process process, int port, int managementPort, Path log) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    static ReceivablesProcess start(String today) throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build receivables-service first"
                    + " (./mvnw -pl disputes-service -am verify builds it)");
        }
        PostgresServer.Database db = PostgresServer.shared().createDatabase("receivables");
        int port = freePort();
        int management = freePort();
        Path log = Path.of("target", "receivables-e2e.log");
        Files.createDirectories(log.getParent());
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", JAR.toAbsolutePath().toString())
                .directory(JAR.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        // Tokens from the same test issuer as the application under test.
        env.put("MP_JWT_VERIFY_ISSUER", TestIssuer.shared().url());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", TestIssuer.shared().jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", TestIssuer.AUDIENCE);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", db.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.password() == null ? "" : db.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
        env.put("LEDGERLINE_CLOCK_TODAY", today);
        env.put("LEDGERLINE_DELINQUENCY_DAILY_CRON", "off");
        ReceivablesProcess started = new ReceivablesProcess(builder.start(), port, management, log);
        started.awaitReady();
        return started;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // Health is on the management interface (identity's default).
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("receivables-service exited with " + process.exitValue() + "; see "
                        + log.toAbsolutePath());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("receivables-service was not ready within 120 s; see " + log.toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    File logFile() {
        return log.toFile();
    }
}
