package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.ingest.IngestEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The examples of the public contract, read verbatim from shared/contract/ingest-v1.md, must pass their schemas and
 * bind to the records: if either side changes alone, this fails.
 */
class IngestContractExamplesTest {

    private static final Path CONTRACT = Path.of("shared", "contract", "ingest-v1.md");
    /** An example's event type is the backticked name opening the last paragraph line before its block. */
    private static final Pattern EVENT_HEADING = Pattern.compile("^`([A-Z][A-Za-z0-9]*)`");

    record Example(String eventName, String json) {
        @Override
        public String toString() {
            return eventName;
        }
    }

    static List<Example> examples() throws IOException {
        List<Example> examples = new ArrayList<>();
        String eventName = null;
        StringBuilder block = null;
        for (String line : Files.readAllLines(contractFile())) {
            if (block != null) {
                if (line.startsWith("```")) {
                    if (eventName == null) {
                        fail("a json block in the contract has no `EventType` heading before it:%n%s", block);
                    }
                    examples.add(new Example(eventName, block.toString()));
                    block = null;
                } else {
                    block.append(line).append('\n');
                }
            } else if (line.startsWith("```json")) {
                block = new StringBuilder();
            } else {
                Matcher heading = EVENT_HEADING.matcher(line);
                if (heading.find()) {
                    eventName = heading.group(1);
                }
            }
        }
        return examples;
    }

    /** CI and developers keep shared/ beside the clone; walking up also works from the module or the repo root. */
    private static Path contractFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CONTRACT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return fail("cannot find %s in %s or any directory above it; check out the shared contract beside the"
                + " repository", CONTRACT, Path.of("").toAbsolutePath());
    }

    @Test
    void theContractHasOneExamplePerIngestEventType() throws IOException {
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
