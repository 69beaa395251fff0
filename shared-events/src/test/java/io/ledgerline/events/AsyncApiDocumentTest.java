package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drift check: the AsyncAPI document must name every topic, every event class and every schema file, and every
 * reference in it must resolve. It runs in every build, so the document cannot silently fall behind the code.
 */
class AsyncApiDocumentTest {

    private static final String DOCUMENT = "asyncapi/ledgerline.asyncapi.yaml";
    private static final URI DOCUMENT_URI = URI.create("classpath:/" + DOCUMENT);

    private static JsonNode document;

    /** A message as a channel lists it, with its $ref already followed. */
    record ChannelMessage(String channel, String address, JsonNode message) {

        String name() {
            return message.path("name").asText();
        }

        /** The payload's schema file as a classpath path, when the payload is a reference. */
        Optional<String> payloadSchema() {
            JsonNode ref = message.path("payload").path("$ref");
            return ref.isTextual() ? Optional.of(DOCUMENT_URI.resolve(ref.asText()).getPath().substring(1))
                    : Optional.empty();
        }
    }

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
            assertThat(in).as(DOCUMENT).isNotNull();
            document = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void itIsAnAsyncApi3Document() {
        assertThat(document.path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void everyTopicHasAChannelAndEveryChannelIsATopic() {
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));

        assertThat(addresses).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    @Test
    void everyChannelHasAnOperationAndEveryOperationAChannel() {
        Set<String> channelsWithOperations = new TreeSet<>();
        document.path("operations").forEach(operation -> {
            assertThat(operation.path("action").asText()).isIn("send", "receive");
            JsonNode channel = resolve(operation.path("channel"));
            assertThat(channel.isMissingNode()).as("channel of %s", operation).isFalse();
            channelsWithOperations.add(channel.path("address").asText());
            operation.path("messages").forEach(message ->
                    assertThat(resolve(message).isMissingNode()).as("message %s", message).isFalse());
        });

        assertThat(channelsWithOperations).containsExactlyInAnyOrderElementsOf(Topics.all());
    }

    @Test
    void everyMessageReferenceResolves() {
        List<String> unresolved = new ArrayList<>();
        document.path("channels").properties().forEach(channel -> channel.getValue().path("messages").properties()
                .forEach(message -> {
                    if (resolve(message.getValue()).isMissingNode()) {
                        unresolved.add(channel.getKey() + "/" + message.getKey());
                    }
                }));

        assertThat(unresolved).isEmpty();
    }

    @Test
    void everyPayloadReferenceResolvesToASchemaFile() {
        assertThat(channelMessages().map(ChannelMessage::payloadSchema).flatMap(Optional::stream))
                .isNotEmpty()
                .allSatisfy(schema -> assertThat(getClass().getClassLoader().getResource(schema))
                        .as("payload schema %s", schema).isNotNull());
    }

    @Test
    void everyEventSchemaFileIsTheSchemaOfSomeMessage() throws IOException, URISyntaxException {
        URL schemas = getClass().getClassLoader().getResource("schemas");
        assertThat(schemas).isNotNull();
        Path root = Path.of(schemas.toURI()).getParent();
        Set<String> files;
        try (Stream<Path> walk = Files.walk(root.resolve("schemas"))) {
            files = walk.filter(path -> path.toString().endsWith(".json"))
                    // Files directly under schemas/ hold shared definitions, referenced by schemas, not messages.
                    .filter(path -> !path.getParent().equals(root.resolve("schemas")))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> referenced = channelMessages().map(ChannelMessage::payloadSchema).flatMap(Optional::stream)
                .collect(Collectors.toSet());

        assertThat(files).isNotEmpty().allSatisfy(file -> assertThat(referenced).as("messages' payloads")
                .contains(file));
    }

    @Test
    void everyIngestEventHasAMessageOnItsContractTopic() {
        EventTypes.INGEST.forEach((name, type) -> assertMessage(Topics.ingestTopicFor(type), name,
                EventTypes.ingestType(name), EventSchemas.resourcePath(EventTypes.INGEST_AREA, name, 1)));
    }

    /** Each area's records and the one topic they are published on. */
    static Stream<Arguments> ownAreas() {
        return Stream.of(
                Arguments.of(EventTypes.RECEIVABLES_AREA, Topics.RECEIVABLES_EVENTS, EventTypes.RECEIVABLES.keySet()),
                Arguments.of(EventTypes.CREDIT_AREA, Topics.CREDIT_EVENTS, EventTypes.CREDIT.keySet()),
                Arguments.of(EventTypes.COLLECTIONS_AREA, Topics.COLLECTIONS_EVENTS, EventTypes.COLLECTIONS.keySet()),
                Arguments.of(EventTypes.DISPUTES_AREA, Topics.DISPUTES_EVENTS, EventTypes.DISPUTES.keySet()),
                Arguments.of(EventTypes.REPORTING_AREA, Topics.REPORTING_AGING, Set.of("AgingSnapshot")),
                Arguments.of(EventTypes.REPORTING_AREA, Topics.REPORTING_KPIS, Set.of("KpiCalculated")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ownAreas")
    void everyEventOfAnAreaHasAMessageOnItsTopic(String area, String topic, Set<String> names) {
        names.forEach(name -> assertMessage(topic, name, EventTypes.domainType(area, name, 1),
                EventSchemas.resourcePath(area, name, 1)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("ownAreas")
    void everyMessageOnAnAreasTopicIsOneOfItsRecordsWithASchemaFile(String area, String topic, Set<String> names) {
        List<ChannelMessage> messages = channelMessages().filter(message -> message.address().equals(topic)).toList();

        assertThat(messages).extracting(ChannelMessage::name).containsExactlyInAnyOrderElementsOf(names);
        assertThat(messages).allSatisfy(message -> assertThat(message.payloadSchema()).as(message.name())
                .hasValueSatisfying(schema -> assertThat(getClass().getClassLoader().getResource(schema))
                        .as(schema).isNotNull()));
    }

    @Test
    void theReportingRecordsAreEachOnTheirOwnTopic() {
        assertThat(EventTypes.REPORTING.keySet()).containsExactlyInAnyOrder("AgingSnapshot", "KpiCalculated");
    }

    @Test
    void everyMessageNamesACloudEventsTypeOfItsArea() {
        assertThat(channelMessages().filter(message -> message.message().has("x-ce-type"))).allSatisfy(message -> {
            var type = EventTypes.parse(message.message().path("x-ce-type").asText());
            assertThat(type).as("x-ce-type of %s", message.name()).isPresent();
            assertThat(type.get().name()).isEqualTo(message.name());
        });
    }

    private static void assertMessage(String address, String name, String ceType, String schema) {
        List<ChannelMessage> named = channelMessages()
                .filter(message -> message.address().equals(address) && message.name().equals(name)).toList();

        assertThat(named).as("message %s on %s", name, address).singleElement().satisfies(message -> {
            assertThat(message.message().path("x-ce-type").asText()).isEqualTo(ceType);
            assertThat(message.payloadSchema()).contains(schema);
        });
    }

    private static Stream<ChannelMessage> channelMessages() {
        List<ChannelMessage> messages = new ArrayList<>();
        for (Map.Entry<String, JsonNode> channel : document.path("channels").properties()) {
            String address = channel.getValue().path("address").asText();
            channel.getValue().path("messages")
                    .forEach(message -> messages.add(new ChannelMessage(channel.getKey(), address, resolve(message))));
        }
        return messages.stream();
    }

    /** Follows a local reference ({@code $ref: '#/components/...'}); anything else is returned as it is. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.path("$ref");
        if (!ref.isTextual() || !ref.asText().startsWith("#")) {
            return node;
        }
        return document.at(ref.asText().substring(1));
    }
}
