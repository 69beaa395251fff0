package io.ledgerline.receivables.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;

/** ISO 4217 facts the ledger needs: whether a code is a currency money can be held in, and its minor units. */
public final class Currencies {

    private Currencies() {
    }

    /** The number of decimals the currency allows (EUR 2, JPY 0, BHD 3), or empty for codes that are not money. */
    public static Optional<Integer> minorUnits(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return Optional.empty();
        }
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            // Gold, SDRs and test codes have no minor units (-1): nothing is invoiced in them.
            return digits < 0 ? Optional.empty() : Optional.of(digits);
        } catch (IllegalArgumentException notIso) {
            return Optional.empty();
        }
    }

    /**
     * The amount at the currency's scale, so 1250.5 and 1250.50 EUR are the same money (and equal records), and
     * 1250.0000 read back from a NUMERIC column shows as 1250.00. Never rounds: a digit that would be lost fails.
     */
    public static BigDecimal normalize(BigDecimal amount, String currency) {
        return amount.setScale(minorUnits(currency).orElseThrow(), java.math.RoundingMode.UNNECESSARY);
    }
}
