package io.ledgerline.receivables.domain;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's configurable rules, the same for every account of a deployment.
 *
 * @param delinquencyGraceDays  days an item may be past due before the account counts as delinquent
 * @param smallBalanceTolerance per currency, the open amount at or below which what is left of an invoice is written
 *                              off automatically; a currency not named is never written off automatically
 * @param buckets               the aging buckets delinquency reports and compares
 * @param smallBalancePercent   and at most this percentage of what the invoice asks for: both limits must hold, so
 *                              a one-euro tolerance never writes off most of a two-euro invoice
 * @param writeOffReasons       the catalogue of write-off reason codes, each with the text a customer's statement shows
 */
public record LedgerRules(int delinquencyGraceDays, Map<String, BigDecimal> smallBalanceTolerance, Aging.Buckets buckets,
                          BigDecimal smallBalancePercent, Map<String, String> writeOffReasons) {

    /** No grace period, no automatic write-offs, the standard buckets. */
    public static final LedgerRules DEFAULT = new LedgerRules(0, Map.of(), Aging.Buckets.STANDARD);

    /** What a statement says for a write-off whose reason code is not (or no longer) in the catalogue. */
    public static final String DEFAULT_WRITE_OFF_TEXT = "Balance written off";

    public LedgerRules {
        if (delinquencyGraceDays < 0) {
            throw new IllegalArgumentException("the grace period cannot be negative: " + delinquencyGraceDays);
        }
        if (smallBalancePercent.signum() < 0 || smallBalancePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("the small-balance percentage must be from 0 to 100: " + smallBalancePercent);
        }
        smallBalanceTolerance = Map.copyOf(smallBalanceTolerance);
        writeOffReasons = Map.copyOf(writeOffReasons);
    }

    /** Rules without a percentage limit (100 %) or reason catalogue: for tests of the other rules. */
    public LedgerRules(int delinquencyGraceDays, Map<String, BigDecimal> smallBalanceTolerance, Aging.Buckets buckets) {
        this(delinquencyGraceDays, smallBalanceTolerance, buckets, BigDecimal.valueOf(100), Map.of());
    }

    /** Whether {@code open} of an invoice asking for {@code asked} is within both small-balance limits. */
    public boolean isSmallBalance(BigDecimal open, BigDecimal asked, String currency) {
        return toleranceFor(currency).map(t -> open.compareTo(t) <= 0
                && open.multiply(BigDecimal.valueOf(100)).compareTo(asked.multiply(smallBalancePercent)) <= 0)
                .orElse(false);
    }

    /** The customer-facing text of a write-off reason. */
    public String customerTextOf(String reasonCode) {
        return reasonCode == null ? DEFAULT_WRITE_OFF_TEXT : writeOffReasons.getOrDefault(reasonCode, DEFAULT_WRITE_OFF_TEXT);
    }

    public Optional<BigDecimal> toleranceFor(String currency) {
        return Optional.ofNullable(smallBalanceTolerance.get(currency)).filter(t -> t.signum() > 0);
    }
}
