package io.ledgerline.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import io.ledgerline.events.Topics;

/**
 * One real Kafka broker per JVM: an in-process single-node KRaft cluster (combined broker and controller) started on
 * first use and stopped by a shutdown hook (the kit binds it to {@code localhost}, loopback only), so every test class in the JVM shares it and pays the 2–3 s start once.
 * If {@code KAFKA_BOOTSTRAP_SERVERS} is set, nothing is started and that cluster is used.
 * <p>
 * Quarkus loads test resources in its own class loaders, so a plain static field would start one broker per loader.
 * The started broker's address is therefore published as a system property (JVM-wide) and every copy of this class
 * adopts it; the start itself is guarded by a lock object that is the same across loaders (an interned string).
 * <p>
 * All Ledgerline topics ({@link Topics#all()}) are created up front with {@value #PARTITIONS} partitions, so the
 * first test doesn't pay for auto-creation and partition counts match production.
 */
public final class KafkaBroker {

    public static final String BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final int PARTITIONS = 3;

    private static final String SHARED_PROPERTY = "ledgerline.testsupport.kafka.bootstrap-servers";
    private static final Object JVM_LOCK = "io.ledgerline.testsupport.KafkaBroker.lock".intern();
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private static final List<Logger> QUIETED_LOGGERS = new CopyOnWriteArrayList<>();

    private static volatile KafkaBroker shared;

    private final String bootstrapServers;

    private KafkaBroker(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The JVM's broker, started (and its topics created) on first call. */
    public static KafkaBroker shared() {
        KafkaBroker broker = shared;
        if (broker != null) {
            return broker;
        }
        synchronized (JVM_LOCK) {
            if (shared == null) {
                shared = new KafkaBroker(locateOrStart());
                shared.createTopics(Topics.all(), PARTITIONS);
            }
            return shared;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the topics that don't exist yet; existing ones are left as they are (idempotent). Returns once every
     * named topic is visible with a leader for each partition, so a producer or consumer can use it at once.
     * {@link Topics#REPORTING_AGING} is created compacted, as in production: it carries the latest aging per customer.
     */
    public void createTopics(Collection<String> names, int partitions) {
        List<String> wanted = names.stream().distinct().toList();
        try (Admin admin = admin()) {
            var results = admin.createTopics(wanted.stream().map(name -> newTopic(name, partitions)).toList());
            for (var entry : results.values().entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not create "
                            + entry.getKey() + " within " + ADMIN_TIMEOUT, e);
                }
            }
            // Creation is acknowledged by the controller before every broker's metadata has caught up;
            // until then describe/produce answer UnknownTopicOrPartition.
            await("topics " + wanted + " visible on " + bootstrapServers)
                    .atMost(ADMIN_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> admin.describeTopics(wanted).allTopicNames().get().values().stream()
                            .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        return Admin.create(props);
    }

    private static NewTopic newTopic(String name, int partitions) {
        NewTopic topic = new NewTopic(name, partitions, (short) 1);
        if (Topics.REPORTING_AGING.equals(name)) {
            topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return topic;
    }

    private static String locateOrStart() {
        String external = System.getenv(BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return external.trim();
        }
        String started = System.getProperty(SHARED_PROPERTY);
        if (started != null) {
            return started;
        }
        String bootstrap = startInProcess();
        System.setProperty(SHARED_PROPERTY, bootstrap);
        return bootstrap;
    }

    private static String startInProcess() {
        quietBrokerLogging();
        try {
            // Our own directory, deleted by our own hook after the broker has stopped: the kit's default temp
            // directory is removed by a separate shutdown hook that races the broker's shutdown and makes it fail
            // writing its checkpoints (log dir "offline due to a previous IO exception").
            Path baseDirectory = Files.createTempDirectory("ledgerline-kafka-");
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(baseDirectory)
                    // The kit defaults to the newest, still unstable, metadata version; production brokers (and the
                    // local stack's) format with the latest stable one, so tests should see the same features.
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    // The first group join creates the offsets topic; 50 partitions (the default) is seconds of a
                    // test's start on 2 cores for nothing on one node.
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    // Consumer groups in tests join immediately instead of waiting 3 s for more members.
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setDeleteOnClose(false)
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                    deleteRecursively(baseDirectory);
                } catch (Exception e) {
                    // The JVM is exiting; a failed close only leaves temp files behind.
                    System.err.println("Kafka test broker did not close cleanly: " + e);
                }
            }, "ledgerline-kafka-broker-shutdown"));
            return cluster.bootstrapServers();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the Kafka test broker", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the in-process Kafka test broker", e);
        }
    }

    /**
     * The broker logs thousands of INFO lines per test run into the test output, burying the tests' own messages.
     * Test JVMs log through JBoss LogManager (the JUL manager Quarkus installs), so JUL levels apply to the broker's
     * SLF4J loggers. The clients' own messages (org.apache.kafka.clients: group joins, rebalances) keep their levels.
     * The loggers are held in a static field because JUL forgets the level of a logger nobody references.
     */
    private static void quietBrokerLogging() {
        for (String category : List.of("kafka", "state.change.logger", "org.apache.kafka.server",
                "org.apache.kafka.controller", "org.apache.kafka.raft", "org.apache.kafka.metadata",
                "org.apache.kafka.image", "org.apache.kafka.storage", "org.apache.kafka.coordinator",
                "org.apache.kafka.snapshot", "org.apache.kafka.queue", "org.apache.kafka.common.test",
                // Config dumps, metric and version banners of every client and server: pure noise in test output.
                "org.apache.kafka.common.config", "org.apache.kafka.common.metrics",
                "org.apache.kafka.common.utils.AppInfoParser")) {
            Logger logger = Logger.getLogger(category);
            logger.setLevel(Level.WARNING);
            QUIETED_LOGGERS.add(logger);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
