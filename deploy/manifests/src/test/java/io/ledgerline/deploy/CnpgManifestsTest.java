package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CloudNativePG {@code Cluster} and {@code Database} documents of deploy/k8s, strictly, against the TypeScript
 * types generated from CloudNativePG's API (see {@link CnpgTypes}): one tsc run for every document, one for the
 * broken copies below, which prove the check refuses what a strict schema check refuses.
 */
class CnpgManifestsTest {

    static final String CNPG_API = "postgresql.cnpg.io/";

    static List<JsonNode> documents;
    static CnpgTypes.Result manifests;
    static CnpgTypes.Result broken;

    /** Broken copies of the real documents: file name → document. */
    static final Map<String, JsonNode> BROKEN = new LinkedHashMap<>();

    @BeforeAll
    static void check() {
        documents = Kustomization.load().documents().stream()
                .filter(d -> d.path("apiVersion").asText().startsWith(CNPG_API)).toList();
        CnpgTypes types = CnpgTypes.installed();

        Map<String, String> sources = new LinkedHashMap<>();
        for (JsonNode document : documents) {
            sources.put(fileName(document), CnpgTypes.source(document));
        }
        manifests = types.check("manifests", sources);

        ObjectNode misspelt = cluster();
        ObjectNode spec = (ObjectNode) misspelt.get("spec");
        spec.set("instance", spec.remove("instances"));
        BROKEN.put("cluster-instance-misspelt", misspelt);

        ObjectNode inWords = cluster();
        ((ObjectNode) inWords.get("spec")).put("instances", "three");
        BROKEN.put("cluster-instances-in-words", inWords);

        ObjectNode withoutInstances = cluster();
        ((ObjectNode) withoutInstances.get("spec")).remove("instances");
        BROKEN.put("cluster-without-instances", withoutInstances);

        ObjectNode deepMisspelt = cluster();
        ObjectNode role = (ObjectNode) deepMisspelt.at("/spec/managed/roles/0");
        role.set("passwordSecrets", role.remove("passwordSecret"));
        BROKEN.put("cluster-role-password-secret-misspelt", deepMisspelt);

        ObjectNode unknownLogLevel = cluster();
        ((ObjectNode) unknownLogLevel.get("spec")).put("logLevel", "verbose");
        BROKEN.put("cluster-unknown-log-level", unknownLogLevel);

        ObjectNode labelsMisspelt = cluster();
        ((ObjectNode) labelsMisspelt.get("metadata")).putObject("lables").put("app", "ledgerline");
        BROKEN.put("cluster-metadata-labels-misspelt", labelsMisspelt);

        ObjectNode otherVersion = cluster();
        otherVersion.put("apiVersion", "postgresql.cnpg.io/v1beta1");
        BROKEN.put("cluster-other-api-version", otherVersion);

        ObjectNode withoutOwner = database("credit");
        ((ObjectNode) withoutOwner.get("spec")).remove("owner");
        BROKEN.put("database-without-owner", withoutOwner);

        ObjectNode clusterByString = database("credit");
        ((ObjectNode) clusterByString.get("spec")).put("cluster", "ledgerline-pg");
        BROKEN.put("database-cluster-as-a-string", clusterByString);

        Map<String, String> brokenSources = new LinkedHashMap<>();
        BROKEN.forEach((name, document) -> brokenSources.put(name, source(document)));
        broken = types.check("broken", brokenSources);
    }

    @Test
    void every_cloudnative_pg_document_is_valid_against_the_types_generated_from_its_api() {
        assertThat(documents).as("CloudNativePG documents in deploy/k8s").isNotEmpty();
        assertThat(manifests.exitCode())
                .as("tsc on the CloudNativePG documents of deploy/k8s (sources in %s):%n%s", manifests.folder(),
                        manifests.output())
                .isZero();
        assertThat(manifests.errors()).isEmpty();
    }

