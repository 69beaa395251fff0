package io.ledgerline.reporting.projection;

import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The money figures of any period (a quarter, a year, a custom range, a month to date), per customer and currency,
 * as of the period's end: beginning and ending AR from the open-amount spans, credit sales (the period's and the
 * countback's months'), write-offs and collections from the days' money ({@link DayMoney}); a whole month that has
 * ended from the month kept whole by {@link MonthMoney}.
 */
public final class PeriodMoney {

    private final FactQueries queries;
    private final DayMoney days;
    private final MonthMoney months;
    private final int countbackMonths;

    public PeriodMoney(FactQueries queries, DayMoney days, MonthMoney months, int countbackMonths) {
        this.queries = queries;
        this.days = days;
        this.months = months;
        this.countbackMonths = countbackMonths;
    }

    /**
     * The money figures of {@code period} ({@code customers} null: all of them) from the read models: a whole month
     * that ended before {@code today} from its kept month (built on first use), any other period from the spans and
     * the days' money.
     */
    public Uni<List<PeriodFacts.Money>> money(Pool pool, Period period, LocalDate today,
                                              Collection<String> customers) {
        if (!MonthMoney.wholeMonth(period) || !period.end().isBefore(today)) {
            return fromReadModels(pool, period, customers);
        }
        // By its days, whatever its name (a quarter as of its first month's end is that month).
        Period month = Period.month(YearMonth.from(period.start()));
        return months.read(pool, month)
                .chain(kept -> kept.isPresent() ? Uni.createFrom().item(kept.get())
                        : pool.withTransaction(tx -> months.build(tx, month))
                        .chain(() -> months.read(pool, month)).map(Optional::orElseThrow))
                .map(money -> customers == null ? money
                        : money.stream().filter(m -> customers.contains(m.customerId())).toList());
    }

    /** The period's money figures from the read models ({@code customers} null: all of them). */
    public Uni<List<PeriodFacts.Money>> fromReadModels(SqlClient client, Period period, Collection<String> customers) {
        List<Period> countback = period.countbackMonths(countbackMonths);
        LocalDate end = period.end();
        return queries.openItems(client, period.start().minusDays(1), customers).chain(beginning ->
                queries.openItems(client, end, customers).chain(ending ->
                days.monthlySales(client, countback.getLast().start(), end, customers).chain(monthly ->
                days.sales(client, period.start(), end, customers).chain(sales ->
                days.writeOffsAndCollected(client, period.start(), end, customers).map(wc ->
                        FactQueries.money(period, countback, beginning, ending, sales, monthly, wc))))));
    }

    /**
     * The same figures aggregated from scratch over the fact tables (every invoice, movement, cancel and return),
     * which the read models must equal: what the properties compare them with.
     */
    public Uni<List<PeriodFacts.Money>> fromFacts(SqlClient client, Period period, Collection<String> customers) {
        List<Period> countback = period.countbackMonths(countbackMonths);
        LocalDate end = period.end();
        return queries.openItemsFromFacts(client, period.start().minusDays(1), customers).chain(beginning ->
                queries.openItemsFromFacts(client, end, customers).chain(ending ->
                queries.monthlySales(client, countback.getLast().start(), end, customers).chain(monthly ->
                queries.sales(client, period.start(), end, customers).chain(sales ->
                queries.writeOffsAndCollected(client, period.start(), end, customers).map(wc ->
                        FactQueries.money(period, countback, beginning, ending, sales, monthly, wc))))));
    }
}
