package io.ledgerline.eventstore;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Readiness {@code kafka-consumers}: UP once every Kafka consumer of the service (each incoming channel of the
 * SmallRye Kafka connector) has joined its consumer group, i.e. has a member id and a generation from the group
 * coordinator. That is when records of the group's partitions are being read; before it (starting, the broker away,
 * a rebalance that never completes) the instance should take no traffic. Each consumer's assigned partitions are in
 * the data; joined with none assigned (more replicas than partitions) is UP, such a replica is a standby.
 * <p>
 * Generic: it finds the consumers through the connector's {@link KafkaClientService}, so every service with the
 * connector gets it without code, and a service without the connector reports UP with no consumers. Switch it off
 * with {@code ledgerline.health.kafka-consumers.enabled=false}.
 */
@Readiness
@ApplicationScoped
public class KafkaConsumersHealthCheck implements AsyncHealthCheck {

    static final String NAME = "kafka-consumers";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Instance<KafkaClientService> clients;
    private final boolean enabled;

    @Inject
    public KafkaConsumersHealthCheck(Instance<KafkaClientService> clients,
                                     @ConfigProperty(name = "ledgerline.health.kafka-consumers.enabled",
                                             defaultValue = "true") boolean enabled) {
        this.clients = clients;
        this.enabled = enabled;
    }

    /** One consumer as the check saw it. */
    record ConsumerState(String channel, boolean joined, String detail) {
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (!enabled || !clients.isResolvable()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("consumers", 0).build());
        }
        KafkaClientService service = clients.get();
        List<Uni<ConsumerState>> states = new ArrayList<>();
        for (String channel : new TreeSet<>(service.getConsumerChannels())) {
            for (KafkaConsumer<Object, Object> consumer : service.<Object, Object>getConsumers(channel)) {
                states.add(stateOf(channel, consumer));
            }
        }
        if (states.isEmpty()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up().withData("consumers", 0).build());
        }
        return Multi.createFrom().iterable(states).onItem().transformToUniAndConcatenate(state -> state)
                .collect().asList()
                .map(all -> {
                    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                            .status(all.stream().allMatch(ConsumerState::joined))
                            .withData("consumers", all.size());
                    for (int i = 0; i < all.size(); i++) {
                        ConsumerState state = all.get(i);
                        String key = all.size() == 1 || countOf(all, state.channel()) == 1 ? state.channel()
                                : state.channel() + "#" + i;
                        response.withData(key, state.detail());
                    }
                    return response.build();
                });
    }

    private static long countOf(List<ConsumerState> states, String channel) {
        return states.stream().filter(s -> s.channel().equals(channel)).count();
    }

    private static Uni<ConsumerState> stateOf(String channel, KafkaConsumer<Object, Object> consumer) {
        return consumer.consumerGroupMetadata()
                .chain(group -> consumer.getAssignments().map(assigned -> {
                    boolean joined = group != null && group.memberId() != null && !group.memberId().isEmpty()
                            && group.generationId() >= 0;
                    String detail = joined
                            ? "joined " + group.groupId() + " (generation " + group.generationId() + "), "
                                    + describe(assigned) + " assigned"
                            : "not joined " + (group == null ? "its group" : group.groupId()) + " yet";
                    return new ConsumerState(channel, joined, detail);
                }))
                .ifNoItem().after(TIMEOUT).recoverWithItem(
                        () -> new ConsumerState(channel, false, "no answer from the consumer within " + TIMEOUT))
                .onFailure().recoverWithItem(failure -> new ConsumerState(channel, false, failure.toString()));
    }

    private static String describe(Set<org.apache.kafka.common.TopicPartition> assigned) {
        if (assigned == null || assigned.isEmpty()) {
            return "no partitions";
        }
        return assigned.size() + (assigned.size() == 1 ? " partition" : " partitions");
    }
}
