package io.ledgerline.collections.domain;

import io.ledgerline.events.common.AmountLimit;

import java.math.BigDecimal;
import java.util.Currency;

/** Checks of the money people type in: an ISO 4217 currency, a positive amount in its minor units. */
final class Money {

    static final int MAX_INTEGER_DIGITS = AmountLimit.MAX_INTEGER_DIGITS;

    private Money() {
    }

    static String currency(String code, String field) {
        CollectionsDecider.require(code != null, Rejection.invalid(field, "MISSING_FIELD", field + " is required"));
        try {
            if (!code.matches("[A-Z]{3}")) {
                throw new IllegalArgumentException();
            }
            Currency.getInstance(code);
            return code;
        } catch (IllegalArgumentException e) {
            throw new CollectionsDecider.Refused(Rejection.invalid(field, "INVALID_CURRENCY",
                    field + " is not an ISO 4217 currency code: " + code));
        }
    }

    /** Zero in a currency's minor units (0.00 EUR, 0 JPY): what a sum of nothing is shown as in an event. */
    static BigDecimal zero(String currency) {
        try {
            return BigDecimal.ZERO.setScale(Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0));
        } catch (IllegalArgumentException | NullPointerException e) {
            return BigDecimal.ZERO;
        }
    }

    /** The amount, or zero in the amount's own scale when it is negative ({@code max(ZERO)} would answer a bare 0). */
    static BigDecimal notBelowZero(BigDecimal amount) {
        return amount.signum() < 0 ? BigDecimal.ZERO.setScale(amount.scale()) : amount;
    }

    static BigDecimal positive(BigDecimal amount, String currency, String field) {
        CollectionsDecider.require(amount != null, Rejection.invalid(field, "MISSING_FIELD", field + " is required"));
        CollectionsDecider.require(amount.signum() > 0, Rejection.invalid(field, "INVALID_AMOUNT",
                field + " must be greater than zero"));
        // Never expanded, not even to say in a message how far it is beyond what is open.
        CollectionsDecider.require(!AmountLimit.exceeded(amount),
                Rejection.invalid(field, "INVALID_AMOUNT", field + " has more than " + MAX_INTEGER_DIGITS
                        + " digits before the decimal point"));
        int digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
        CollectionsDecider.require(amount.stripTrailingZeros().scale() <= digits, Rejection.invalid(field,
                "TOO_MANY_DECIMALS", field + " has more decimals than " + currency + " has (" + digits + ")"));
        return amount;
    }
}
