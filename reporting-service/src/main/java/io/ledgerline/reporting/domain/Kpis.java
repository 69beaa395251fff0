package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.ledgerline.events.reporting.ReportingRecord.KpiUnit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

import static io.ledgerline.reporting.domain.Figure.input;

/**
 * The receivables KPIs, each a pure function of its inputs, each named by the formula the README lists. Days and
 * percentages are given to 2 decimals (half-even); intermediate quotients keep 20 significant digits.
 *
 * <p>Definitions (AR = open invoice amounts, not net of unapplied cash; "current" AR = open and not yet past due):
 * <ul>
 *   <li>{@code DSO_SIMPLE} = ending AR / credit sales × days in period</li>
 *   <li>{@code DSO_COUNTBACK}: from the period's last month backwards, take each month's credit sales off ending AR;
 *       a month fully absorbed counts its days, the month where AR runs out counts remaining AR / its sales × its
 *       days</li>
 *   <li>{@code BPDSO} (best possible DSO) = ending current AR / credit sales × days in period</li>
 *   <li>{@code ADD} (average days delinquent) = DSO_SIMPLE − BPDSO</li>
 *   <li>{@code CEI} (full period) = (beginning AR + credit sales − ending AR) / (beginning AR + credit sales −
 *       ending current AR) × 100</li>
 *   <li>{@code CEI_MONTHLY_AVERAGE}: the same with credit sales / number of months in place of credit sales (a
 *       different figure, labelled apart; the two differ a lot over more than one month)</li>
 *   <li>ratios of two counts or amounts × 100 ({@code PERCENT})</li>
 * </ul>
 */
public final class Kpis {

    public static final String DSO_SIMPLE = "DSO_SIMPLE";
    public static final String DSO_COUNTBACK = "DSO_COUNTBACK";
    public static final String BPDSO = "BPDSO";
    public static final String ADD = "ADD";
    public static final String CEI = "CEI";
    public static final String CEI_MONTHLY_AVERAGE = "CEI_MONTHLY_AVERAGE";

    private static final MathContext MC = new MathContext(20, RoundingMode.HALF_EVEN);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Kpis() {
    }

    /** One month's credit sales and its days in the countback, newest first. */
    public record MonthSales(String month, BigDecimal sales, int days) {
    }

    public static Figure dsoSimple(String currency, BigDecimal endingAr, BigDecimal creditSales, long days) {
        List<KpiInput> inputs = List.of(input("endingAr", endingAr), input("creditSales", creditSales),
                input("days", days));
        String formula = "DSO_SIMPLE = endingAr / creditSales × days";
        if (creditSales.signum() <= 0) {
            return Figure.notComputable(DSO_SIMPLE, KpiUnit.DAYS, currency, formula, inputs, "no credit sales in the period");
        }
        return Figure.of(DSO_SIMPLE, days(endingAr.multiply(BigDecimal.valueOf(days)).divide(creditSales, MC)),
                KpiUnit.DAYS, currency, formula, inputs);
    }

    public static Figure bestPossibleDso(String currency, BigDecimal endingCurrentAr, BigDecimal creditSales, long days) {
        List<KpiInput> inputs = List.of(input("endingCurrentAr", endingCurrentAr), input("creditSales", creditSales),
                input("days", days));
        String formula = "BPDSO = endingCurrentAr / creditSales × days";
        if (creditSales.signum() <= 0) {
            return Figure.notComputable(BPDSO, KpiUnit.DAYS, currency, formula, inputs, "no credit sales in the period");
        }
        return Figure.of(BPDSO, days(endingCurrentAr.multiply(BigDecimal.valueOf(days)).divide(creditSales, MC)),
                KpiUnit.DAYS, currency, formula, inputs);
    }

    /** ADD from the two DSOs as published (each rounded), so that the three figures agree on the page. */
    public static Figure averageDaysDelinquent(String currency, Figure dsoSimple, Figure bestPossible) {
        String formula = "ADD = DSO_SIMPLE − BPDSO";
        if (!dsoSimple.computable() || !bestPossible.computable()) {
            return Figure.notComputable(ADD, KpiUnit.DAYS, currency, formula, List.of(), "no credit sales in the period");
        }
        return Figure.of(ADD, dsoSimple.value().subtract(bestPossible.value()), KpiUnit.DAYS, currency, formula,
                List.of(input("dsoSimple", dsoSimple.value()), input("bestPossibleDso", bestPossible.value())));
    }

