package io.ledgerline.events.common;

import java.math.BigDecimal;

/**
 * The ingest contract's limit for money (ingest-v1.md, Limits): at most {@value #MAX_INTEGER_DIGITS} digits before the
 * decimal point. Every service that takes an amount, from a record or from a person, keeps to it, so nothing enters
 * an event that another service could not hold.
 */
public final class AmountLimit {

    public static final int MAX_INTEGER_DIGITS = 15;

    private AmountLimit() {
    }

    /**
     * True when the amount has more than {@value #MAX_INTEGER_DIGITS} digits before the decimal point, worked out from
     * precision and scale alone: 1e999999999 is never expanded to count them (setScale or toPlainString on it would
     * take a service's memory and minutes).
     */
    public static boolean exceeded(BigDecimal amount) {
        return (long) amount.precision() - amount.scale() > MAX_INTEGER_DIGITS;
    }
}
