package io.ledgerline.credit.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Exchange rates as configured (or imported): how much one unit of each currency is worth in the base currency, as of
 * one date. Every conversion says the rate and that date, so a figure in a limit's currency can always be explained.
 */
public record Fx(String base, LocalDate rateDate, Map<String, BigDecimal> toBase) {

    private static final MathContext RATE_PRECISION = new MathContext(12, RoundingMode.HALF_EVEN);
    private static final int RATE_SCALE = 6;

    public Fx {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(rateDate, "rateDate");
        Map<String, BigDecimal> rates = new TreeMap<>(toBase);
        rates.put(base, BigDecimal.ONE);
        rates.forEach((currency, rate) -> {
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("the rate of " + currency + " must be positive, is " + rate);
            }
        });
        toBase = Map.copyOf(rates);
    }

    /** No conversion at all: every amount must already be in the base currency. */
    public static Fx only(String base, LocalDate rateDate) {
        return new Fx(base, rateDate, Map.of());
    }

    public boolean knows(String currency) {
        return toBase.containsKey(currency);
    }

    /** One amount converted, with the rate used and the date of the rates. */
    public record Conversion(String from, String to, BigDecimal amount, BigDecimal rate, LocalDate rateDate,
                             BigDecimal converted) {
    }

    /** The rate from one currency into another (through the base currency). */
    public BigDecimal rate(String from, String to) {
        if (from.equals(to)) {
            return BigDecimal.ONE;
        }
        return rateToBase(from).divide(rateToBase(to), RATE_PRECISION).setScale(RATE_SCALE, RoundingMode.HALF_EVEN);
    }

    public Conversion convert(BigDecimal amount, String from, String to) {
        BigDecimal rate = rate(from, to);
        BigDecimal converted = from.equals(to) ? amount
                : amount.multiply(rate).setScale(Money.scaleOf(to), RoundingMode.HALF_EVEN);
        return new Conversion(from, to, amount, rate, rateDate, converted);
    }

    private BigDecimal rateToBase(String currency) {
        BigDecimal rate = toBase.get(currency);
        if (rate == null) {
            throw new MissingRate(currency);
        }
        return rate;
    }

    /** No rate is configured for a currency: an amount in it cannot be weighed against a limit in another. */
    public static final class MissingRate extends RuntimeException {
        private final String currency;

        public MissingRate(String currency) {
            super("no exchange rate is configured for " + currency);
            this.currency = currency;
        }

        public String currency() {
            return currency;
        }
    }
}
