package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every document that `kubectl apply -k deploy/k8s` would send, against the Kubernetes and Strimzi schemas. */
class KubernetesManifestsTest {

    /**
     * Kinds no reachable registry publishes a JSON schema for (CloudNativePG ships its CRDs only in its own
     * repository and container images): CnpgManifestsTest checks them against the TypeScript types generated from
     * CloudNativePG's API instead. A new kind without a schema fails here rather than passing unchecked.
     */
    static final Set<String> CHECKED_BY_TYPESCRIPT = Set.of("postgresql.cnpg.io/v1 Cluster", "postgresql.cnpg.io/v1 Database");

    static ManifestSchemas schemas;
    static Kustomization kustomization;

    @BeforeAll
    static void load() {
        schemas = ManifestSchemas.load(Documents.schemasDir());
        kustomization = Kustomization.load();
    }

    @TestFactory
    Stream<DynamicTest> every_document_is_valid_against_its_schema() {
        return kustomization.documents().stream().map(document -> DynamicTest.dynamicTest(Documents.describe(document), () -> {
            Optional<List<String>> problems = schemas.validate(document);
            if (problems.isPresent()) {
                assertThat(problems.get()).as(Documents.describe(document)).isEmpty();
            } else {
                assertThat(document.path("apiVersion").asText() + " " + document.path("kind").asText())
                        .as("a kind without a schema").isIn(CHECKED_BY_TYPESCRIPT);
            }
        }));
    }

    @Test
    void the_schemas_cover_the_kinds_we_deploy() {
        assertThat(schemas.kinds()).contains("apps/v1 Deployment", "v1 Service", "v1 ConfigMap", "v1 Namespace",
                "v1 Secret", "policy/v1 PodDisruptionBudget", "kafka.strimzi.io/v1 Kafka",
                "kafka.strimzi.io/v1 KafkaNodePool", "kafka.strimzi.io/v1 KafkaTopic", "kafka.strimzi.io/v1 KafkaUser");
    }

    @Test
    void every_yaml_file_under_k8s_is_applied_by_the_kustomization() throws IOException {
        try (Stream<Path> files = Files.walk(kustomization.dir())) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).toList();
            assertThat(kustomization.resources()).containsExactlyInAnyOrderElementsOf(yaml);
        }
    }

    // A schema check that passes everything proves nothing: these are the mistakes it exists to catch.

    @Test
    void a_replica_count_in_words_is_refused() {
        ObjectNode deployment = deployment("receivables-service");
        ((ObjectNode) deployment.get("spec")).put("replicas", "two");
        assertThat(problems(deployment)).anyMatch(p -> p.contains("replicas") && p.contains("integer"));
    }

    @Test
    void an_unknown_field_in_a_deployment_spec_is_refused() {
        ObjectNode deployment = deployment("receivables-service");
        ((ObjectNode) deployment.get("spec")).put("replica", 2);
        assertThat(problems(deployment)).anyMatch(p -> p.contains("replica"));
    }

    @Test
    void a_misspelt_probe_field_deep_in_the_pod_template_is_refused() {
        ObjectNode deployment = deployment("credit-service");
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        ((ObjectNode) container.get("readinessProbe")).put("periodSecond", 5);
        assertThat(problems(deployment)).anyMatch(p -> p.contains("periodSecond"));
    }

    @Test
    void a_service_port_that_is_not_a_number_is_refused() {
        ObjectNode service = copyOf("Service", "reporting-service");
        ((ObjectNode) service.at("/spec/ports/0")).put("port", "http");
        assertThat(problems(service)).anyMatch(p -> p.contains("port"));
    }

    @Test
    void an_old_api_version_has_no_schema() {
        ObjectNode deployment = deployment("receivables-service");
        deployment.put("apiVersion", "extensions/v1beta2");
        assertThat(schemas.validate(deployment)).isEmpty();
    }

    @Test
    void kafka_topic_partitions_in_words_are_refused() {
        ObjectNode topic = copyOf("KafkaTopic", "ledgerline-receivables-events");
        ((ObjectNode) topic.get("spec")).put("partitions", "twelve");
        assertThat(problems(topic)).anyMatch(p -> p.contains("partitions"));
    }

    @Test
    void an_unknown_field_in_a_kafka_topic_is_refused() {
        ObjectNode topic = copyOf("KafkaTopic", "ledgerline-receivables-events");
        ((ObjectNode) topic.get("spec")).put("retention", "forever");
        assertThat(problems(topic)).anyMatch(p -> p.contains("retention"));
    }

    @Test
    void a_listener_type_strimzi_does_not_know_is_refused() {
        ObjectNode kafka = copyOf("Kafka", "ledgerline");
        ((ObjectNode) kafka.at("/spec/kafka/listeners/0")).put("type", "internel");
        assertThat(problems(kafka)).anyMatch(p -> p.contains("type"));
    }

    @Test
    void an_acl_operation_kafka_does_not_have_is_refused() {
        ObjectNode user = copyOf("KafkaUser", "credit-service");
        ((com.fasterxml.jackson.databind.node.ArrayNode) user.at("/spec/authorization/acls/0/operations")).add("Reed");
        assertThat(problems(user)).anyMatch(p -> p.contains("operations"));
    }

    @Test
    void a_node_pool_without_roles_is_refused() {
        ObjectNode pool = copyOf("KafkaNodePool", "dual-role");
        ((ObjectNode) pool.get("spec")).remove("roles");
        assertThat(problems(pool)).anyMatch(p -> p.contains("roles"));
    }

    private static List<String> problems(JsonNode document) {
        return schemas.validate(document).orElseThrow();
    }

    private static ObjectNode deployment(String name) {
        return copyOf("Deployment", name);
    }

    static ObjectNode copyOf(String kind, String name) {
        return kustomization.documents(kind).stream()
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst().map(Documents::copy)
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in deploy/k8s"));
    }
}
