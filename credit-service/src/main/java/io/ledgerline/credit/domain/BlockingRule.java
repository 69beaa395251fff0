package io.ledgerline.credit.domain;

/**
 * The rules that hold a customer's new orders. Each hold names the rule that placed it ({@code MANUAL} when an analyst
 * did) and the events behind it.
 */
public enum BlockingRule {
    /** Amount × age × risk: what is past due by more than N days is more than the risk class allows of exposure. */
    PAST_DUE,
    /** Exposure above the limit by more than the tolerance. */
    OVER_LIMIT,
    /** Collections reported a PromiseToPayBroken. */
    BROKEN_PROMISE,
    /** Collections handed the account to an agency or to legal (AccountEscalated). */
    ACCOUNT_ESCALATED,
    /** An analyst placed the hold. */
    MANUAL;

    /** Whether the rule looks at amounts (and is re-weighed as they change) rather than fire on an event. */
    public boolean weighsAmounts() {
        return this == PAST_DUE || this == OVER_LIMIT;
    }
}
