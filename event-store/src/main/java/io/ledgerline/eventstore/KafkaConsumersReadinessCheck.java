package io.ledgerline.eventstore;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Readiness: every Kafka consumer channel of the service (each {@code mp.messaging.incoming.<channel>} on the
 * {@code smallrye-kafka} connector, unless {@code enabled=false}) has joined its consumer group. Until then the
 * service has not begun to read its topics: a caller who publishes and then asks would wait for the group join
 * (seconds on a fresh broker), and an operator rolling a deployment would take traffic from an instance that is not
 * consuming yet. The connector's own readiness check covers the broker connection; this one covers the group.
 *
 * <p>Joined = the consumer has a group generation or partitions assigned (an instance beyond the topic's partition
 * count joins with none, and is ready). Once a channel has joined it stays ready: a rebalance is not an outage, and
 * readiness that flapped with every rebalance would take every instance out of traffic at once.
 *
 * <p>Every service gets the check by depending on the event store; a service without Kafka consumers reports it UP
 * with no channels.
 */
@Readiness
@ApplicationScoped
public class KafkaConsumersReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "kafka-consumers";
    private static final Pattern CONNECTOR = Pattern.compile("mp\\.messaging\\.incoming\\.(.+)\\.connector");
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

    private final Instance<KafkaClientService> clients;
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private volatile SortedSet<String> channels;

    public KafkaConsumersReadinessCheck(Instance<KafkaClientService> clients) {
        this.clients = clients;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        SortedSet<String> expected = channels();
        if (expected.isEmpty() || joined.containsAll(expected)) {
            return Uni.createFrom().item(response(expected));
        }
        if (clients.isUnsatisfied()) {
            return Uni.createFrom().item(response(expected));
        }
        KafkaClientService service = clients.get();
        List<Uni<Void>> asks = new ArrayList<>();
        for (String channel : expected) {
            if (!joined.contains(channel)) {
                asks.add(ask(service, channel));
            }
        }
        return Uni.join().all(asks).andCollectFailures().replaceWith(() -> response(expected))
                .onFailure().recoverWithItem(() -> response(expected));
    }

    /** Marks the channel joined when each of its consumers has a generation or an assignment. */
    private Uni<Void> ask(KafkaClientService service, String channel) {
        List<KafkaConsumer<Object, Object>> consumers;
        try {
            consumers = service.getConsumers(channel);
        } catch (RuntimeException notCreatedYet) {
            return Uni.createFrom().voidItem();
        }
        if (consumers == null || consumers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Boolean>> members = consumers.stream()
                .map(consumer -> consumer.runOnPollingThread(c -> c.groupMetadata().generationId() > 0
                                || !c.assignment().isEmpty())
                        .ifNoItem().after(ASK_TIMEOUT).recoverWithItem(false)
                        .onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(members).andFailFast().invoke(answers -> {
            if (answers.stream().allMatch(Boolean::booleanValue)) {
                joined.add(channel);
            }
        }).replaceWithVoid();
    }

    private HealthCheckResponse response(SortedSet<String> expected) {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (String channel : expected) {
            boolean in = joined.contains(channel);
            response.withData(channel, in ? "joined" : "waiting for the consumer group");
            if (!in) {
                response.down();
            }
        }
        return response.build();
    }

    private SortedSet<String> channels() {
        SortedSet<String> known = channels;
        if (known == null) {
            known = kafkaConsumerChannels(ConfigProvider.getConfig());
            channels = known;
        }
        return known;
    }

    /** The incoming channels configured on the Kafka connector and not switched off. */
    static SortedSet<String> kafkaConsumerChannels(Config config) {
        SortedSet<String> found = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            Matcher matcher = CONNECTOR.matcher(name);
            if (!matcher.matches()) {
                continue;
            }
            String channel = matcher.group(1);
            boolean kafka = config.getOptionalValue(name, String.class).filter("smallrye-kafka"::equals).isPresent();
            boolean enabled = config.getOptionalValue("mp.messaging.incoming." + channel + ".enabled", Boolean.class)
                    .orElse(true);
            if (kafka && enabled) {
                found.add(channel);
            }
        }
        return found;
    }
}
