package io.ledgerline.disputes.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * How short a remittance may pay an invoice before it counts as a deduction, per currency: an absolute amount
 * ("5.00") or a share of the invoice ("1%"). A currency not named uses the default; a shortfall must be more than the
 * tolerance to open a case.
 */
public record DeductionTolerance(Map<String, Limit> byCurrency, Limit defaultLimit) {

    /** {@code amount} absolute, or {@code percent} of the invoice's amount; exactly one is set. */
    public record Limit(BigDecimal amount, BigDecimal percent) {

        public static Limit parse(String text) {
            String t = text.trim();
            if (t.endsWith("%")) {
                BigDecimal percent = new BigDecimal(t.substring(0, t.length() - 1).trim());
                if (percent.signum() < 0 || percent.compareTo(new BigDecimal("100")) > 0) {
                    throw new IllegalArgumentException("a deduction tolerance in % is from 0 to 100: " + text);
                }
                return new Limit(null, percent);
            }
            BigDecimal amount = new BigDecimal(t);
            if (amount.signum() < 0) {
                throw new IllegalArgumentException("a deduction tolerance cannot be negative: " + text);
            }
            return new Limit(amount, null);
        }

        BigDecimal of(BigDecimal invoiceAmount) {
            return amount != null ? amount
                    : invoiceAmount.multiply(percent).divide(new BigDecimal("100"), 10, RoundingMode.HALF_UP);
        }

        @Override
        public String toString() {
            return amount != null ? amount.toPlainString() : percent.toPlainString() + "%";
        }
    }

    /** Any shortfall at all opens a case. */
    public static final DeductionTolerance NONE = new DeductionTolerance(Map.of(), new Limit(BigDecimal.ZERO, null));

    public DeductionTolerance {
        byCurrency = Map.copyOf(byCurrency);
    }

    public Limit limitFor(String currency) {
        return byCurrency.getOrDefault(currency, defaultLimit);
    }

    /** True when {@code shortfall} on an invoice of {@code invoiceAmount} is more than the currency's tolerance. */
    public boolean isDeduction(BigDecimal shortfall, String currency, BigDecimal invoiceAmount) {
        return shortfall.signum() > 0 && shortfall.compareTo(limitFor(currency).of(invoiceAmount)) > 0;
    }
}
