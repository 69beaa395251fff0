package io.ledgerline.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSettingsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void withoutVariablesTheStackTakesTheDocumentedPorts() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of(), ROOT);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/repo/.data"));
        assertThat(List.of(settings.kafkaPort(), settings.pgPort(), settings.issuerPort(), settings.controlPort(),
                settings.portOffset())).containsExactly(9092, 5432, 8090, 8099, 0);
        assertThat(settings.kafkaBootstrap()).isNull();
        assertThat(settings.pgUrl()).isNull();
        assertThat(settings.today()).isNull();
        assertThat(settings.pgFsync()).as("a COMMIT waits for the disk unless told otherwise").isTrue();
        assertThat(settings.aotCache()).as("a cache is used when there is one, never trained unasked")
                .isEqualTo(AotCache.Mode.USE);
    }

    @Test
    void everyVariableOfTheReadmeIsRead() {
        StackSettings settings = StackSettings.fromEnvironment(Map.ofEntries(
                Map.entry("LEDGERLINE_DATA_DIR", "target/stack"), Map.entry("LEDGERLINE_KAFKA_PORT", "29092"),
                Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), Map.entry("LEDGERLINE_PG_PORT", "25432"),
                Map.entry("LEDGERLINE_PG_URL", "jdbc:postgresql://db:5432/postgres"),
                Map.entry("LEDGERLINE_PG_USER", "admin"), Map.entry("LEDGERLINE_PG_PASSWORD", "secret"),
                Map.entry("LEDGERLINE_ISSUER_PORT", "28090"), Map.entry("LEDGERLINE_CONTROL_PORT", "28099"),
                Map.entry("LEDGERLINE_PORT_OFFSET", "20000"), Map.entry("LEDGERLINE_CLOCK_TODAY", "2026-11-17"),
                Map.entry("LEDGERLINE_PG_FSYNC", "off"), Map.entry("LEDGERLINE_AOT_CACHE", "off")),
                ROOT);
        assertThat(settings).isEqualTo(new StackSettings(ROOT, Path.of("/repo/target/stack"), 29092, "kafka:9092",
                25432, "jdbc:postgresql://db:5432/postgres", "admin", "secret", 28090, 28099, 20000,
                LocalDate.of(2026, 11, 17), false, AotCache.Mode.OFF));
    }

    @Test
    void aWrongValueIsNamedBeforeAnythingStarts() {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LEDGERLINE_KAFKA_PORT", "nine"), ROOT))
                .isInstanceOf(StackStartException.class).hasMessageContaining("LEDGERLINE_KAFKA_PORT");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LEDGERLINE_CLOCK_TODAY", "17.11.2026"), ROOT))
                .isInstanceOf(StackStartException.class).hasMessageContaining("2026-11-23");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LEDGERLINE_PG_FSYNC", "sometimes"), ROOT))
                .isInstanceOf(StackStartException.class).hasMessageContaining("LEDGERLINE_PG_FSYNC");
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("LEDGERLINE_AOT_CACHE", "always"), ROOT))
                .isInstanceOf(StackStartException.class).hasMessageContaining("LEDGERLINE_AOT_CACHE");
    }

    @Test
    void aStackOfItsOwnTakesPortsNobodyHolds() {
        StackSettings settings = StackSettings.onFreePorts(ROOT, Path.of("/tmp/x"), LocalDate.of(2026, 9, 1));
        Set<Integer> ports = new HashSet<>(List.of(settings.kafkaPort(), settings.kafkaPort() + 1, settings.pgPort(),
                settings.issuerPort()));
        for (Service service : Service.ALL) {
            ports.add(service.port() + settings.portOffset());
            ports.add(service.port() + settings.portOffset() + 1000);
        }
        assertThat(ports).hasSize(4 + 2 * Service.ALL.size()).allMatch(port -> !Ports.isOpen(port));
        assertThat(settings.controlPort()).isZero();
        assertThat(settings.today()).isEqualTo(LocalDate.of(2026, 9, 1));
    }

    @Test
    void aClientFindsTheStackFromWhatTheControlPortServes() {
        StackEndpoints endpoints = new StackEndpoints("127.0.0.1:9092", "http://127.0.0.1:8090",
                Map.of("receivables-service", "http://127.0.0.1:8081"),
                Map.of("receivables-service", "http://127.0.0.1:9081"), LocalDate.of(2026, 11, 30));
        assertThat(StackEndpoints.fromProperties(endpoints.toProperties())).isEqualTo(endpoints);
    }
}
