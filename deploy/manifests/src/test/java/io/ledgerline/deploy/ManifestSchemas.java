package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * JSON Schemas for Kubernetes documents, keyed by apiVersion and kind, validated with networknt's validator.
 *
 * <p>Built-in kinds: fabric8's {@code schema/validation-schema.json} from the {@code io.fabric8:kubernetes-model-*}
 * jars (generated from the Kubernetes API types). Strimzi kinds: the {@code openAPIV3Schema} of the CRDs that
 * Strimzi's own generator writes from {@code io.strimzi:api}. Both are used the way {@code kubeconform -strict}
 * and {@code kubectl --validate=strict} judge a document:
 * <ul>
 *   <li>an object with declared properties takes no others (fabric8 marks every object open and the API server
 *   would drop or refuse an unknown field; a misspelt field is a mistake we want to see), unless the schema says
 *   {@code x-kubernetes-preserve-unknown-fields};</li>
 *   <li>{@code IntOrString} and {@code Quantity} are written as strings or numbers in YAML (fabric8 describes their
 *   Java shape; {@code x-kubernetes-int-or-string} says the same for CRDs);</li>
 *   <li>apiVersion and kind must be exactly those of the schema, and a fabric8 property marked
 *   {@code "required": true} (draft-3 style) becomes a JSON Schema {@code required} entry.</li>
 * </ul>
 */
