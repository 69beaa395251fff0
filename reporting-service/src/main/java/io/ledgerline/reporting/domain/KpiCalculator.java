package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.KpiUnit;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

import static io.ledgerline.reporting.domain.Figure.input;

/**
 * Every KPI of a period for a scope, from the period's facts. Money figures are per currency (Ledgerline keeps no
 * exchange rates, so currencies are never added up); counts and rates of promises and disputes are not.
 */
public final class KpiCalculator {

    public static final String BAD_DEBT_RATIO = "BAD_DEBT_RATIO";
    public static final String PAST_DUE_PCT = "PAST_DUE_PCT";
    public static final String DISPUTED_PCT = "DISPUTED_PCT";
    public static final String ENDING_AR = "ENDING_AR";
    public static final String CREDIT_SALES = "CREDIT_SALES";
    public static final String COLLECTED = "COLLECTED";
    public static final String COLLECTED_VS_ASSIGNED = "COLLECTED_VS_ASSIGNED";
    public static final String PROMISE_KEPT_RATE = "PROMISE_KEPT_RATE";
    public static final String PROMISES_MADE = "PROMISES_MADE";
    public static final String CONTACTS = "CONTACTS";
    public static final String DISPUTES_RESOLVED = "DISPUTES_RESOLVED";
    public static final String DISPUTE_CYCLE_TIME_P50 = "DISPUTE_CYCLE_TIME_P50";
    public static final String DISPUTE_CYCLE_TIME_P90 = "DISPUTE_CYCLE_TIME_P90";
    public static final String DISPUTE_ACCEPTANCE_RATE = "DISPUTE_ACCEPTANCE_RATE";

    /** Every KPI {@link #compute} gives, so that a request naming another one is refused rather than answered empty. */
    public static final List<String> NAMES = List.of(Kpis.DSO_SIMPLE, Kpis.DSO_COUNTBACK, Kpis.BPDSO, Kpis.ADD,
            Kpis.CEI, Kpis.CEI_MONTHLY_AVERAGE, BAD_DEBT_RATIO, PAST_DUE_PCT, DISPUTED_PCT, ENDING_AR, CREDIT_SALES,
            COLLECTED, COLLECTED_VS_ASSIGNED, PROMISE_KEPT_RATE, PROMISES_MADE, CONTACTS, DISPUTES_RESOLVED,
            DISPUTE_CYCLE_TIME_P50, DISPUTE_CYCLE_TIME_P90, DISPUTE_ACCEPTANCE_RATE);

    /** A figure and the scope name it is published under. */
    public record ScopedFigure(String scope, Figure figure) {
    }

    private KpiCalculator() {
    }

