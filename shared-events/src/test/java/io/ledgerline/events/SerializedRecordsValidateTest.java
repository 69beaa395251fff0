package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every event record, as EventJson writes it, satisfies its schema, declares exactly the schema's properties and reads
 * back equal. The records come from the sealed interfaces, so a new record without a sample or schema fails here.
 */
class SerializedRecordsValidateTest {

    static Stream<Arguments> events() {
        return Stream.of(
                samples(EventTypes.INGEST_AREA, IngestEvent.class, EventSamples.INGEST),
                samples(EventTypes.RECEIVABLES_AREA, ReceivablesEvent.class, EventSamples.RECEIVABLES),
                samples(EventTypes.CREDIT_AREA, CreditEvent.class, EventSamples.CREDIT),
                samples(EventTypes.COLLECTIONS_AREA, CollectionsEvent.class, EventSamples.COLLECTIONS),
                samples(EventTypes.DISPUTES_AREA, DisputesEvent.class, EventSamples.DISPUTES),
                samples(EventTypes.REPORTING_AREA, ReportingRecord.class, EventSamples.REPORTING))
                .flatMap(Function.identity());
    }

    private static Stream<Arguments> samples(String area, Class<?> sealedType, Map<Class<?>, Object> samples) {
        return Arrays.stream(sealedType.getPermittedSubclasses()).map(type -> {
            Object sample = samples.get(type);
            if (sample == null) {
                fail("%s has no sample in EventSamples; add one with every field set", type.getName());
            }
            return Arguments.of(area, type.getSimpleName(), sample);
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void theSerializedRecordSatisfiesItsSchema(String area, String name, Object sample) {
        assertThat(EventSchemas.exists(area, name, 1))
                .as("schema %s", EventSchemas.resourcePath(area, name, 1)).isTrue();

        JsonNode written = EventJson.readTree(EventJson.write(sample));

        assertThat(EventSchemas.validate(area, name, 1, written)).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void theSchemaDeclaresExactlyTheRecordsFields(String area, String name, Object sample) {
        assertThat(nullComponents(sample)).as("sample fields left null, so unchecked").isEmpty();
        JsonNode schema = schemaDocument(area, name);

        assertThat(fieldNames(EventJson.toTree(sample))).isEqualTo(fieldNames(schema.get("properties")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void enumsListTheSameConstantsInTheSchema(String area, String name, Object sample) {
        JsonNode properties = schemaDocument(area, name).get("properties");
        for (RecordComponent component : sample.getClass().getRecordComponents()) {
            if (component.getType().isEnum()) {
                List<String> inSchema = new ArrayList<>();
                properties.get(component.getName()).get("enum").forEach(value -> inSchema.add(value.asText()));

                assertThat(inSchema).as("%s.%s", name, component.getName()).containsExactlyElementsOf(
                        Arrays.stream(component.getType().getEnumConstants()).map(Object::toString).toList());
            }
        }
    }

    /**
     * Nested records (an Actor, a list of DunnedItem, ...) are checked by their schema only when a payload has them,
     * so compare their declared shapes directly: every nested record's components are exactly the properties of the
     * object schema at that place, and every nested enum lists the same constants.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void nestedRecordsAndEnumsMatchTheirSchemas(String area, String name, Object sample) {
        List<String> mismatches = new ArrayList<>();
        JsonNode schema = schemaDocument(area, name);

        compareNested(sample.getClass(), schema, schema, name, mismatches);

        assertThat(mismatches).isEmpty();
    }

    private static void compareNested(Class<?> recordType, JsonNode objectSchema, JsonNode document, String path,
                                      List<String> mismatches) {
        JsonNode properties = objectSchema.path("properties");
        for (RecordComponent component : recordType.getRecordComponents()) {
            String at = path + "." + component.getName();
            JsonNode property = properties.get(component.getName());
            if (property == null) {
                continue; // the property sets themselves are compared where the record is
            }
            Class<?> type = component.getType();
            JsonNode document2 = documentOf(property, document);
            JsonNode schema = resolve(property, document);
            if (List.class.isAssignableFrom(type)) {
                type = (Class<?>) ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
                document2 = documentOf(schema.path("items"), document2);
                schema = resolve(schema.path("items"), documentOf(property, document));
            }
            if (type.isRecord()) {
                Set<String> components = new TreeSet<>();
                Arrays.stream(type.getRecordComponents()).forEach(c -> components.add(c.getName()));
                Set<String> declared = fieldNames(schema.path("properties"));
                if (!components.equals(declared)) {
                    mismatches.add(at + ": record " + components + " but schema " + declared);
                }
                compareNested(type, schema, document2, at, mismatches);
            } else if (type.isEnum() && path.contains(".")) {
                List<String> inSchema = new ArrayList<>();
                schema.path("enum").forEach(value -> inSchema.add(value.asText()));
                List<String> constants = Arrays.stream(type.getEnumConstants()).map(Object::toString).toList();
                if (!inSchema.equals(constants)) {
                    mismatches.add(at + ": enum " + constants + " but schema " + inSchema);
                }
            }
        }
    }

    /** Follows a property's $ref, into common.v1.json or within the document it is in. */
    private static JsonNode resolve(JsonNode property, JsonNode document) {
        JsonNode ref = property.path("$ref");
        if (!ref.isTextual()) {
            return property;
        }
        String text = ref.asText();
        return resolve(documentOf(property, document).at(text.substring(text.indexOf('#') + 1)),
                documentOf(property, document));
    }

    private static JsonNode documentOf(JsonNode property, JsonNode document) {
        JsonNode ref = property.path("$ref");
        return ref.isTextual() && ref.asText().startsWith("../common.v1.json") ? COMMON : document;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void theRecordReadsBackEqual(String area, String name, Object sample) {
        assertThat(EventJson.read(EventJson.write(sample), sample.getClass())).isEqualTo(sample);
    }

    private static final JsonNode COMMON = schemaResource("schemas/common.v1.json");

    private static List<String> nullComponents(Object record) {
        List<String> nulls = new ArrayList<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                if (component.getAccessor().invoke(record) == null) {
                    nulls.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return nulls;
    }

    private static JsonNode schemaDocument(String area, String name) {
        return schemaResource(EventSchemas.resourcePath(area, name, 1));
    }

    private static JsonNode schemaResource(String path) {
        try (InputStream in = SerializedRecordsValidateTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
