package io.ledgerline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import io.ledgerline.events.Topics;

/**
 * A single-node KRaft broker (combined broker and controller) run from the Maven-resolved Kafka jars as a child
 * process, with its log directory under the data folder so topics and records survive restarts.
 */
final class KafkaBrokerProcess {

    static final int PARTITIONS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path libs;
    private final Path home;
    private final Path log;
    private final int port;
    private Process process;

    KafkaBrokerProcess(Path libs, Path dataDir, int port) {
        this.libs = libs;
        this.home = dataDir.resolve("kafka");
        this.log = dataDir.resolve("logs").resolve("kafka.log");
        this.port = port;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    Process process() {
        return process;
    }

    Path log() {
        return log;
    }

    void start() throws IOException, InterruptedException {
        if (!Files.isDirectory(libs) || !Files.exists(libs.resolve("kafka_2.13-" + kafkaVersion() + ".jar"))) {
            throw new StackStartException("The Kafka jars are missing from " + libs + "; build first: ./mvnw install");
        }
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(port + 1, "Kafka controller");
        Files.createDirectories(home);
        Files.createDirectories(log.getParent());
        Path config = writeConfig();
        formatOnce(config);
        process = new ProcessBuilder(java(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "-cp", libs + "/*", "kafka.Kafka", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        awaitReady();
    }

    /** Creates every Ledgerline topic that doesn't exist yet; the aging snapshot topic is compacted. */
    static List<String> createTopics(String bootstrapServers) throws InterruptedException {
        List<String> created = new ArrayList<>();
        try (Admin admin = admin(bootstrapServers)) {
            var results = admin.createTopics(Topics.all().stream().map(KafkaBrokerProcess::newTopic).toList());
            for (var entry : results.values().entrySet()) {
                try {
                    entry.getValue().get();
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new StackStartException("Could not create topic " + entry.getKey() + " on "
                                + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        }
        return created;
    }

    void stop() {
        if (process != null) {
            // SIGTERM lets the broker flush and write its clean-shutdown marker, so the next start skips log recovery.
            ChildProcesses.stop(process, Duration.ofSeconds(30));
        }
    }

    static Admin admin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(props);
    }

    private static NewTopic newTopic(String name) {
        NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
        if (Topics.REPORTING_AGING.equals(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private Path writeConfig() throws IOException {
        int controllerPort = port + 1;
        String config = String.join("\n",
                "# Written by the Ledgerline local stack on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + home.resolve("data"),
                "num.partitions=" + PARTITIONS,
                // One node: every internal topic must be satisfiable with a single replica.
                "offsets.topic.replication.factor=1",
                // The first consumer group's join creates the offsets topic: 50 partitions by default took 15 to 30 s
                // of a fresh stack's start on 2 cores; one node needs no more than one.
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                // A lone consumer joins at once instead of waiting 3 s for other group members.
                "group.initial.rebalance.delay.ms=0",
                "");
        Path file = home.resolve("server.properties");
        Files.writeString(file, config);
        Files.writeString(home.resolve("log4j2.properties"), String.join("\n",
                "# The launcher appends the broker's stdout to logs/kafka.log.",
                "appender.console.type=Console",
                "appender.console.name=STDOUT",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                // Per-request and state-change chatter: useful when debugging Kafka itself, not our services.
                "logger.request.name=kafka.request.logger",
                "logger.request.level=WARN",
                "logger.state.name=state.change.logger",
                "logger.state.level=WARN",
                ""));
        return file;
    }

    /**
     * KRaft storage must be formatted once with a cluster id; the id is kept in the data folder so a lost
     * meta.properties can be re-created for the same cluster. A formatted directory is never formatted again.
     */
    private void formatOnce(Path config) throws IOException, InterruptedException {
        if (Files.exists(home.resolve("data").resolve("meta.properties"))) {
            return;
        }
        Path clusterIdFile = home.resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        Process format = new ProcessBuilder(java(), "-Xmx128m", "-cp", libs + "/*",
                "-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"),
                "kafka.tools.StorageTool", "format", "--standalone", "--ignore-formatted",
                "-t", clusterId, "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new StackStartException("Formatting Kafka storage failed; see " + log + ":\n"
                    + ChildProcesses.tail(log, 20));
        }
    }

    /** Ready = the port is open and the broker answers describeCluster (its metadata is loaded). */
    private void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // An admin client created before the port opens would log a connection warning per retry.
        while (!Ports.isOpen(port)) {
            checkAlive(deadline);
            Thread.sleep(100);
        }
        try (Admin admin = admin(bootstrapServers())) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException notYet) {
                    checkAlive(deadline);
                    Thread.sleep(100);
                }
            }
        }
    }

    private void checkAlive(long deadline) {
        if (!process.isAlive()) {
            throw new StackStartException("Kafka exited with code " + process.exitValue() + "; see " + log + ":\n"
                    + ChildProcesses.tail(log, 20));
        }
        if (System.nanoTime() > deadline) {
            throw new StackStartException("Kafka did not answer on " + bootstrapServers() + " within "
                    + START_TIMEOUT.toSeconds() + " s; see " + log);
        }
    }

    private static String kafkaVersion() {
        return org.apache.kafka.common.utils.AppInfoParser.getVersion();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
