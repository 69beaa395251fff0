package io.ledgerline.reporting.properties;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.reporting.domain.Aging;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.domain.OpenItem;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.ledgerline.reporting.projection.FactQueries;
import io.ledgerline.testsupport.MigratedDatabase;
import io.vertx.mutiny.sqlclient.Pool;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static io.ledgerline.reporting.properties.Pipeline.MONTHS;
import static io.ledgerline.reporting.properties.Pipeline.PERIODS;
import static io.ledgerline.reporting.properties.Pipeline.QUERIES;
import static io.ledgerline.reporting.properties.Pipeline.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pre-aggregated read models equal the computation from scratch over the facts, whatever the order of the events
 * and however they are split into polls, including events dated in a month that was already built (a restatement):
 * the open-amount spans give the same open items and unapplied money as the fact query on every day, each built
 * month's money figures are those the facts give for that month, and the money figures of any period (a month, a
 * quarter, a year, custom days, a month to date), read from the spans, the days' money and the kept months, are those
 * the facts give from scratch for that period.
 */
class ReadModelPropertiesTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 5);

    private static MigratedDatabase database;
    private static Pool pool;

    @BeforeContainer
    static void startDatabase() {
        database = new MigratedDatabase("reporting_read_models", 2, "classpath:db/event-store",
                "classpath:db/migration");
        pool = database.pool();
    }

    @AfterContainer
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Property(tries = 40)
    void theSpansGiveWhatTheFactsGiveOnEveryDay(@ForAll("histories") List<LedgerModel.Seed> seeds,
                                                @ForAll long shuffleSeed,
                                                @ForAll @IntRange(min = 1, max = 5) int polls) {
        String customer = "R-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        List<ReceivablesEvent> events = new ArrayList<>();
        ledger.steps().forEach(step -> events.addAll(step.events()));
        Collections.shuffle(events, new Random(shuffleSeed));
        Pipeline.record(pool, events, polls);

        // Every day something happens, the day before and the day after: the days where a span could begin or end.
        java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>(List.of(START.minusDays(1), START));
        ledger.steps().forEach(step -> days.addAll(List.of(step.date().minusDays(1), step.date(),
                step.date().plusDays(1))));
        for (LocalDate day : days) {
            List<String> only = List.of(customer);
            assertThat(items(QUERIES.openItems(pool, day, only).await().atMost(TIMEOUT)))
                    .as("open items as of %s", day)
                    .isEqualTo(items(QUERIES.openItemsFromFacts(pool, day, only).await().atMost(TIMEOUT)));
            assertThat(money(QUERIES.unapplied(pool, day, only).await().atMost(TIMEOUT)))
                    .as("unapplied as of %s", day)
                    .isEqualTo(money(QUERIES.unappliedFromFacts(pool, day, only).await().atMost(TIMEOUT)));
        }
    }

    /**
     * The aging reports' slices (open items bucketed and summed by the database) give the totals that the open items
     * added one by one give: every bucket, open, past due, disputed and the count, for any bucket limits, either
     * basis, on every day around the history and long after it (items move through the buckets), for one customer
     * and for the whole database (the portfolio's query, without a customer filter).
     */
    @Property(tries = 30)
    void agingSlicesAddUpToTheOpenItemsOneByOne(@ForAll("histories") List<LedgerModel.Seed> seeds,
                                                @ForAll @IntRange(min = 1, max = 4) int polls,
                                                @ForAll("bucketLimits") List<Integer> limits,
                                                @ForAll AgingBasis basis) {
        String customer = "A-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        List<ReceivablesEvent> events = new ArrayList<>();
        ledger.steps().forEach(step -> events.addAll(step.events()));
        Pipeline.record(pool, events, polls);
        AgingBuckets buckets = new AgingBuckets(limits);

        java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();
        ledger.steps().forEach(step -> days.addAll(List.of(step.date().minusDays(1), step.date(),
                step.date().plusDays(1))));
        for (int later : new int[]{15, 31, 61, 91, 400}) {
            days.add(ledger.lastDate().plusDays(later));
        }
        List<String> only = List.of(customer);
        for (LocalDate day : days) {
            assertThat(totals(QUERIES.agingSlices(pool, day, basis, buckets, only).await().atMost(TIMEOUT), buckets))
                    .as("aging of %s as of %s by %s, limits %s", customer, day, basis, limits)
                    .isEqualTo(totalsOneByOne(QUERIES.openItems(pool, day, only).await().atMost(TIMEOUT), day,
                            basis, buckets));
        }
        LocalDate day = ledger.lastDate().plusDays(45);
        assertThat(totals(QUERIES.agingSlices(pool, day, basis, buckets, null).await().atMost(TIMEOUT), buckets))
                .as("the portfolio's aging as of %s", day)
                .isEqualTo(totalsOneByOne(QUERIES.openItems(pool, day, null).await().atMost(TIMEOUT), day, basis,
                        buckets));
    }

    @Provide
    Arbitrary<List<Integer>> bucketLimits() {
        return Arbitraries.integers().between(0, 400).set().ofMinSize(1).ofMaxSize(6)
                .map(limits -> limits.stream().sorted().toList());
    }

    /** Per customer and currency: each bucket, open, past due, disputed, items, as text. */
    private static Map<String, String> totals(List<Aging.Slice> slices, AgingBuckets buckets) {
        Map<String, Aging.Totals> totals = new TreeMap<>();
        slices.forEach(slice -> totals.computeIfAbsent(slice.customerId() + "/" + slice.currency(),
                key -> new Aging.Totals(slice.currency(), buckets)).add(slice));
        return describe(totals);
    }

    private static Map<String, String> totalsOneByOne(List<OpenItem> items, LocalDate asOf, AgingBasis basis,
                                                      AgingBuckets buckets) {
        Map<String, Aging.Totals> totals = new TreeMap<>();
        items.forEach(item -> totals.computeIfAbsent(item.customerId() + "/" + item.currency(),
                key -> new Aging.Totals(item.currency(), buckets)).add(item, asOf, basis));
        return describe(totals);
    }

    private static Map<String, String> describe(Map<String, Aging.Totals> totals) {
        Map<String, String> described = new TreeMap<>();
        totals.forEach((key, t) -> described.put(key, t.buckets() + " open=" + t.open() + " pastDue=" + t.pastDue()
                + " disputed=" + t.disputed() + " items=" + t.items()));
        return described;
    }

    @Property(tries = 25)
    void aBuiltMonthEqualsTheFactsEvenWhenLateEventsRestateIt(@ForAll("histories") List<LedgerModel.Seed> seeds,
                                                              @ForAll("histories") List<LedgerModel.Seed> otherSeeds,
                                                              @ForAll long shuffleSeed,
                                                              @ForAll @IntRange(min = 0, max = 100) int builtAfterPercent,
                                                              @ForAll @IntRange(min = 1, max = 4) int polls) {
        // Two customers in the same polls: a poll reworks each customer's months from that customer's own earliest
        // fact of the poll, so one customer's late event must not stand in for the other's.
        String customer = "M-" + UUID.randomUUID();
        String other = "N-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        LedgerModel otherLedger = LedgerModel.run(other, START, otherSeeds);
        List<ReceivablesEvent> events = new ArrayList<>();
        ledger.steps().forEach(step -> events.addAll(step.events()));
        otherLedger.steps().forEach(step -> events.addAll(step.events()));
        Collections.shuffle(events, new Random(shuffleSeed));
        int cut = events.size() * builtAfterPercent / 100;

        // Some events, then every month of the history is built (a month built by an earlier try is kept by the
        // consumer's rework from then on), then the rest arrive, dated anywhere in those months.
        Pipeline.record(pool, events.subList(0, cut), polls);
        LocalDate last = ledger.lastDate().isAfter(otherLedger.lastDate()) ? ledger.lastDate() : otherLedger.lastDate();
        List<Period> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(START); !m.isAfter(YearMonth.from(last)); m = m.plusMonths(1)) {
            months.add(Period.month(m));
        }
        for (Period month : months) {
            pool.withTransaction(tx -> MONTHS.build(tx, month)).await().atMost(TIMEOUT);
        }
        Pipeline.record(pool, events.subList(cut, events.size()), polls);

        List<String> both = List.of(customer, other);
        for (Period month : months) {
            List<PeriodFacts.Money> kept = MONTHS.read(pool, month).await().atMost(TIMEOUT).orElseThrow().stream()
                    .filter(m -> both.contains(m.customerId())).toList();
            // From scratch over the facts (the fact queries, not the spans), as the consumer's rework must equal.
            List<PeriodFacts.Money> fromScratch = PERIODS.fromFacts(pool, month, both).await().atMost(TIMEOUT);
            assertThat(rows(kept)).as("month %s", month.name()).isEqualTo(rows(fromScratch));
        }
    }

    /** The kinds of period REST answers for. */
    enum PeriodKind { MONTH, QUARTER, YEAR, CUSTOM, MONTH_TO_DATE }

    /** "Today" for the reads below: after every history, so every whole month read has ended and is kept. */
    private static final LocalDate TODAY = LocalDate.of(2027, 12, 31);

    @Property(tries = 30)
    void anyPeriodFromTheReadModelsEqualsTheFactsFromScratch(@ForAll("histories") List<LedgerModel.Seed> seeds,
                                                             @ForAll long shuffleSeed,
                                                             @ForAll @IntRange(min = 1, max = 4) int polls,
                                                             @ForAll long periodSeed) {
        String customer = "P-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        List<ReceivablesEvent> events = new ArrayList<>();
        ledger.steps().forEach(step -> events.addAll(step.events()));
        Collections.shuffle(events, new Random(shuffleSeed));
        Pipeline.record(pool, events, polls);

        // Periods of every kind anywhere around the history, each as it stands on a day in it or after it (a period
        // to date is cut at its day): whatever the cut, the read models give what the facts give from scratch. A
        // quarter's credit sales leave out invoices cancelled by its end, each month's those cancelled by the
        // month's end, so a quarter is not the sum of its months and is checked on its own.
        Random random = new Random(periodSeed);
        LocalDate first = START.minusDays(40);
        int span = (int) java.time.temporal.ChronoUnit.DAYS.between(first, ledger.lastDate().plusDays(40));
        List<String> only = List.of(customer);
        for (PeriodKind kind : PeriodKind.values()) {
            for (int n = 0; n < 3; n++) {
                LocalDate day = first.plusDays(random.nextInt(span + 1));
                Period period = switch (kind) {
                    case MONTH -> Period.month(YearMonth.from(day));
                    case QUARTER -> Period.quarterOf(day);
                    case YEAR -> Period.yearOf(day);
                    case CUSTOM -> Period.range(day, day.plusDays(random.nextInt(200)));
                    case MONTH_TO_DATE -> Period.month(YearMonth.from(day)).asOf(day);
                };
                if (kind != PeriodKind.MONTH_TO_DATE && random.nextBoolean()) {
                    period = period.asOf(period.start().plusDays(random.nextInt((int) period.days())));
                }
                List<PeriodFacts.Money> fromReadModels = PERIODS.money(pool, period, TODAY, only).await()
                        .atMost(TIMEOUT);
                List<PeriodFacts.Money> fromScratch = PERIODS.fromFacts(pool, period, only).await().atMost(TIMEOUT);
                assertThat(rows(fromReadModels)).as("%s %s %s..%s", kind, period.name(), period.start(),
                        period.end()).isEqualTo(rows(fromScratch));
            }
        }
    }

    @Provide
    Arbitrary<List<LedgerModel.Seed>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 9))
                .as(LedgerModel.Seed::new).list().ofMinSize(1).ofMaxSize(40);
    }

    private static List<String> items(List<OpenItem> items) {
        return items.stream().sorted(Comparator.comparing(OpenItem::invoiceId))
                .map(i -> String.join("|", i.customerId(), i.invoiceId(), i.currency(), i.issueDate().toString(),
                        i.dueDate().toString(), plain(i.openAmount()), plain(i.disputedAmount())))
                .toList();
    }

    private static Map<String, String> money(Map<FactQueries.Key, BigDecimal> amounts) {
        Map<String, String> plain = new TreeMap<>();
        amounts.forEach((key, amount) -> {
            if (amount.signum() != 0) {
                plain.put(key.customerId() + "/" + key.currency(), plain(amount));
            }
        });
        return plain;
    }

    private static List<String> rows(List<PeriodFacts.Money> money) {
        return money.stream().map(m -> String.join("|", m.customerId(), m.currency(), plain(m.beginningAr()),
                        plain(m.endingAr()), plain(m.endingCurrentAr()), plain(m.endingPastDue()),
                        plain(m.endingDisputed()), plain(m.creditSales()), plain(m.writeOffs()), plain(m.collected()),
                        m.monthlySales().stream().map(ReadModelPropertiesTest::plain).toList().toString()))
                .sorted().toList();
    }

    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