    @Test
    void the_check_covers_exactly_the_kinds_the_schema_check_leaves_to_it() {
        assertThat(documents.stream().map(d -> d.path("apiVersion").asText() + " " + d.path("kind").asText())
                .collect(Collectors.toSet()))
                .isEqualTo(KubernetesManifestsTest.CHECKED_BY_TYPESCRIPT);
    }

    // A check that passes everything proves nothing: each broken copy must be refused, for its own reason.

    @Test
    void every_broken_copy_is_refused() {
        assertThat(broken.exitCode()).as("tsc on the broken copies:%n%s", broken.output()).isNotZero();
        assertThat(BROKEN.keySet()).allSatisfy(name -> assertThat(broken.errorsIn(name))
                .as("tsc's errors for %s (all output:%n%s)", name, broken.output()).isNotEmpty());
    }

    @Test
    void a_misspelt_field_is_refused() {
        assertThat(broken.errorsIn("cluster-instance-misspelt"))
                .anyMatch(e -> e.contains("'\"instance\"' does not exist in type"));
    }

    @Test
    void a_number_in_words_is_refused() {
        assertThat(broken.errorsIn("cluster-instances-in-words"))
                .anyMatch(e -> e.contains("Type 'string' is not assignable to type 'number'"));
    }

    @Test
    void a_missing_required_field_is_refused() {
        assertThat(broken.errorsIn("cluster-without-instances"))
                .anyMatch(e -> e.contains("'\"instances\"' is missing"));
        assertThat(broken.errorsIn("database-without-owner"))
                .anyMatch(e -> e.contains("'\"owner\"' is missing"));
    }

    @Test
    void a_misspelt_field_deep_in_a_list_is_refused() {
        assertThat(broken.errorsIn("cluster-role-password-secret-misspelt"))
                .anyMatch(e -> e.contains("'\"passwordSecrets\"' does not exist in type"));
    }

    @Test
    void a_value_outside_an_enumeration_is_refused() {
        assertThat(broken.errorsIn("cluster-unknown-log-level"))
                .anyMatch(e -> e.contains("'\"verbose\"' is not assignable"));
    }

    @Test
    void a_misspelt_metadata_field_is_refused() {
        assertThat(broken.errorsIn("cluster-metadata-labels-misspelt"))
                .anyMatch(e -> e.contains("'\"lables\"' does not exist in type"));
    }

    @Test
    void another_api_version_is_refused() {
        assertThat(broken.errorsIn("cluster-other-api-version"))
                .anyMatch(e -> e.contains("'\"postgresql.cnpg.io/v1beta1\"' is not assignable"));
    }

    @Test
    void a_reference_written_as_a_plain_name_is_refused() {
        assertThat(broken.errorsIn("database-cluster-as-a-string"))
                .anyMatch(e -> e.contains("Type 'string' has no properties in common with type 'ILocalObjectReference'"));
    }

    @Test
    void without_node_the_check_fails_saying_so_instead_of_passing() {
        Path dir = CnpgTypes.defaultDir().resolve("checks").resolve("no-node");
        assertThatThrownBy(() -> CnpgTypes.install(dir, "node-that-is-not-installed", "npm"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not on the PATH")
                .hasMessageContaining("apt-get install nodejs npm");
    }

    /** Broken copies are typed as the kind they break, so that a wrong apiVersion is an error in the document. */
    private static String source(JsonNode document) {
        return CnpgTypes.source("postgresql.cnpg.io/v1", document.path("kind").asText(), document);
    }

    private static String fileName(JsonNode document) {
        return (document.path("kind").asText() + "-" + document.path("metadata").path("name").asText()).toLowerCase();
    }

    private static ObjectNode cluster() {
        return copyOf("Cluster", "ledgerline-pg");
    }

    private static ObjectNode database(String name) {
        return copyOf("Database", name);
    }

    private static ObjectNode copyOf(String kind, String name) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst().map(Documents::copy)
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " in deploy/k8s"));
    }
}
