package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Compose Specification's JSON Schema (schemas/compose-spec.json, vendored: see schemas/README.md for its source
 * and version), draft 2019-09.
 */
final class ComposeSchema {

    private static final JsonSchema SCHEMA = load();

    private ComposeSchema() {
    }

    static List<String> validate(JsonNode composeFile) {
        return SCHEMA.validate(composeFile).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private static void dropDraft4Ids(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("id").isTextual()) {
            object.remove("id");
        }
        node.forEach(ComposeSchema::dropDraft4Ids);
    }

    private static JsonSchema load() {
        try (InputStream in = ComposeSchema.class.getResourceAsStream("/schemas/compose-spec.json")) {
            JsonNode schema = Documents.JSON.readTree(in);
            // The file still names its parts with draft 4's "id" (a string), a keyword 2019-09 no longer has; its
            // references are all "#/definitions/...", so the names can go.
            dropDraft4Ids(schema);
            // Compose's "duration" is Go's ("5s", "1m30s"), not ISO 8601's, so formats are annotations here as
            // draft 2019-09 intends; every structural keyword is asserted.
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(false).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
