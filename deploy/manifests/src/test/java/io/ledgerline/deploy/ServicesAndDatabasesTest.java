package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the schemas cannot say: each Deployment probes the health endpoints on the management port, has resources,
 * and names only ConfigMaps and Secrets that the kustomization makes; the CloudNativePG Cluster and Databases (checked
 * against CloudNativePG's types by CnpgManifestsTest) give every service its database and role.
 */
class ServicesAndDatabasesTest {

    static final Kustomization K = Kustomization.load();

    @Test
    void every_deployment_probes_health_on_the_management_port_and_states_its_resources() {
        for (LedgerlineServices service : LedgerlineServices.ALL) {
            JsonNode container = KubernetesManifestsTest.copyOf("Deployment", service.name())
                    .at("/spec/template/spec/containers/0");
            int management = -1;
            for (JsonNode port : container.path("ports")) {
                if (port.path("name").asText().equals("management")) {
                    management = port.path("containerPort").asInt();
                }
            }
            assertThat(management).as(service.name()).isEqualTo(service.managementPort());
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
            assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
            assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
        }
    }

    @Test
    void deployments_name_only_config_maps_and_secrets_that_exist() {
        Set<String> configMaps = names("ConfigMap");
        Set<String> secrets = new HashSet<>(names("KafkaUser")); // the User Operator writes one Secret per user
        K.file().path("secretGenerator").forEach(s -> secrets.add(s.path("name").asText()));
        for (JsonNode deployment : K.documents("Deployment")) {
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                container.path("envFrom").forEach(e -> assertThat(configMaps).as(Documents.describe(deployment))
                        .contains(e.at("/configMapRef/name").asText()));
                container.path("env").forEach(e -> {
                    if (e.has("valueFrom")) {
                        assertThat(secrets).as(Documents.describe(deployment))
                                .contains(e.at("/valueFrom/secretKeyRef/name").asText());
                    }
                });
            }
        }
    }

    @Test
    void every_service_has_a_database_owned_by_its_own_role_with_a_password_secret() {
        JsonNode cluster = K.documents("Cluster").getFirst();
        assertThat(cluster.at("/spec/instances").isInt()).isTrue();
        assertThat(cluster.at("/spec/instances").asInt()).isGreaterThanOrEqualTo(1);
        Set<String> generated = new HashSet<>();
        K.file().path("secretGenerator").forEach(s -> generated.add(s.path("name").asText()));

        Set<String> databases = new HashSet<>();
        Set<String> roles = new HashSet<>();
        JsonNode initdb = cluster.at("/spec/bootstrap/initdb");
        databases.add(initdb.path("database").asText() + "@" + initdb.path("owner").asText());
        roles.add(initdb.path("owner").asText());
        assertThat(generated).contains(initdb.at("/secret/name").asText());
        for (JsonNode role : cluster.at("/spec/managed/roles")) {
            roles.add(role.path("name").asText());
            assertThat(role.path("login").asBoolean()).isTrue();
            assertThat(generated).contains(role.at("/passwordSecret/name").asText());
        }
        for (JsonNode database : K.documents("Database")) {
            assertThat(database.at("/spec/cluster/name").asText()).isEqualTo(cluster.at("/metadata/name").asText());
            databases.add(database.at("/spec/name").asText() + "@" + database.at("/spec/owner").asText());
        }
        for (LedgerlineServices service : LedgerlineServices.ALL) {
            assertThat(databases).contains(service.database() + "@" + service.database());
            assertThat(roles).contains(service.database());
            assertThat(generated).contains(service.database() + "-db");
            String url = KubernetesManifestsTest.copyOf("ConfigMap", service.name()).at("/data/QUARKUS_DATASOURCE_REACTIVE_URL").asText();
            assertThat(url).isEqualTo("postgresql://" + cluster.at("/metadata/name").asText() + "-rw:5432/" + service.database());
        }
    }

    private static Set<String> names(String kind) {
        Set<String> names = new HashSet<>();
        K.documents(kind).forEach(d -> names.add(d.at("/metadata/name").asText()));
        return names;
    }
}
