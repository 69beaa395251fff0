package io.ledgerline.credit.config;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Dates, instants and yes/no in request bodies are read as written: a value of another JSON type is refused naming the
 * field (400 INVALID_VALUE) instead of being turned into something else. Jackson would otherwise take
 * {@code "from": 123} as the 123rd day after 1970-01-01, {@code "validFrom": ""} as no date at all (so today), and
 * {@code "confirm": 1} as true. (A number where text belongs, {@code "orderId": 5}, still reads as its text.)
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.configOverride(LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        mapper.configOverride(Instant.class).setFormat(JsonFormat.Value.forLeniency(false));
    }
}
