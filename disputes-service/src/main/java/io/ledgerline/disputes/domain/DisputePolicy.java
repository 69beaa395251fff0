package io.ledgerline.disputes.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured rules the decider applies, the same for every case of a deployment: the catalogue of reason codes
 * with each one's SLA, who owns a new case, when a resolution needs a second person, the business calendar.
 *
 * @param reasons            reason code → SLA in business days; only these codes may be used by people
 * @param deductionReason    the reason code of cases opened for a short payment (must be in {@code reasons})
 * @param assignment         first matching rule wins, in the order given
 * @param approvalAbove      per currency, a resolution crediting more than this needs a second person's approval;
 *                           a currency not named uses {@code defaultApprovalAbove}
 * @param escalateTo         who an SLA breach is escalated to
 */
public record DisputePolicy(Map<String, Integer> reasons, String deductionReason, List<AssignmentRule> assignment,
                            String defaultOwner, Map<String, BigDecimal> approvalAbove,
                            BigDecimal defaultApprovalAbove, String escalateTo, BusinessCalendar calendar) {

    /**
     * Cases of reason {@code reason} (or any reason, "*") disputing at least {@code minAmount} in total go to
     * {@code owner}.
     */
    public record AssignmentRule(String reason, BigDecimal minAmount, String owner) {
        boolean matches(String reasonCode, BigDecimal amount) {
            return ("*".equals(reason) || reason.equals(reasonCode)) && amount.compareTo(minAmount) >= 0;
        }
    }

    /** A small, complete policy for tests and as documentation of the defaults' shape. */
    public static final DisputePolicy DEFAULT = new DisputePolicy(
            Map.of("PRICE", 10, "QUANTITY", 10, "DAMAGED_GOODS", 15, "NOT_RECEIVED", 10, "DUPLICATE_BILLING", 5,
                    "TAX", 20, "SHORT_PAYMENT", 10),
            "SHORT_PAYMENT",
            List.of(new AssignmentRule("*", new BigDecimal("10000"), "dispute-leads")),
            "dispute-desk", Map.of(), new BigDecimal("1000"), "dispute-leads", BusinessCalendar.WEEKENDS_ONLY);

    public DisputePolicy {
        reasons = Map.copyOf(reasons);
        assignment = List.copyOf(assignment);
        approvalAbove = Map.copyOf(approvalAbove);
        if (!reasons.containsKey(deductionReason)) {
            throw new IllegalArgumentException("the deduction reason " + deductionReason + " is not in the catalogue "
                    + reasons.keySet());
        }
    }

    public Set<String> reasonCodes() {
        return reasons.keySet();
    }

    public Optional<Integer> slaDays(String reasonCode) {
        return Optional.ofNullable(reasons.get(reasonCode));
    }

    public String ownerFor(String reasonCode, BigDecimal amount) {
        return assignment.stream().filter(r -> r.matches(reasonCode, amount)).map(AssignmentRule::owner).findFirst()
                .orElse(defaultOwner);
    }

    /** The largest credit a single person may resolve with in this currency. */
    public BigDecimal approvalAbove(String currency) {
        return approvalAbove.getOrDefault(currency, defaultApprovalAbove);
    }
}
