package io.ledgerline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ledgerline.events.EventTypes.ParsedType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas of the event payloads, one per event type and version, at
 * {@code schemas/<area>/<EventName>.v<N>.json} on the classpath. Each schema's {@code $id} lies under
 * {@link #ID_BASE}, which is mapped to the classpath, so relative {@code $ref}s (to {@code common.v1.json})
 * resolve offline and the same files work unchanged for any other JSON Schema tool.
 */
public final class EventSchemas {

    public static final String ID_BASE = "https://ledgerline.io/schemas/";
    private static final String CLASSPATH_BASE = "schemas/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ID_BASE, "classpath:" + CLASSPATH_BASE)));
    // Draft 2020-12 treats "format" as an annotation only; the contract means a date to be a real date.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ENGLISH)
            .build();
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** The schema's path on the classpath, e.g. {@code schemas/ingest/InvoiceIssued.v1.json}. */
    public static String resourcePath(String area, String name, int version) {
        return CLASSPATH_BASE + area + "/" + name + ".v" + version + ".json";
    }

    public static boolean exists(String area, String name, int version) {
        return EventSchemas.class.getClassLoader().getResource(resourcePath(area, name, version)) != null;
    }

    /**
     * The payload's violations of its schema, one readable line each, starting with the JSON path
     * of the offending value (e.g. {@code $.allocations[0].amount: does not match the regex pattern ...}); empty when it is valid.
     *
     * @throws IllegalArgumentException when there is no schema for that event type and version
     */
    public static List<String> validate(String area, String name, int version, JsonNode payload) {
        return schema(area, name, version).validate(payload).stream().map(ValidationMessage::getMessage).toList();
    }

    public static List<String> validate(ParsedType type, JsonNode payload) {
        return validate(type.area(), type.name(), type.version(), payload);
    }

    private static JsonSchema schema(String area, String name, int version) {
        String path = resourcePath(area, name, version);
        return LOADED.computeIfAbsent(path, key -> {
            if (!exists(area, name, version)) {
                throw new IllegalArgumentException("no schema for " + area + " " + name + " v" + version
                        + " (expected " + key + " on the classpath)");
            }
            JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(ID_BASE + key.substring(CLASSPATH_BASE.length())),
                    CONFIG);
            // Resolves every $ref now, so a broken reference fails on first use rather than on some later payload.
            schema.initializeValidators();
            return schema;
        });
    }
}
