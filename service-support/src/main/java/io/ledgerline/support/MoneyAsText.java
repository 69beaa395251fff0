package io.ledgerline.support;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every amount a REST API writes is a plain decimal string ("1250.00"), as in the ingest contract: JSON numbers
 * lose trailing zeros and, in many clients, precision.
 */
@Singleton
public class MoneyAsText implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("ledgerline-money").addSerializer(BigDecimal.class,
                new JsonSerializer<>() {
                    @Override
                    public void serialize(BigDecimal value, JsonGenerator out, SerializerProvider provider) throws IOException {
                        out.writeString(value.toPlainString());
                    }
                }));
    }
}
