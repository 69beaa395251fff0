package io.ledgerline.receivables.ledger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Reads the dates ({@code "2026-12-02"}) and amounts ({@code "1250.10"}) of the stored events with less work than
 * Jackson's general readers: every fold of an account and every replayed event reads a few of each, and the general
 * readers' cost per value (a {@code DateTimeFormatter} parse with its context, field map and resolver; a regular
 * expression run over every amount before it is parsed) was a large part of decoding an event and of its garbage.
 * <p>
 * Only the exact forms the ledger writes are read here, into the same values the general readers give: a date as
 * {@code yyyy-MM-dd} that exists, an amount as plain decimal text ({@code -?digits[.digits]}, the scale kept). Anything
 * else (another form, an impossible date such as {@code 2026-02-30}, a number token, an exponent) goes to Jackson's
 * own reader, so what is accepted and every error stay exactly as they were.
 */
final class StoredValues {

    /** Longer amounts than this go to the general reader (which applies its own limits to them). */
    private static final int MAX_AMOUNT_CHARS = 64;

    private StoredValues() {
    }

    /** The module that puts these readers in place of the general ones for {@link LocalDate} and {@link BigDecimal}. */
    static SimpleModule module() {
        return new SimpleModule("stored-values")
                .addDeserializer(LocalDate.class, new QuickFirst<>(LocalDate.class, StoredValues::isoDate,
                        LocalDateDeserializer.INSTANCE))
                .addDeserializer(BigDecimal.class, new QuickFirst<>(BigDecimal.class, StoredValues::plainAmount,
                        NumberDeserializers.BigDecimalDeserializer.instance));
    }

    /**
     * Reads a string token with {@code quick} (null when the text is not in the form it reads) and hands anything else
     * to Jackson's {@code general} reader, as before.
     */
    static final class QuickFirst<T> extends StdDeserializer<T> {

        private final Function<String, T> quick;
        private final JsonDeserializer<T> general;

        QuickFirst(Class<T> type, Function<String, T> quick, JsonDeserializer<T> general) {
            super(type);
            this.quick = quick;
            this.general = general;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                T value = quick.apply(parser.getText());
                if (value != null) {
                    return value;
                }
            }
            return general.deserialize(parser, context);
        }
    }

    /** {@code yyyy-MM-dd} exactly, as a date that exists; otherwise null (the general reader decides). */
    static LocalDate isoDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException impossible) {
            return null;
        }
    }

    /**
     * Plain decimal text ({@code -?digits[.digits]}, at most {@value #MAX_AMOUNT_CHARS} characters) as the
     * {@link BigDecimal} of that text, scale included; otherwise null (the general reader decides).
     */
    static BigDecimal plainAmount(String text) {
        int length = text.length();
        if (length == 0 || length > MAX_AMOUNT_CHARS) {
            return null;
        }
        int i = text.charAt(0) == '-' ? 1 : 0;
        int integerDigits = 0;
        while (i < length && isDigit(text.charAt(i))) {
            i++;
            integerDigits++;
        }
        if (integerDigits == 0) {
            return null;
        }
        if (i < length) {
            if (text.charAt(i) != '.') {
                return null;
            }
            i++;
            int fractionDigits = 0;
            while (i < length && isDigit(text.charAt(i))) {
                i++;
                fractionDigits++;
            }
            if (fractionDigits == 0 || i < length) {
                return null;
            }
        }
        return new BigDecimal(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
