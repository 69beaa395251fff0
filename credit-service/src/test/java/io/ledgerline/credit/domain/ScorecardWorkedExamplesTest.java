package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent.AdverseFactor;
import io.ledgerline.events.credit.CreditEvent.FeaturePoints;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worked examples of the README's "The default scorecard": inputs → each feature's points → score → class →
 * recommended limit, on the scorecard the service ships with. If the configuration changes, this test and the README
 * change together.
 */
class ScorecardWorkedExamplesTest {

    private final CreditPolicy policy = Policies.defaults();
    private final Scorecard scorecard = policy.scorecard();

    @Test
    void a_new_customer_with_strong_financials_is_class_B_and_approved_automatically() {
        Map<Feature, BigDecimal> values = new EnumMap<>(Feature.class);
        // No history with us: the seven behaviour features are missing.
        values.put(Feature.YEARS_IN_BUSINESS, new BigDecimal("12"));
        values.put(Feature.CURRENT_RATIO, new BigDecimal("1.6"));
        values.put(Feature.NET_WORTH_TO_LIMIT, new BigDecimal("22.50"));   // 900,000 / 40,000
        values.put(Feature.BUREAU_SCORE, new BigDecimal("720"));
        values.put(Feature.TRADE_REFERENCES, new BigDecimal("3"));

        Scorecard.Result result = scorecard.score(values);

        assertThat(result.featurePoints()).extracting(FeaturePoints::feature, FeaturePoints::bin, FeaturePoints::points)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("average-days-late", "missing", 20),
                        org.assertj.core.groups.Tuple.tuple("late-invoice-share", "missing", 10),
                        org.assertj.core.groups.Tuple.tuple("past-due-share", "missing", 20),
                        org.assertj.core.groups.Tuple.tuple("returned-payments", "missing", 0),
                        org.assertj.core.groups.Tuple.tuple("broken-promises", "missing", 0),
                        org.assertj.core.groups.Tuple.tuple("open-disputes", "missing", 0),
                        org.assertj.core.groups.Tuple.tuple("months-as-customer", "missing", 0),
                        org.assertj.core.groups.Tuple.tuple("years-in-business", "> 10", 50),
                        org.assertj.core.groups.Tuple.tuple("current-ratio", "1.2–2", 25),
                        org.assertj.core.groups.Tuple.tuple("net-worth-to-limit", "> 3", 30),
                        org.assertj.core.groups.Tuple.tuple("bureau-score", "> 700", 60),
                        org.assertj.core.groups.Tuple.tuple("trade-references", "> 2", 20));
        // 500 base + 50 (behaviour, all missing) + 185 (application)
        assertThat(result.score()).isEqualTo(735);
        assertThat(result.riskClass().name()).isEqualTo("B");
        assertThat(result.adverseFactors()).extracting(AdverseFactor::code).containsExactly(
                "AVERAGE_DAYS_LATE_MISSING", "MONTHS_AS_CUSTOMER_MISSING", "LATE_INVOICE_SHARE_MISSING",
                "BROKEN_PROMISES_MISSING");
        // Class B: up to 250,000 EUR and 10 % of revenue: min(250,000, 420,000)
        assertThat(Scorecard.recommendedLimit(result.riskClass(), "EUR", new BigDecimal("4200000"), policy.fx()))
                .isEqualByComparingTo("250000");
    }

    @Test
    void a_customer_who_pays_late_and_broke_a_promise_is_class_D_and_referred() {
        Map<Feature, BigDecimal> values = new EnumMap<>(Feature.class);
        values.put(Feature.AVERAGE_DAYS_LATE, new BigDecimal("12.0"));
        values.put(Feature.LATE_INVOICE_SHARE, new BigDecimal("40.0"));
        values.put(Feature.PAST_DUE_SHARE, new BigDecimal("35.0"));
        values.put(Feature.RETURNED_PAYMENTS, new BigDecimal("1"));
        values.put(Feature.BROKEN_PROMISES, new BigDecimal("1"));
        values.put(Feature.OPEN_DISPUTES, new BigDecimal("0"));
        values.put(Feature.MONTHS_AS_CUSTOMER, new BigDecimal("18"));
        values.put(Feature.YEARS_IN_BUSINESS, new BigDecimal("4"));
        values.put(Feature.CURRENT_RATIO, new BigDecimal("1.1"));
        values.put(Feature.NET_WORTH_TO_LIMIT, new BigDecimal("1.50"));
        values.put(Feature.TRADE_REFERENCES, new BigDecimal("1"));

        Scorecard.Result result = scorecard.score(values);

        assertThat(result.featurePoints()).extracting(FeaturePoints::points)
                .containsExactly(10, 0, -40, 0, -20, 10, 20, 10, 0, 10, 0, 0);
        // 500 − 20 (behaviour) + 20 (application)
        assertThat(result.score()).isEqualTo(500);
        assertThat(result.riskClass().name()).isEqualTo("D");
        assertThat(result.adverseFactors()).extracting(AdverseFactor::code).containsExactly(
                "PAST_DUE_SHARE", "BUREAU_SCORE_MISSING", "AVERAGE_DAYS_LATE", "BROKEN_PROMISES");
        assertThat(result.adverseFactors().getFirst().text()).isEqualTo("A share of the open balance is past due");
        // Class D: up to 25,000 EUR and 5 % of revenue: min(25,000, 5 % of 380,000 = 19,000)
        assertThat(Scorecard.recommendedLimit(result.riskClass(), "EUR", new BigDecimal("380000"), policy.fx()))
                .isEqualByComparingTo("19000");
    }

    @Test
    void bins_are_read_from_their_configuration_text() {
        assertThat(Scorecard.parseBins("0:60, 5:40, *:-80")).containsExactly(
                new Scorecard.Bin(new BigDecimal("0"), 60), new Scorecard.Bin(new BigDecimal("5"), 40),
                new Scorecard.Bin(null, -80));
    }
}
