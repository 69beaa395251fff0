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
import java.util.Map;

/** One Quarkus service, run from its fast-jar as a child process pointed at the stack's Kafka and database. */
final class ServiceProcess {

    /**
     * A service keeps its busiest accounts in memory (ledgerline.accounts.cache-size) besides Quarkus itself: at
     * 256 MiB a busy ingest spent its time collecting garbage.
     */
    private static final String SERVICE_HEAP = "-Xmx512m";


    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Service service;
    private final Path log;
    private Process process;

    ServiceProcess(Service service, Path dataDir) {
        this.service = service;
        this.log = dataDir.resolve("logs").resolve(service.name() + ".log");
    }

    Service service() {
        return service;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    void start(Path runner, String kafkaBootstrap, PostgresDatabases postgres, TokenIssuer issuer) throws IOException {
        Ports.requireFree(service.port(), service.name());
        Ports.requireFree(service.managementPort(), service.name() + " management");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(KafkaBrokerProcess.java(), SERVICE_HEAP, "-jar", runner.toString())
                .directory(runner.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Environment variables beat application.properties in Quarkus, so the service needs no local-stack profile.
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(service.managementPort()));
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        // Tokens from the stack's own issuer; a real IdP is named by the same three variables.
        env.put("MP_JWT_VERIFY_ISSUER", issuer.url());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", TokenIssuer.AUDIENCE);
        // Swagger UI is off unless configured: the local stack is where developers want it.
        env.put("QUARKUS_SWAGGER_UI_ENABLE", "true");
        process = builder.start();
    }

    /**
     * Waits for the readiness check to answer 200. A service without SmallRye Health answers 404 there: it is then
     * taken as ready once HTTP answers at all.
     */
    void awaitReady() throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackStartException(service.name() + " exited with code " + process.exitValue() + "; see "
                        + log + ":\n" + ChildProcesses.tail(log, 30));
            }
            try {
                lastStatus = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
                + " s (last /q/health/ready status: " + lastStatus + "); see " + log);
    }

    void stop() {
        if (process != null) {
            ChildProcesses.stop(process, Duration.ofSeconds(15));
        }
    }
}