final class ManifestSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonSchemaFactory DRAFT_7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().build();
    /** fabric8's Java-mapping keywords: no meaning for validation. */
    private static final Set<String> JAVA_KEYWORDS = Set.of("javaType", "javaInterfaces", "existingJavaType",
            "javaOmitEmpty", "javaExtends", "javaEnumNames", "serializer", "deserializer", "id", "$module", "$schema");

    private final Map<String, Resource> resources = new HashMap<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private record Resource(String source, ObjectNode schema) {
    }

    /** Loads the schemas the build put under {@code schemasDir}: kubernetes/*&#47;schema/validation-schema.json, strimzi/*.yaml. */
    static ManifestSchemas load(Path schemasDir) {
        ManifestSchemas schemas = new ManifestSchemas();
        try (Stream<Path> files = Files.walk(schemasDir.resolve("kubernetes"))) {
            files.filter(f -> f.getFileName().toString().equals("validation-schema.json"))
                    .sorted()
                    .forEach(schemas::addFabric8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no Kubernetes schemas under " + schemasDir + ": run the Maven build", e);
        }
        try (Stream<Path> files = Files.list(schemasDir.resolve("strimzi"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(schemas::addCrd);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no Strimzi CRDs under " + schemasDir + ": run the Maven build", e);
        }
        return schemas;
    }

    /** The apiVersion/kind pairs that have a schema. */
    Set<String> kinds() {
        return resources.keySet();
    }

    boolean knows(JsonNode document) {
        return resources.containsKey(key(document.path("apiVersion").asText(), document.path("kind").asText()));
    }

    /** What is wrong with the document (empty when valid); empty Optional when no schema is known for its kind. */
    Optional<List<String>> validate(JsonNode document) {
        String key = key(document.path("apiVersion").asText(), document.path("kind").asText());
        Resource resource = resources.get(key);
        if (resource == null) {
            return Optional.empty();
        }
        JsonSchema schema = compiled.computeIfAbsent(key, k -> DRAFT_7.getSchema(resource.schema(), CONFIG));
        Set<ValidationMessage> messages = schema.validate(document);
        return Optional.of(messages.stream().map(ValidationMessage::getMessage).sorted().toList());
    }

    private static String key(String apiVersion, String kind) {
        return apiVersion + " " + kind;
    }

    private void addFabric8(Path file) {
        ObjectNode root = (ObjectNode) Documents.json(file);
        ObjectNode definitions = (ObjectNode) root.get("definitions");
        // IntOrString and Quantity are described by their Java shape ({IntVal, StrVal, Type}, {amount, format}).
        List<String> names = new ArrayList<>();
        definitions.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (name.endsWith("_IntOrString")) {
                definitions.set(name, typeUnion("string", "integer"));
            } else if (name.endsWith("_Quantity")) {
                definitions.set(name, typeUnion("string", "number"));
            } else {
                definitions.set(name, strictFabric8(definitions.get(name)));
            }
        }
        root.get("resources").fields().forEachRemaining(entry -> {
            ObjectNode resource = strictFabric8(entry.getValue());
            JsonNode properties = resource.path("properties");
            String apiVersion = properties.path("apiVersion").path("default").asText("");
            String kind = properties.path("kind").path("default").asText("");
            if (apiVersion.isEmpty() || kind.isEmpty() || !properties.has("metadata")) {
                return; // nested types listed as resources (e.g. specs); only top-level objects are documents
            }
            ((ObjectNode) properties.get("apiVersion")).put("const", apiVersion);
            ((ObjectNode) properties.get("kind")).put("const", kind);
            ObjectNode schema = resource.deepCopy();
            schema.put("$schema", "http://json-schema.org/draft-07/schema#");
            schema.set("definitions", definitions);
            resources.putIfAbsent(key(apiVersion, kind), new Resource(file.toString(), schema));
        });
    }

    private void addCrd(Path file) {
        for (JsonNode crd : Documents.yaml(file)) {
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                if (!version.path("served").asBoolean(false)) {
                    continue;
                }
                ObjectNode schema = strictCrd(version.path("schema").path("openAPIV3Schema").deepCopy());
                String apiVersion = group + "/" + version.path("name").asText();
                ObjectNode properties = (ObjectNode) schema.get("properties");
                properties.set("apiVersion", NODES.objectNode().put("type", "string").put("const", apiVersion));
                properties.set("kind", NODES.objectNode().put("type", "string").put("const", kind));
                properties.set("metadata", objectMeta());
                schema.set("required", NODES.arrayNode().add("apiVersion").add("kind").add("metadata"));
                schema.put("$schema", "http://json-schema.org/draft-07/schema#");
                resources.put(key(apiVersion, kind), new Resource(file.toString(), schema));
            }
        }
    }

    /** CRD schemas leave metadata to the API server: the fields a manifest may set, strictly. */
    private static ObjectNode objectMeta() {
        ObjectNode stringMap = NODES.objectNode().put("type", "object");
        stringMap.set("additionalProperties", NODES.objectNode().put("type", "string"));
        ObjectNode meta = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        meta.set("required", NODES.arrayNode().add("name"));
        ObjectNode properties = meta.putObject("properties");
        properties.set("name", NODES.objectNode().put("type", "string").put("minLength", 1));
        properties.set("namespace", NODES.objectNode().put("type", "string"));
        properties.set("labels", stringMap);
        properties.set("annotations", stringMap.deepCopy());
        return meta;
    }

    private static ObjectNode typeUnion(String... types) {
        ObjectNode node = NODES.objectNode();
        ArrayNode list = node.putArray("type");
        for (String type : types) {
            list.add(type);
        }
        return node;
    }

    private static ObjectNode strictFabric8(JsonNode node) {
        ObjectNode schema = (ObjectNode) node;
        JAVA_KEYWORDS.forEach(schema::remove);
        if (schema.has("properties")) {
            ObjectNode properties = (ObjectNode) schema.get("properties");
            Set<String> required = new LinkedHashSet<>();
            properties.fields().forEachRemaining(p -> {
                ObjectNode property = (ObjectNode) p.getValue();
                if (property.path("required").isBoolean()) {
                    if (property.get("required").asBoolean()) {
                        required.add(p.getKey());
                    }
                    property.remove("required");
                }
                strictFabric8(property);
            });
            if (!required.isEmpty()) {
                ArrayNode list = schema.putArray("required");
                required.forEach(list::add);
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional == null || additional.isBoolean()) {
                schema.put("additionalProperties", false);
            }
        }
        strictChildren(schema, ManifestSchemas::strictFabric8);
        return schema;
    }

    private static ObjectNode strictCrd(JsonNode node) {
        ObjectNode schema = (ObjectNode) node;
        schema.remove("description");
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            schema.remove("type");
            schema.setAll(typeUnion("string", "integer"));
        }
        if (schema.path("nullable").asBoolean(false) && schema.path("type").isTextual()) {
            schema.set("type", typeUnion(schema.get("type").asText(), "null").get("type"));
        }
        schema.remove("nullable");
        List<String> extensions = new ArrayList<>();
        schema.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("x-kubernetes-")) {
                extensions.add(name);
            }
        });
        extensions.forEach(schema::remove);
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserveUnknown) {
            schema.put("additionalProperties", false);
        }
        if (schema.has("properties")) {
            schema.get("properties").fields().forEachRemaining(p -> strictCrd(p.getValue()));
        }
        strictChildren(schema, ManifestSchemas::strictCrd);
        return schema;
    }

    private static void strictChildren(ObjectNode schema, java.util.function.Function<JsonNode, ObjectNode> strict) {
        for (String single : List.of("items", "additionalProperties", "not")) {
            if (schema.path(single).isObject()) {
                strict.apply(schema.get(single));
            }
        }
        for (String many : List.of("allOf", "anyOf", "oneOf")) {
            for (Iterator<JsonNode> it = schema.path(many).elements(); it.hasNext(); ) {
                JsonNode child = it.next();
                if (child.isObject()) {
                    strict.apply(child);
                }
            }
        }
    }
}
