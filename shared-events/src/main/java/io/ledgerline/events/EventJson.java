package io.ledgerline.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration for event payloads, so every module writes and reads the same JSON: ISO dates,
 * money as plain decimals that keep their scale, optional fields omitted rather than null, unknown fields
 * ignored (the contract may grow compatibly).
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Without it a BigDecimal such as 1E+3 is written in scientific notation, which the contract forbids.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // A tree must keep "1250.10" as 1250.10: the scale is part of the amount the sender meant.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // {"amount": "1", "amount": "1000"} has no single meaning; refuse it instead of taking the last one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private EventJson() {
    }

    /** The shared instance; do not reconfigure it (use {@code mapper().copy()} for a variant). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object payload) {
        return unchecked(() -> MAPPER.writeValueAsBytes(payload), "cannot write " + payload.getClass().getName());
    }

    public static String writeString(Object payload) {
        return unchecked(() -> MAPPER.writeValueAsString(payload), "cannot write " + payload.getClass().getName());
    }

    public static <T> T read(byte[] json, Class<T> type) {
        return unchecked(() -> MAPPER.readValue(json, type), "cannot read " + type.getName());
    }

    public static <T> T read(String json, Class<T> type) {
        return unchecked(() -> MAPPER.readValue(json, type), "cannot read " + type.getName());
    }

    /** Binds a tree that has already been checked (e.g. against its schema) to its record. */
    public static <T> T read(JsonNode json, Class<T> type) {
        return unchecked(() -> MAPPER.treeToValue(json, type), "cannot read " + type.getName());
    }

    public static JsonNode readTree(byte[] json) {
        return unchecked(() -> MAPPER.readTree(json), "cannot read JSON");
    }

    public static JsonNode readTree(String json) {
        return unchecked(() -> MAPPER.readTree(json), "cannot read JSON");
    }

    /** The payload as the tree it is written as, e.g. to validate it against its schema before publishing. */
    public static JsonNode toTree(Object payload) {
        return MAPPER.valueToTree(payload);
    }

    private interface JsonCall<T> {
        T call() throws IOException;
    }

    /** Callers treat bad JSON as bad input; the cause is still the JsonProcessingException, with its location. */
    private static <T> T unchecked(JsonCall<T> call, String what) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + e.getMessage(), e);
        }
    }
}
