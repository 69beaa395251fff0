package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/compose.yaml against the Compose Specification schema, and what the services need from it. */
class ComposeFileTest {

    static final Path COMPOSE = Documents.deployDir().resolve("compose.yaml");
    static final JsonNode FILE = Documents.yaml(COMPOSE).getFirst();

    @Test
    void compose_file_is_valid_against_the_compose_specification() {
        assertThat(ComposeSchema.validate(FILE)).isEmpty();
    }

    @Test
    void a_misspelt_healthcheck_field_is_refused() {
        ObjectNode broken = Documents.copy(FILE);
        ((ObjectNode) broken.at("/services/kafka/healthcheck")).put("intervall", "5s");
        assertThat(ComposeSchema.validate(broken)).anyMatch(p -> p.contains("intervall"));
    }

    @Test
    void a_dependency_condition_compose_does_not_have_is_refused() {
        ObjectNode broken = Documents.copy(FILE);
        ((ObjectNode) broken.at("/services/receivables-service/depends_on/postgres")).put("condition", "service_ready");
        assertThat(ComposeSchema.validate(broken)).isNotEmpty();
    }

    @Test
    void ports_that_are_not_a_list_are_refused() {
        ObjectNode broken = Documents.copy(FILE);
        ((ObjectNode) broken.at("/services/postgres")).put("ports", 5432);
        assertThat(ComposeSchema.validate(broken)).anyMatch(p -> p.contains("ports"));
    }

    @Test
    void every_service_is_configured_through_quarkus_environment_variables_and_checked_on_its_management_port() {
        for (LedgerlineServices service : LedgerlineServices.ALL) {
            JsonNode definition = FILE.at("/services/" + service.name());
            assertThat(definition.isObject()).as(service.name()).isTrue();
            JsonNode env = definition.path("environment");
            assertThat(env.path("QUARKUS_HTTP_PORT").asText()).isEqualTo(String.valueOf(service.httpPort()));
            assertThat(env.path("QUARKUS_MANAGEMENT_PORT").asText()).isEqualTo(String.valueOf(service.managementPort()));
            assertThat(env.path("QUARKUS_DATASOURCE_REACTIVE_URL").asText())
                    .isEqualTo("postgresql://postgres:5432/" + service.database());
            assertThat(env.path("QUARKUS_DATASOURCE_JDBC_URL").asText())
                    .isEqualTo("jdbc:postgresql://postgres:5432/" + service.database());
            assertThat(env.path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            assertThat(env.has("MP_JWT_VERIFY_ISSUER") && env.has("MP_JWT_VERIFY_PUBLICKEY_LOCATION")
                    && env.has("MP_JWT_VERIFY_AUDIENCES")).as(service.name() + " JWT settings").isTrue();
            assertThat(definition.at("/healthcheck/test").toString())
                    .contains("http://localhost:" + service.managementPort() + "/q/health/ready");
            assertThat(definition.at("/depends_on/kafka-topics/condition").asText())
                    .isEqualTo("service_completed_successfully");
        }
    }

    @Test
    void postgres_gets_one_database_per_service() {
        String init = Documents.text(Documents.deployDir().resolve("compose/postgres-init.sh"));
        String databases = init.lines().filter(l -> l.startsWith("for service in")).findFirst().orElseThrow();
        for (LedgerlineServices service : LedgerlineServices.ALL) {
            assertThat(databases).contains(" " + service.database());
        }
    }
}
