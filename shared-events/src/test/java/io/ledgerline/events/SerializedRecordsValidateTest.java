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

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("events")
    void theRecordReadsBackEqual(String area, String name, Object sample) {
        assertThat(EventJson.read(EventJson.write(sample), sample.getClass())).isEqualTo(sample);
    }

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
        String path = EventSchemas.resourcePath(area, name, 1);
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
