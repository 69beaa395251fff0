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
 */
public record LedgerRules(int delinquencyGraceDays, Map<String, BigDecimal> smallBalanceTolerance, Aging.Buckets buckets) {

    /** No grace period, no automatic write-offs, the standard buckets. */
    public static final LedgerRules DEFAULT = new LedgerRules(0, Map.of(), Aging.Buckets.STANDARD);

    public LedgerRules {
        if (delinquencyGraceDays < 0) {
            throw new IllegalArgumentException("the grace period cannot be negative: " + delinquencyGraceDays);
        }
        smallBalanceTolerance = Map.copyOf(smallBalanceTolerance);
    }

    public Optional<BigDecimal> toleranceFor(String currency) {
        return Optional.ofNullable(smallBalanceTolerance.get(currency)).filter(t -> t.signum() > 0);
    }
}
