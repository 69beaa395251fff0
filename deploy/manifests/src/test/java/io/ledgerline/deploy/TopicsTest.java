package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.Topics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics of the contract (shared-events' {@link Topics}), the KafkaTopics for Kubernetes and the topics
 * deploy/compose creates are the same, with the same partitions and settings; the ACLs name only real topics.
 */
class TopicsTest {

    record TopicSpec(int partitions, Map<String, String> config) {
    }

    static Map<String, TopicSpec> kubernetes() {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        for (JsonNode topic : Kustomization.load().documents("KafkaTopic")) {
            Map<String, String> config = new TreeMap<>();
            topic.at("/spec/config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            topics.put(topic.at("/spec/topicName").asText(), new TopicSpec(topic.at("/spec/partitions").asInt(), config));
        }
        return topics;
    }

    /** The `topic NAME PARTITIONS KEY=VALUE...` lines of deploy/compose/create-topics.sh. */
    static Map<String, TopicSpec> compose() {
        Map<String, TopicSpec> topics = new LinkedHashMap<>();
        Documents.text(Documents.deployDir().resolve("compose/create-topics.sh")).lines()
                .filter(l -> l.startsWith("topic "))
                .forEach(line -> {
                    String[] words = line.trim().split("\\s+");
                    Map<String, String> config = Arrays.stream(words).skip(3)
                            .map(w -> w.split("=", 2))
                            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1], (a, b) -> b, TreeMap::new));
                    topics.put(words[1], new TopicSpec(Integer.parseInt(words[2]), config));
                });
        return topics;
    }

    @Test
    void kubernetes_has_every_topic_of_the_contract_and_no_other() {
        assertThat(kubernetes().keySet()).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    @Test
    void compose_creates_the_same_topics_with_the_same_partitions_and_settings() {
        assertThat(compose()).isEqualTo(kubernetes());
    }

    @Test
    void only_the_aging_snapshots_are_compacted_and_domain_events_are_kept_for_good() {
        Map<String, TopicSpec> topics = kubernetes();
        topics.forEach((name, spec) -> assertThat(spec.config().get("cleanup.policy")).as(name)
                .isEqualTo(name.equals(Topics.REPORTING_AGING) ? "compact" : "delete"));
        for (String events : List.of(Topics.RECEIVABLES_EVENTS, Topics.CREDIT_EVENTS, Topics.COLLECTIONS_EVENTS,
                Topics.DISPUTES_EVENTS)) {
            assertThat(topics.get(events).config()).containsEntry("retention.ms", "-1");
        }
    }

    @Test
    void every_acl_names_a_topic_that_exists_and_every_service_has_a_kafka_user() {
        Set<String> topics = kubernetes().keySet();
        Set<String> users = new HashSet<>();
        for (JsonNode user : Kustomization.load().documents("KafkaUser")) {
            users.add(user.at("/metadata/name").asText());
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                if (acl.at("/resource/type").asText().equals("topic")) {
                    assertThat(topics).as(Documents.describe(user)).contains(acl.at("/resource/name").asText());
                }
            }
        }
        assertThat(users).containsAll(LedgerlineServices.ALL.stream().map(LedgerlineServices::name).toList());
    }
}
