package io.ledgerline.receivables.ingest;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;
import io.ledgerline.events.contract.IngestContract;
import io.ledgerline.events.contract.IngestContract.Example;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of the public contract, verbatim, is accepted by the service's decoder in both CloudEvents modes and
 * comes out as the same record the shared schema-checked binding gives: validator and schema cannot drift apart on
 * what the contract itself shows.
 */
class ContractExamplesDecodeTest {

    private final IngestDecoder decoder = new IngestDecoder(256 * 1024);

    static List<Example> examples() {
        return IngestContract.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void every_contract_example_is_accepted_in_both_modes(Example example) {
        var type = EventTypes.INGEST.get(example.eventName());
        String topic = Topics.ingestTopicFor(type);
        String customerId = EventJson.readTree(example.json()).get("customerId").asText();

        var binary = decoder.decode(IngestDecoderTest.binary(topic, example.eventName(), customerId, example.json()));
        String structuredValue = """
                {"specversion": "1.0", "id": "x-1", "source": "erp-eu-1", "type": "%s", "data": %s}"""
                .formatted(EventTypes.ingestType(example.eventName()), example.json());
        var structured = decoder.decode(new IngestRecord(topic, 0, 0, customerId.getBytes(StandardCharsets.UTF_8),
                structuredValue.getBytes(StandardCharsets.UTF_8),
                List.of(IngestDecoderTest.header("content-type", "application/cloudevents+json"))));

        assertThat(binary).isInstanceOf(IngestDecoding.Decoded.class);
        assertThat(structured).isInstanceOf(IngestDecoding.Decoded.class);
        var expected = EventJson.read(example.json(), type);
        assertThat(((IngestDecoding.Decoded) binary).event()).isEqualTo(expected);
        assertThat(((IngestDecoding.Decoded) structured).event()).isEqualTo(expected);
    }
}
