package io.ledgerline.credit.domain;

import io.ledgerline.events.common.AmountLimit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Small helpers for amounts: a currency's minor units, and whether an amount respects them. */
public final class Money {

    private Money() {
    }

    /** The number of decimals a currency's amounts carry (2 for EUR, 0 for JPY, 3 for BHD). */
    public static int scaleOf(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    public static boolean isCurrency(String code) {
        // Three capital letters, checked by hand: String.matches compiled a regular expression on every call (every
        // order check), a few hundred bytes of garbage each time.
        if (code == null || code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Digits before the decimal point an amount may have: the ingest contract's limit for money (ingest-v1.md). */
    public static final int MAX_INTEGER_DIGITS = AmountLimit.MAX_INTEGER_DIGITS;

    /**
     * Whether an amount has more than {@value #MAX_INTEGER_DIGITS} digits before the decimal point ({@link
     * AmountLimit}): an amount beyond what a read model's NUMERIC column holds is refused before it is recorded.
     */
    public static boolean tooLarge(BigDecimal amount) {
        return AmountLimit.exceeded(amount);
    }

    /**
     * Why an amount in a currency cannot be taken (more than {@value #MAX_INTEGER_DIGITS} digits before the point, or
     * more decimals than the currency has), or null when it can: the one check of the decider's amounts and the
     * application's financials.
     */
    public static Rejection unfit(BigDecimal amount, String currency, String field) {
        if (tooLarge(amount)) {
            return Rejection.invalid(field, "INVALID_AMOUNT", field + " has more than " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point");
        }
        if (!fitsMinorUnits(amount, currency)) {
            return Rejection.invalid(field, "TOO_MANY_DECIMALS", field + " has more decimals than " + currency
                    + " allows (" + scaleOf(currency) + ")");
        }
        return null;
    }

    public static boolean fitsMinorUnits(BigDecimal amount, String currency) {
        return amount.stripTrailingZeros().scale() <= scaleOf(currency);
    }

    /** An amount in a currency's own scale: 1250 EUR is shown as 1250.00. */
    public static BigDecimal scaled(BigDecimal amount, String currency) {
        return amount.setScale(Math.max(amount.scale(), scaleOf(currency)), RoundingMode.UNNECESSARY);
    }

    /**
     * An amount read back from a read model's {@code NUMERIC(38, 8)} column in its currency's scale: 100.00000000 EUR
     * is shown as 100.00, as everywhere else. Digits the currency does not have are kept rather than rounded away (a
     * converted amount may carry them).
     */
    public static BigDecimal stored(BigDecimal amount, String currency) {
        if (amount == null || currency == null) {
            return amount;
        }
        BigDecimal plain = amount.stripTrailingZeros();
        int scale = scaleOf(currency);
        return plain.scale() <= scale ? plain.setScale(scale, RoundingMode.UNNECESSARY) : plain;
    }

    /** {@code part / whole} as a percentage with two decimals; zero when the whole is not positive. */
    public static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole.signum() <= 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
