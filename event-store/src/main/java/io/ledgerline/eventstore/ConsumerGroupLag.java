package io.ledgerline.eventstore;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Consumer lag per group and topic, as the broker sees it: the records on each partition after the group's committed
 * offset (after the earliest offset for a partition the group never committed), summed per topic. Read through the
 * Kafka admin API rather than the consumers' own client metrics because those exist only while a consumer runs and
 * count only its own partitions; a group whose consumers are all down is exactly the one whose lag must show.
 * <p>
 * The groups are the service's Kafka channels ({@code mp.messaging.incoming.<channel>.connector=smallrye-kafka}):
 * {@code group.id} of the channel (or of the connector, or {@code kafka.group.id}, or the application's name, as the
 * connector defaults it), and its {@code topics}/{@code topic} (the channel's name if neither). Pattern subscriptions
 * report the topics the group has committed offsets on.
 */
final class ConsumerGroupLag implements AutoCloseable {

    record GroupTopic(String group, String topic) implements Comparable<GroupTopic> {
        @Override
        public int compareTo(GroupTopic other) {
            int byGroup = group.compareTo(other.group);
            return byGroup != 0 ? byGroup : topic.compareTo(other.topic);
        }
    }

    private static final Pattern CHANNEL_CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.([^.\"]+)\\.connector");
    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, Object> adminConfig;
    /** Group to the topics its channels subscribe to by name (empty for a pattern). */
    private final Map<String, Set<String>> groups;
    private Admin admin;

    ConsumerGroupLag(Map<String, Object> adminConfig, Map<String, Set<String>> groups) {
        this.adminConfig = adminConfig;
        this.groups = groups;
    }

    /** The groups of the service's Kafka channels; null when it has none. */
    static ConsumerGroupLag fromConfig(Config config, String application) {
        Map<String, Set<String>> groups = groupsOf(config, application);
        if (groups.isEmpty()) {
            return null;
        }
        Map<String, Object> admin = new HashMap<>(ReliableKafkaProducer.securitySettings(config));
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.getOptionalValue("kafka.bootstrap.servers", String.class).orElse("localhost:9092"));
        admin.put(AdminClientConfig.CLIENT_ID_CONFIG, application + "-lag-metrics");
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return new ConsumerGroupLag(admin, groups);
    }

    static Map<String, Set<String>> groupsOf(Config config, String application) {
        Map<String, Set<String>> groups = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            Matcher channel = CHANNEL_CONNECTOR.matcher(name);
            if (!channel.matches()
                    || !"smallrye-kafka".equals(config.getOptionalValue(name, String.class).orElse(""))) {
                continue;
            }
            String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
            String group = config.getOptionalValue(prefix + "group.id", String.class)
                    .or(() -> config.getOptionalValue("mp.messaging.connector.smallrye-kafka.group.id", String.class))
                    .or(() -> config.getOptionalValue("kafka.group.id", String.class))
                    .orElse(application);
            Set<String> topics = groups.computeIfAbsent(group, g -> new LinkedHashSet<>());
            if (config.getOptionalValue(prefix + "pattern", Boolean.class).orElse(false)) {
                continue;
            }
            String named = config.getOptionalValue(prefix + "topics", String.class)
                    .or(() -> config.getOptionalValue(prefix + "topic", String.class))
                    .orElse(channel.group(1));
            Arrays.stream(named.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(topics::add);
        }
        return groups;
    }

    /** Lag per group and topic, read now. */
    synchronized Map<GroupTopic, Long> read() {
        Map<GroupTopic, Long> lags = new TreeMap<>();
        for (Map.Entry<String, Set<String>> entry : groups.entrySet()) {
            String group = entry.getKey();
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(
                    get(admin().listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()));
            committed.values().removeIf(java.util.Objects::isNull);
            Set<TopicPartition> partitions = new LinkedHashSet<>(committed.keySet());
            partitions.addAll(partitionsOf(entry.getValue()));
            if (partitions.isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
            Set<TopicPartition> neverCommitted = new HashSet<>(partitions);
            neverCommitted.removeAll(committed.keySet());
            Map<TopicPartition, Long> starts = neverCommitted.isEmpty() ? Map.of()
                    : offsets(neverCommitted, OffsetSpec.earliest());
            for (TopicPartition partition : partitions) {
                Long end = ends.get(partition);
                if (end == null) {
                    continue;
                }
                OffsetAndMetadata at = committed.get(partition);
                long from = at != null ? at.offset() : starts.getOrDefault(partition, end);
                lags.merge(new GroupTopic(group, partition.topic()), Math.max(0, end - from), Long::sum);
            }
        }
        return lags;
    }

    private Set<TopicPartition> partitionsOf(Set<String> topics) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        for (String topic : topics) {
            try {
                TopicDescription description = get(admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
                description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // Not created yet: no lag to report.
            }
        }
        return partitions;
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec, (a, b) -> a, LinkedHashMap::new));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = get(admin().listOffsets(request).all());
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(5));
            admin = null;
        }
    }
}
