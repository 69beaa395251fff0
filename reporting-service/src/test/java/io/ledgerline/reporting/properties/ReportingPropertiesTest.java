package io.ledgerline.reporting.properties;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.reporting.domain.Aging;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.domain.OpenItem;
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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reporting's figures against a real PostgreSQL: its facts, written from receivables' events in any order and split
 * into any polls, give each customer the open amount receivables' own ledger has, on every day; a read as of a date
 * does not move when events dated later arrive; and every aging's buckets sum to its open amount.
 */
class ReportingPropertiesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final LocalDate START = LocalDate.of(2026, 1, 5);

    private static MigratedDatabase database;
    private static Pool pool;
    private static final FactQueries QUERIES = Pipeline.QUERIES;

    /** One database for the class; every try has a customer of its own. */
    @BeforeContainer
    static void startDatabase() {
        database = new MigratedDatabase("reporting_props", 2, "classpath:db/event-store", "classpath:db/migration");
        pool = database.pool();
    }

    @AfterContainer
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Property(tries = 60)
    void theOpenAmountPerCustomerIsTheLedgersOnEveryDayWhateverTheOrderOfTheEvents(
            @ForAll("histories") List<LedgerModel.Seed> seeds, @ForAll long shuffleSeed,
            @ForAll @IntRange(min = 1, max = 5) int polls) {
        String customer = "P-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        List<ReceivablesEvent> events = new ArrayList<>();
        ledger.steps().forEach(step -> events.addAll(step.events()));
        Collections.shuffle(events, new Random(shuffleSeed));
        record(events, polls);

        for (LocalDate day = START; !day.isAfter(ledger.lastDate().plusDays(1)); day = day.plusDays(7)) {
            assertThat(openPerCurrency(customer, day)).as("open amounts as of %s", day)
                    .isEqualTo(LedgerModel.openAsOf(customer, START, seeds, day));
        }
        assertThat(openPerCurrency(customer, ledger.lastDate())).isEqualTo(ledger.open());
        assertThat(unappliedPerCurrency(customer, ledger.lastDate())).isEqualTo(ledger.unapplied());
    }

    @Property(tries = 40)
    void aReadAsOfADayDoesNotMoveWhenEventsDatedLaterArrive(@ForAll("histories") List<LedgerModel.Seed> seeds,
                                                           @ForAll @IntRange(min = 0, max = 100) int cutPercent) {
        String customer = "S-" + UUID.randomUUID();
        LedgerModel ledger = LedgerModel.run(customer, START, seeds);
        List<LedgerModel.Step> steps = ledger.steps();
        LocalDate asOf = steps.isEmpty() ? START
                : steps.get(Math.min(steps.size() - 1, steps.size() * cutPercent / 100)).date();
        List<ReceivablesEvent> upToAsOf = new ArrayList<>();
        List<ReceivablesEvent> later = new ArrayList<>();
        steps.forEach(step -> (step.date().isAfter(asOf) ? later : upToAsOf).addAll(step.events()));

        record(upToAsOf, 1);
        String before = snapshot(customer, asOf);
        record(later, 2);

        assertThat(snapshot(customer, asOf)).isEqualTo(before);
    }

    @Property(tries = 300)
    void theBucketsOfAnAgingSumToItsOpenAmountAndEveryItemIsInOneBucket(
            @ForAll("openItems") List<OpenItem> items, @ForAll("buckets") AgingBuckets buckets,
            @ForAll AgingBasis basis, @ForAll @IntRange(min = 0, max = 400) int daysAfterStart) {
        LocalDate asOf = START.plusDays(daysAfterStart);
        AgingSnapshot snapshot = Aging.snapshot("C-1", "EUR", asOf, basis, buckets, items, new BigDecimal("0.00"));

        BigDecimal sum = snapshot.buckets().stream().map(AgingBucket::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal open = items.stream().map(OpenItem::openAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(snapshot.openAmount()).isEqualByComparingTo(open);
        assertThat(snapshot.buckets()).hasSize(buckets.size());
        assertThat(snapshot.pastDueAmount()).isBetween(BigDecimal.ZERO, snapshot.openAmount());
        for (OpenItem item : items) {
            long days = Aging.days(item, asOf, basis);
            long holding = snapshot.buckets().stream().filter(b -> (b.fromDays() == null || days >= b.fromDays())
                    && (b.toDays() == null || days <= b.toDays())).count();
            assertThat(holding).as("buckets holding %d days", days).isEqualTo(1);
        }
    }

    @Provide
    Arbitrary<List<LedgerModel.Seed>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 50),
                        Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 6))
                .as(LedgerModel.Seed::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<OpenItem>> openItems() {
        Arbitrary<OpenItem> item = Combinators.combine(Arbitraries.integers().between(0, 300),
                        Arbitraries.integers().between(0, 90), Arbitraries.longs().between(1, 10_000_000))
                .as((issued, terms, cents) -> new OpenItem("C-1", "I-" + issued + "-" + cents, "EUR",
                        START.plusDays(issued), START.plusDays(issued + terms), BigDecimal.valueOf(cents, 2),
                        new BigDecimal("0.00")));
        return item.list().ofMaxSize(30);
    }

    @Provide
    Arbitrary<AgingBuckets> buckets() {
        return Arbitraries.integers().between(0, 400).set().ofMinSize(1).ofMaxSize(8)
                .map(limits -> new AgingBuckets(limits.stream().sorted().toList()));
    }

    private static void record(List<ReceivablesEvent> events, int polls) {
        Pipeline.record(pool, events, polls);
    }

    private static Map<String, BigDecimal> openPerCurrency(String customer, LocalDate asOf) {
        Map<String, BigDecimal> open = new TreeMap<>();
        QUERIES.openItems(pool, asOf, List.of(customer)).await().atMost(TIMEOUT)
                .forEach(item -> open.merge(item.currency(), item.openAmount(), BigDecimal::add));
        open.replaceAll((currency, amount) -> amount.setScale(2));
        open.values().removeIf(amount -> amount.signum() == 0);
        return open;
    }

    private static Map<String, BigDecimal> unappliedPerCurrency(String customer, LocalDate asOf) {
        Map<String, BigDecimal> unapplied = new TreeMap<>();
        QUERIES.unapplied(pool, asOf, List.of(customer)).await().atMost(TIMEOUT).forEach((key, amount) -> {
            if (amount.signum() != 0) {
                unapplied.put(key.currency(), amount.setScale(2));
            }
        });
        return unapplied;
    }

    /** Everything a report as of the day reads for the customer: open items, unapplied money, that month's sales. */
    private static String snapshot(String customer, LocalDate asOf) {
        List<OpenItem> items = new ArrayList<>(QUERIES.openItems(pool, asOf, List.of(customer)).await().atMost(TIMEOUT));
        items.sort(java.util.Comparator.comparing(OpenItem::invoiceId));
        Map<String, BigDecimal> sales = new TreeMap<>();
        QUERIES.sales(pool, asOf.withDayOfMonth(1), asOf).await().atMost(TIMEOUT).forEach((key, amount) -> {
            if (key.customerId().equals(customer)) {
                sales.put(key.currency(), amount);
            }
        });
        Map<String, String> written = new TreeMap<>();
        QUERIES.writeOffsAndCollected(pool, asOf.withDayOfMonth(1), asOf).await().atMost(TIMEOUT)
                .forEach((key, sums) -> {
                    if (key.customerId().equals(customer)) {
                        written.put(key.currency(), sums[0] + "/" + sums[1]);
                    }
                });
        return items + " " + new TreeMap<>(unappliedPerCurrency(customer, asOf)) + " " + sales + " " + written;
    }
}
