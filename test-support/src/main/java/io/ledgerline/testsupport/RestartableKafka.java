package io.ledgerline.testsupport;

import io.ledgerline.events.Topics;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.nio.file.Files;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of its own (in-process KRaft, like {@link KafkaBroker}) that a test can stop and start again on the
 * same port with the same data, to see what a service does while the broker is away. The controller keeps running;
 * the broker's listener goes away and comes back, which is what clients see of a broker restart. Not shared: a test
 * that stops it must be the only one using it. Every {@link Topics#all()} topic is created with 3 partitions.
 */
public final class RestartableKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private boolean running = true;
    private boolean closed;

    private RestartableKafka(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static RestartableKafka startNew() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setBaseDirectory(Files.createTempDirectory("ledgerline-kafka-restartable-"))
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            RestartableKafka kafka = new RestartableKafka(cluster);
            kafka.createTopics();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "ledgerline-restartable-kafka-shutdown"));
            return kafka;
        } catch (Exception e) {
            throw new IllegalStateException("Could not start a restartable Kafka broker", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public synchronized void stop() {
        if (running) {
            cluster.brokers().values().forEach(BrokerServer::shutdown);
            running = false;
        }
    }

    public synchronized void start() {
        if (!running) {
            cluster.brokers().values().forEach(BrokerServer::startup);
            running = true;
            try {
                cluster.waitForReadyBrokers();
            } catch (Exception e) {
                throw new IllegalStateException("The restarted broker did not become ready", e);
            }
        }
    }

    private void createTopics() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(Topics.all().stream().map(t -> new NewTopic(t, KafkaBroker.PARTITIONS, (short) 1)
                    .configs(Map.of())).toList()).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cluster.close();
        } catch (Exception e) {
            System.err.println("restartable Kafka broker did not close cleanly: " + e);
        }
    }
}
