package io.ledgerline.support;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Dates, instants and yes/no in request bodies are read as written: a value of another JSON type is refused naming the
 * field (400 INVALID_VALUE) instead of being turned into something else. Jackson would otherwise take
 * {@code "from": 123} as the 123rd day after 1970-01-01, {@code "validFrom": ""} as no date at all (so today), and
 * {@code "contactedAt": 123} as two minutes past midnight on 1970-01-01, and {@code "confirm": 1} as true. (A number
 * where text belongs still reads as its text.) A service turns it on with the build property
 * {@code ledgerline.json.strict=true} (credit and collections do).
 */
@Singleton
@IfBuildProperty(name = "ledgerline.json.strict", stringValue = "true")
public class StrictJson implements ObjectMapperCustomizer {

    /** After Quarkus' own customizers: the Java time module they register must not take precedence over this one. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        mapper.configOverride(Instant.class).setFormat(JsonFormat.Value.forLeniency(false));
        // An instant is RFC 3339 text: Jackson would read a number as seconds after 1970 whatever its leniency.
        mapper.registerModule(new SimpleModule("ledgerline-instants-as-text").addDeserializer(Instant.class,
                new StdDeserializer<>(Instant.class) {
                    @Override
                    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        if (!p.hasToken(JsonToken.VALUE_STRING)) {
                            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
                        }
                        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
                    }
                }));
    }
}