    /**
     * Countback DSO. {@code months} newest first (the month the period ends in first, with its days up to the
     * period's end). When AR is more than every listed month's sales, the figure is the days of all of them and
     * the note says it is a lower bound.
     */
    public static Figure dsoCountback(String currency, BigDecimal endingAr, List<MonthSales> months) {
        List<KpiInput> inputs = new ArrayList<>();
        inputs.add(input("endingAr", endingAr));
        String formula = "DSO_COUNTBACK = Σ days of the months whose credit sales ending AR absorbs, newest first, "
                + "+ remaining AR / sales × days of the month where it runs out";
        BigDecimal remaining = endingAr;
        BigDecimal days = BigDecimal.ZERO;
        for (MonthSales month : months) {
            inputs.add(input("creditSales:" + month.month(), month.sales()));
            inputs.add(input("days:" + month.month(), month.days()));
            if (remaining.signum() <= 0) {
                break;
            }
            if (remaining.compareTo(month.sales()) >= 0) {
                days = days.add(BigDecimal.valueOf(month.days()));
                remaining = remaining.subtract(month.sales());
            } else {
                days = days.add(remaining.multiply(BigDecimal.valueOf(month.days())).divide(month.sales(), MC));
                remaining = BigDecimal.ZERO;
                break;
            }
        }
        if (remaining.signum() > 0) {
            return new Figure(DSO_COUNTBACK, days(days), KpiUnit.DAYS, currency, formula, inputs,
                    "ending AR exceeds the credit sales of all " + months.size() + " months counted back: a lower bound");
        }
        return Figure.of(DSO_COUNTBACK, days(days), KpiUnit.DAYS, currency, formula, inputs);
    }

    public static Figure ceiFullPeriod(String currency, BigDecimal beginningAr, BigDecimal creditSales,
                                       BigDecimal endingAr, BigDecimal endingCurrentAr) {
        List<KpiInput> inputs = List.of(input("beginningAr", beginningAr), input("creditSales", creditSales),
                input("endingAr", endingAr), input("endingCurrentAr", endingCurrentAr));
        String formula = "CEI = (beginningAr + creditSales − endingAr) / (beginningAr + creditSales − endingCurrentAr)"
                + " × 100";
        return cei(CEI, currency, formula, inputs, beginningAr.add(creditSales), endingAr, endingCurrentAr);
    }

    /** The "monthly average" CEI some credit texts show: credit sales divided by the number of months. */
    public static Figure ceiMonthlyAverage(String currency, BigDecimal beginningAr, BigDecimal creditSales, int months,
                                           BigDecimal endingAr, BigDecimal endingCurrentAr) {
        BigDecimal monthly = creditSales.divide(BigDecimal.valueOf(months), MC);
        List<KpiInput> inputs = List.of(input("beginningAr", beginningAr), input("creditSales", creditSales),
                input("months", months), input("endingAr", endingAr), input("endingCurrentAr", endingCurrentAr));
        String formula = "CEI_MONTHLY_AVERAGE = (beginningAr + creditSales / months − endingAr) / (beginningAr + "
                + "creditSales / months − endingCurrentAr) × 100";
        return cei(CEI_MONTHLY_AVERAGE, currency, formula, inputs, beginningAr.add(monthly), endingAr, endingCurrentAr);
    }

    private static Figure cei(String kpi, String currency, String formula, List<KpiInput> inputs, BigDecimal available,
                              BigDecimal endingAr, BigDecimal endingCurrentAr) {
        BigDecimal collectable = available.subtract(endingCurrentAr);
        if (collectable.signum() <= 0) {
            return Figure.notComputable(kpi, KpiUnit.PERCENT, currency, formula, inputs, "nothing was collectable");
        }
        return Figure.of(kpi, percent(available.subtract(endingAr), collectable), KpiUnit.PERCENT, currency, formula,
                inputs);
    }

    /** {@code numerator / denominator × 100}, named, with both as inputs. */
    public static Figure percentage(String kpi, String currency, String formula, String numeratorName,
                                    BigDecimal numerator, String denominatorName, BigDecimal denominator) {
        List<KpiInput> inputs = List.of(input(numeratorName, numerator), input(denominatorName, denominator));
        if (denominator.signum() <= 0) {
            return Figure.notComputable(kpi, KpiUnit.PERCENT, currency, formula, inputs, "no " + denominatorName);
        }
        return Figure.of(kpi, percent(numerator, denominator), KpiUnit.PERCENT, currency, formula, inputs);
    }

    public static BigDecimal percent(BigDecimal numerator, BigDecimal denominator) {
        return numerator.multiply(HUNDRED).divide(denominator, MC).setScale(2, RoundingMode.HALF_EVEN);
    }

    static BigDecimal days(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    /**
     * The nearest-rank percentile ({@code p} in 1..100) of {@code values}: the smallest value with at least p % of the
     * values at or below it. Empty for no values.
     */
    public static java.util.OptionalLong percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return java.util.OptionalLong.of(sorted.get(Math.max(rank, 1) - 1));
    }
}
