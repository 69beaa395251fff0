package io.ledgerline.reporting.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;

/** Amounts at their currency's minor units (the ledger never holds more), figures at a fixed number of decimals. */
public final class Money {

    private Money() {
    }

    public static BigDecimal of(BigDecimal amount, String currency) {
        return amount.setScale(minorUnits(currency), RoundingMode.HALF_EVEN);
    }

    public static BigDecimal zero(String currency) {
        return of(BigDecimal.ZERO, currency);
    }

    /**
     * Whether {@code code} is an ISO 4217 currency money can be held in (the ingest contract's rule: gold, SDRs and
     * test codes have no minor units and are never invoiced), so that a report asked in any other code is refused
     * rather than answered empty.
     */
    public static boolean isCurrency(String code) {
        try {
            return Currency.getInstance(code).getDefaultFractionDigits() >= 0;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    static int minorUnits(String currency) {
        try {
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            return digits < 0 ? 2 : digits;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }
}
