package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.contract.IngestContract;
import io.ledgerline.events.contract.IngestContract.Example;
import io.ledgerline.events.ingest.IngestEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of the public contract, read verbatim from the copy of ingest-v1.md this jar ships, must pass their schemas and
 * bind to the records: if either side changes alone, this fails.
 */
class IngestContractExamplesTest {

    static List<Example> examples() {
        return IngestContract.examples();
    }

    /**
     * The jar ships a copy of the contract so that a clone builds on its own; where the published contract sits
     * beside the repository (as in CI), the copy must be identical to it.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ingest-v1.md", "topics.md", "flows.md"})
    void theShippedCopyIsThePublishedContract(String file) throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path published = dir.resolve(Path.of("shared", "contract", file));
            if (Files.isRegularFile(published)) {
                try (var shipped = getClass().getClassLoader().getResourceAsStream("contract/" + file)) {
                    assertThat(shipped).as("contract/%s in the jar", file).isNotNull();
                    assertThat(new String(shipped.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                            .isEqualTo(Files.readString(published));
                }
                return;
            }
        }
        Assumptions.abort("the published contract is not beside this checkout; the shipped copy is used as is");
    }

    @Test
    void theContractHasOneExamplePerIngestEventType() {
        assertThat(examples()).extracting(Example::eventName)
                .hasSize(6)
                .containsExactlyInAnyOrderElementsOf(EventTypes.INGEST.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleSatisfiesItsSchema(Example example) {
        JsonNode data = EventJson.readTree(example.json());

        assertThat(EventSchemas.validate(EventTypes.INGEST_AREA, example.eventName(), 1, data)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleBindsToItsRecordAndWritesBackIdentically(Example example) {
        JsonNode data = EventJson.readTree(example.json());
        Class<? extends IngestEvent> type = EventTypes.INGEST.get(example.eventName());
        assertThat(type).as("record for %s", example.eventName()).isNotNull();

        IngestEvent event = EventJson.read(example.json(), type);

        // Equal trees mean every field survived, amounts as the same decimal text ("1250.00", not 1250.0).
        assertThat(EventJson.toTree(event)).isEqualTo(data);
        assertThat(event.customerId()).isEqualTo(data.get("customerId").asText());
    }
}
