package io.ledgerline.disputes.domain;

import io.ledgerline.events.common.AmountLimit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts in a currency's own minor units (ISO 4217), as the ledger keeps them. */
public final class Money {

    private Money() {
    }

    /** The currency's minor units, or -1 when the code is no ISO 4217 currency. */
    public static int minorUnits(String currency) {
        try {
            return Currency.getInstance(currency).getDefaultFractionDigits();
        } catch (IllegalArgumentException | NullPointerException e) {
            return -1;
        }
    }

    public static boolean isCurrency(String currency) {
        return currency != null && currency.matches("[A-Z]{3}") && minorUnits(currency) >= 0;
    }

    /** The ingest contract's limit: no amount of the ledger has more digits before the decimal point. */
    public static final int MAX_INTEGER_DIGITS = AmountLimit.MAX_INTEGER_DIGITS;

    /** True when the amount has more than {@link #MAX_INTEGER_DIGITS} digits before the point ({@link AmountLimit}). */
    public static boolean tooLarge(BigDecimal amount) {
        return AmountLimit.exceeded(amount);
    }

    /** True when the amount has no more decimals than the currency allows. */
    public static boolean fits(BigDecimal amount, String currency) {
        int units = Math.max(0, minorUnits(currency));
        return amount.stripTrailingZeros().scale() <= units;
    }

    /** The amount at exactly the currency's scale (only ever used on amounts that {@link #fits}). */
    public static BigDecimal of(BigDecimal amount, String currency) {
        return amount.setScale(Math.max(0, minorUnits(currency)), RoundingMode.UNNECESSARY);
    }

    public static BigDecimal zero(String currency) {
        return BigDecimal.ZERO.setScale(Math.max(0, minorUnits(currency)));
    }
}
