package io.ledgerline.receivables.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An answer's JSON as the REST layer would write it, made once by the queries that keep answers per account version:
 * by the application's own object mapper, so the kept bytes are exactly what the resource writes from the objects.
 */
final class AnswerJson {

    private AnswerJson() {
    }

    /** {@code value} written by {@code json}; {@code what} names it in the error that cannot happen for our records. */
    static byte[] write(ObjectMapper json, Object value, String what) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " could not be written as JSON", e);
        }
    }
}