    public static List<ScopedFigure> compute(PeriodFacts facts, Scope scope) {
        BiPredicate<String, PeriodFacts> member = scope.membership();
        List<ScopedFigure> figures = new ArrayList<>();
        Map<String, Sum> byCurrency = new TreeMap<>();
        for (PeriodFacts.Money money : facts.money()) {
            if (member.test(money.customerId(), facts)) {
                byCurrency.computeIfAbsent(money.currency(), c -> new Sum(facts.countbackMonths().size())).add(money);
            }
        }
        // A collector's collections are the payments applied while the collector had the customer, of the customers
        // the collector had at some time in the period: [collected, assigned] per currency.
        Map<String, BigDecimal[]> collectorsOwn = scope.isCollector()
                ? collectorCollections(facts, scope.value()) : null;
        TreeSet<String> currencies = new TreeSet<>(byCurrency.keySet());
        if (collectorsOwn != null) {
            currencies.addAll(collectorsOwn.keySet());
        }
        for (String currency : currencies) {
            Sum sum = byCurrency.get(currency);
            List<Figure> money = new ArrayList<>();
            if (sum != null) {
                money.addAll(moneyFigures(facts.period(), facts.countbackMonths(), currency, sum));
            }
            if (collectorsOwn == null) {
                money.addAll(collectionFigures(currency, sum.collected, sum.beginningAr.add(sum.creditSales), false));
            } else {
                BigDecimal[] own = collectorsOwn.getOrDefault(currency,
                        new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                money.addAll(collectionFigures(currency, own[0], own[1], true));
            }
            money.forEach(figure -> figures.add(new ScopedFigure(scope.name(currency), figure)));
        }

        int made = 0;
        int kept = 0;
        int broken = 0;
        int contacts = 0;
        for (PeriodFacts.Activity activity : facts.activity()) {
            // A collector's work is what they did while assigned, whoever has the customer at the period's end.
            boolean mine = scope.isCollector() ? scope.value().equals(activity.collector())
                    : member.test(activity.customerId(), facts);
            if (mine) {
                made += activity.promisesMade();
                kept += activity.promisesKept();
                broken += activity.promisesBroken();
                contacts += activity.contacts();
            }
        }
        String name = scope.name();
        figures.add(new ScopedFigure(name, Kpis.percentage(PROMISE_KEPT_RATE, null,
                "PROMISE_KEPT_RATE = promises kept / (kept + broken) × 100, by the date each was decided",
                "kept", BigDecimal.valueOf(kept), "decidedPromises", BigDecimal.valueOf(kept + broken))));
        figures.add(new ScopedFigure(name, count(PROMISES_MADE, "PROMISES_MADE = promises made in the period", made)));
        figures.add(new ScopedFigure(name, count(CONTACTS, "CONTACTS = contacts logged in the period", contacts)));

        List<PeriodFacts.Dispute> disputes = facts.disputesResolved().stream()
                .filter(d -> member.test(d.customerId(), facts)).toList();
        figures.addAll(disputeFigures(name, disputes));
        if (scope.equals(Scope.PORTFOLIO)) {
            TreeSet<String> reasons = new TreeSet<>();
            disputes.forEach(d -> reasons.add(d.reasonCode()));
            for (String reason : reasons) {
                figures.addAll(disputeFigures(Scope.reason(reason).name(),
                        disputes.stream().filter(d -> d.reasonCode().equals(reason)).toList()));
            }
        }
        return figures;
    }

    private static List<Figure> moneyFigures(Period period, List<Period> countbackMonths, String currency, Sum sum) {
        List<Figure> figures = new ArrayList<>();
        long days = period.days();
        Figure simple = Kpis.dsoSimple(currency, sum.endingAr, sum.creditSales, days);
        Figure best = Kpis.bestPossibleDso(currency, sum.endingCurrentAr, sum.creditSales, days);
        figures.add(simple);
        List<Kpis.MonthSales> months = new ArrayList<>();
        for (int n = 0; n < countbackMonths.size(); n++) {
            Period month = countbackMonths.get(n);
            months.add(new Kpis.MonthSales(month.name(), sum.monthlySales[n], (int) month.days()));
        }
        figures.add(Kpis.dsoCountback(currency, sum.endingAr, months));
        figures.add(best);
        figures.add(Kpis.averageDaysDelinquent(currency, simple, best));
        figures.add(Kpis.ceiFullPeriod(currency, sum.beginningAr, sum.creditSales, sum.endingAr, sum.endingCurrentAr));
        figures.add(Kpis.ceiMonthlyAverage(currency, sum.beginningAr, sum.creditSales, period.months(), sum.endingAr,
                sum.endingCurrentAr));
        figures.add(Kpis.percentage(BAD_DEBT_RATIO, currency,
                "BAD_DEBT_RATIO = write-offs (net of reversals) / credit sales × 100", "writeOffs", sum.writeOffs,
                "creditSales", sum.creditSales));
        figures.add(Kpis.percentage(PAST_DUE_PCT, currency, "PAST_DUE_PCT = ending past-due AR / ending AR × 100",
                "endingPastDue", sum.endingPastDue, "endingAr", sum.endingAr));
        figures.add(Kpis.percentage(DISPUTED_PCT, currency, "DISPUTED_PCT = ending disputed AR / ending AR × 100",
                "endingDisputed", sum.endingDisputed, "endingAr", sum.endingAr));
        figures.add(Figure.of(ENDING_AR, sum.endingAr, KpiUnit.AMOUNT, currency,
                "ENDING_AR = open invoice amounts at the period's end", List.of(input("endingAr", sum.endingAr))));
        figures.add(Figure.of(CREDIT_SALES, sum.creditSales, KpiUnit.AMOUNT, currency,
                "CREDIT_SALES = invoices issued in the period, less those cancelled by its end",
                List.of(input("creditSales", sum.creditSales))));
        return figures;
    }

    private static List<Figure> collectionFigures(String currency, BigDecimal collected, BigDecimal assigned,
                                                  boolean perCollector) {
        return List.of(
                Figure.of(COLLECTED, collected, KpiUnit.AMOUNT, currency, perCollector
                                ? "COLLECTED = payments applied to invoices in the period, net of unapplications, while"
                                + " the collector had the customer (the latest case assignment on the day applied)"
                                : "COLLECTED = payments applied to invoices in the period, net of unapplications",
                        List.of(input("collected", collected))),
                Kpis.percentage(COLLECTED_VS_ASSIGNED, currency, perCollector
                                ? "COLLECTED_VS_ASSIGNED = collected while assigned / (beginning AR + credit sales of"
                                + " the customers the collector had at some time in the period) × 100"
                                : "COLLECTED_VS_ASSIGNED = collected / (beginning AR + credit sales) × 100",
                        "collected", collected, "assigned", assigned));
    }

    /** [collected while assigned, assigned] per currency for one collector. */
    private static Map<String, BigDecimal[]> collectorCollections(PeriodFacts facts, String collector) {
        Map<String, BigDecimal[]> own = new TreeMap<>();
        for (PeriodFacts.Collection collection : facts.collections()) {
            if (collection.collector().equals(collector)) {
                slot(own, collection.currency())[0] = slot(own, collection.currency())[0].add(collection.collected());
            }
        }
        java.util.Set<String> held = new java.util.HashSet<>();
        facts.held().stream().filter(h -> h.collector().equals(collector)).forEach(h -> held.add(h.customerId()));
        for (PeriodFacts.Money money : facts.money()) {
            if (held.contains(money.customerId())) {
                BigDecimal[] s = slot(own, money.currency());
                s[1] = s[1].add(money.beginningAr()).add(money.creditSales());
            }
        }
        return own;
    }

    private static BigDecimal[] slot(Map<String, BigDecimal[]> sums, String currency) {
        return sums.computeIfAbsent(currency, c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    }

    private static List<ScopedFigure> disputeFigures(String scope, List<PeriodFacts.Dispute> disputes) {
        List<Long> cycle = disputes.stream().map(PeriodFacts.Dispute::cycleDays).toList();
        long accepted = disputes.stream().filter(PeriodFacts.Dispute::accepted).count();
        List<ScopedFigure> figures = new ArrayList<>();
        figures.add(new ScopedFigure(scope, count(DISPUTES_RESOLVED,
                "DISPUTES_RESOLVED = disputes resolved or withdrawn in the period", disputes.size())));
        figures.add(new ScopedFigure(scope, percentile(DISPUTE_CYCLE_TIME_P50, cycle, 50)));
        figures.add(new ScopedFigure(scope, percentile(DISPUTE_CYCLE_TIME_P90, cycle, 90)));
        figures.add(new ScopedFigure(scope, Kpis.percentage(DISPUTE_ACCEPTANCE_RATE, null,
                "DISPUTE_ACCEPTANCE_RATE = disputes resolved ACCEPTED or PARTIALLY_ACCEPTED / disputes resolved × 100",
                "accepted", BigDecimal.valueOf(accepted), "resolved", BigDecimal.valueOf(disputes.size()))));
        return figures;
    }

    private static Figure percentile(String kpi, List<Long> cycleDays, int p) {
        String formula = kpi + " = nearest-rank p" + p + " of (resolved date − opened date) in days over disputes "
                + "resolved in the period";
        OptionalLong value = Kpis.percentile(cycleDays, p);
        List<io.ledgerline.events.reporting.ReportingRecord.KpiInput> inputs = List.of(input("disputes", cycleDays.size()));
        return value.isPresent()
                ? Figure.of(kpi, BigDecimal.valueOf(value.getAsLong()), KpiUnit.DAYS, null, formula, inputs)
                : Figure.notComputable(kpi, KpiUnit.DAYS, null, formula, inputs, "no dispute resolved in the period");
    }

    private static Figure count(String kpi, String formula, long count) {
        return Figure.of(kpi, BigDecimal.valueOf(count), KpiUnit.COUNT, null, formula, List.of(input("count", count)));
    }

    /** Sums of one currency's money facts over the customers in scope. */
    private static final class Sum {
        BigDecimal beginningAr = BigDecimal.ZERO;
        BigDecimal endingAr = BigDecimal.ZERO;
        BigDecimal endingCurrentAr = BigDecimal.ZERO;
        BigDecimal endingPastDue = BigDecimal.ZERO;
        BigDecimal endingDisputed = BigDecimal.ZERO;
        BigDecimal creditSales = BigDecimal.ZERO;
        BigDecimal writeOffs = BigDecimal.ZERO;
        BigDecimal collected = BigDecimal.ZERO;
        final BigDecimal[] monthlySales;

        Sum(int months) {
            monthlySales = new BigDecimal[months];
            java.util.Arrays.fill(monthlySales, BigDecimal.ZERO);
        }

        void add(PeriodFacts.Money money) {
            beginningAr = beginningAr.add(money.beginningAr());
            endingAr = endingAr.add(money.endingAr());
            endingCurrentAr = endingCurrentAr.add(money.endingCurrentAr());
            endingPastDue = endingPastDue.add(money.endingPastDue());
            endingDisputed = endingDisputed.add(money.endingDisputed());
            creditSales = creditSales.add(money.creditSales());
            writeOffs = writeOffs.add(money.writeOffs());
            collected = collected.add(money.collected());
            for (int n = 0; n < monthlySales.length && n < money.monthlySales().size(); n++) {
                monthlySales[n] = monthlySales[n].add(money.monthlySales().get(n));
            }
        }
    }
}
