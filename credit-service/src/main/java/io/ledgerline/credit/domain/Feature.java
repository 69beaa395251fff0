package io.ledgerline.credit.domain;

/**
 * What a scorecard can weigh: the customer's own behaviour as the other services report it, and what the application
 * says. Each has the words a customer can be told when it counts against them, and when it is unknown.
 */
public enum Feature {
    AVERAGE_DAYS_LATE("average-days-late", "days",
            "Payments over the last 12 months reached us late on average",
            "No payments from you over the last 12 months to judge by"),
    LATE_INVOICE_SHARE("late-invoice-share", "%",
            "A large share of invoices settled in the last 12 months was paid after the due date",
            "No invoices settled in the last 12 months to judge by"),
    PAST_DUE_SHARE("past-due-share", "%",
            "A share of the open balance is past due",
            "No open balance with us"),
    RETURNED_PAYMENTS("returned-payments", "count",
            "Payments were returned unpaid in the last 12 months",
            "No payment history with us"),
    BROKEN_PROMISES("broken-promises", "count",
            "Promises to pay were not kept in the last 12 months",
            "No payment history with us"),
    OPEN_DISPUTES("open-disputes", "count",
            "Invoices are in open disputes",
            "No payment history with us"),
    MONTHS_AS_CUSTOMER("months-as-customer", "months",
            "The trading history with us is short",
            "No trading history with us yet"),
    YEARS_IN_BUSINESS("years-in-business", "years",
            "The business has been trading for a short time",
            "The years in business were not stated"),
    CURRENT_RATIO("current-ratio", "ratio",
            "Current assets cover current liabilities thinly",
            "The current ratio was not stated"),
    NET_WORTH_TO_LIMIT("net-worth-to-limit", "ratio",
            "Net worth is low compared with the credit requested",
            "Net worth was not stated"),
    BUREAU_SCORE("bureau-score", "points",
            "The credit bureau score is low",
            "No credit bureau score was given"),
    TRADE_REFERENCES("trade-references", "count",
            "Few trade references were given",
            "No trade references were given");

    private final String key;
    private final String unit;
    private final String adverseText;
    private final String missingText;

    Feature(String key, String unit, String adverseText, String missingText) {
        this.key = key;
        this.unit = unit;
        this.adverseText = adverseText;
        this.missingText = missingText;
    }

    /** The name in configuration and in events, e.g. {@code average-days-late}. */
    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    public String adverseText() {
        return adverseText;
    }

    public String missingText() {
        return missingText;
    }

    /** The stable code of an adverse factor, e.g. {@code AVERAGE_DAYS_LATE} or {@code BUREAU_SCORE_MISSING}. */
    public String adverseCode(boolean missing) {
        return missing ? name() + "_MISSING" : name();
    }

    public static Feature ofKey(String key) {
        for (Feature feature : values()) {
            if (feature.key.equals(key)) {
                return feature;
            }
        }
        throw new IllegalArgumentException("no scorecard feature is called " + key + "; known: "
                + java.util.Arrays.stream(values()).map(Feature::key).toList());
    }
}
