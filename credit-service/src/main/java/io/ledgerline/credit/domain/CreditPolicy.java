package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent.CheckOutcome;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything credit decides by, in one value: the scorecard, the exchange rates, the bounds of automatic decisions
 * and four eyes, the blocking rules, and how orders are checked. Built from configuration; the what-if replays a
 * proposed variant of it over recorded history.
 *
 * @param name              a label for the policy (e.g. "default-2026-12"), shown in what-if results
 * @param excludeDisputed   whether open disputed amounts are taken out of exposure
 */
public record CreditPolicy(String name, Scorecard scorecard, Fx fx, Decisions decisions, Rules rules, Orders orders,
                           boolean excludeDisputed) {

    public CreditPolicy {
        Objects.requireNonNull(scorecard, "scorecard");
        Objects.requireNonNull(fx, "fx");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(orders, "orders");
    }

    /**
     * Bounds of decisions, amounts in the base currency. The scorecard approves on its own only in the named classes
     * and up to {@code autoApproveMax} (never above {@code fourEyesAmount}); it declines on its own in the named
     * classes; everything else is referred to an analyst. An analyst's approval above {@code fourEyesAmount} needs a
     * second person.
     */
    public record Decisions(BigDecimal fourEyesAmount, BigDecimal autoApproveMax, Set<String> autoApproveClasses,
                            Set<String> autoDeclineClasses) {
        public Decisions {
            autoApproveClasses = Set.copyOf(autoApproveClasses);
            autoDeclineClasses = Set.copyOf(autoDeclineClasses);
        }

        /** The most the scorecard approves alone: four eyes is never bypassed by configuration. */
        public BigDecimal automaticCeiling() {
            return autoApproveMax.min(fourEyesAmount);
        }
    }

    /**
     * The blocking rules. {@code pastDue}: what is more than {@code days} past due, if at least {@code minAmount}
     * (base currency), may be at most {@code maxSharePercent} of exposure for the customer's risk class
     * ({@code unratedMaxSharePercent} before any class). {@code overLimitTolerancePercent}: exposure may exceed the
     * limit by this much before a hold. {@code releaseOnCure}: holds lifted when receivables says the account is
     * cured. {@code analystOverrideDays}: after an analyst releases a PAST_DUE or OVER_LIMIT hold, the rule does not
     * hold the customer again for this many days.
     */
    public record Rules(Set<BlockingRule> enabled, int pastDueDays, BigDecimal pastDueMinAmount,
                        Map<String, BigDecimal> pastDueMaxSharePercent, BigDecimal unratedMaxSharePercent,
                        BigDecimal overLimitTolerancePercent, Set<BlockingRule> releaseOnCure,
                        int analystOverrideDays) {
        public Rules {
            enabled = enabled.isEmpty() ? EnumSet.noneOf(BlockingRule.class) : EnumSet.copyOf(enabled);
            enabled.add(BlockingRule.MANUAL);
            releaseOnCure = releaseOnCure.isEmpty() ? EnumSet.noneOf(BlockingRule.class) : EnumSet.copyOf(releaseOnCure);
            pastDueMaxSharePercent = Map.copyOf(pastDueMaxSharePercent);
        }

        public boolean isOn(BlockingRule rule) {
            return enabled.contains(rule);
        }

        public BigDecimal maxPastDueShare(String riskClass) {
            return riskClass == null ? unratedMaxSharePercent
                    : pastDueMaxSharePercent.getOrDefault(riskClass, unratedMaxSharePercent);
        }

        /** The rule names a hold may carry under this policy. */
        public Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            enabled.forEach(rule -> names.add(rule.name()));
            return names;
        }
    }

    /**
     * Order checks: an order counts as exposure for {@code expiryDays} unless invoiced, cancelled or decided before;
     * a customer without a credit limit gets {@code withoutLimit} (REJECTED or HELD).
     */
    public record Orders(int expiryDays, CheckOutcome withoutLimit) {
        public Orders {
            if (withoutLimit == CheckOutcome.RELEASED) {
                throw new IllegalArgumentException("an order of a customer without a limit cannot be released unseen");
            }
        }
    }
}
