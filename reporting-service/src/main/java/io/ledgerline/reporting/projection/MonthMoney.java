package io.ledgerline.reporting.projection;

import io.ledgerline.reporting.domain.Money;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The money figures of whole months per customer and currency ({@code rpt_month_money}): what every KPI of a month
 * needs, read in one query instead of aggregated from every movement. A month is built for all customers the first
 * time it is asked for after it ended; from then on the consumer keeps it: a poll with a fact dated in or before the
 * month (a late event, a restatement) works out that month again for the customers the poll touched, on the poll's
 * transaction. A poll that would rework very many (month, customer) pairs drops those months instead; the next read
 * builds them again. Either way a built month always equals the figures computed from the facts.
 *
 * <p>Building a month and the consumer's rework exclude each other through a PostgreSQL advisory lock: the consumer
 * holds it shared in every poll's transaction, a build holds it exclusively, so a build sees every poll committed
 * before it and every later poll sees the month built.
 */
public final class MonthMoney {

    /** The advisory lock key of reporting's read models ("LdgRpt"). */
    public static final long LOCK = 0x4c64675270740001L;
    /** Above this many (month, customer) pairs, a poll drops the months it touches rather than working them out. */
    static final int MAX_REWORK = 20_000;

    private static final String ALL_BUILT = "SELECT month, month_end FROM rpt_month_built ORDER BY month";
    private static final String IS_BUILT = "SELECT 1 FROM rpt_month_built WHERE month = $1";
    private static final String READ = """
            SELECT customer_id, currency, beginning_ar, ending_ar, ending_current, ending_past_due, ending_disputed,
                   credit_sales, write_offs, collected, monthly_sales
            FROM rpt_month_money WHERE month = $1""";
    private static final SetWrite INSERT = SetWrite.of("""
            INSERT INTO rpt_month_money (month, customer_id, currency, beginning_ar, ending_ar, ending_current,
                ending_past_due, ending_disputed, credit_sales, write_offs, collected, monthly_sales)""",
            List.of(SetWrite.Type.TEXT, SetWrite.Type.TEXT, SetWrite.Type.TEXT, SetWrite.Type.NUMERIC,
                    SetWrite.Type.NUMERIC, SetWrite.Type.NUMERIC, SetWrite.Type.NUMERIC, SetWrite.Type.NUMERIC,
                    SetWrite.Type.NUMERIC, SetWrite.Type.NUMERIC, SetWrite.Type.NUMERIC, SetWrite.Type.TEXT), "");
    private static final String DELETE_CUSTOMERS = "DELETE FROM rpt_month_money WHERE month = $1 AND customer_id = ANY($2)";
    private static final String DROP_MONTHS = "DELETE FROM rpt_month_money WHERE month = ANY($1)";
    private static final String DROP_BUILT = "DELETE FROM rpt_month_built WHERE month = ANY($1)";
    private static final String MARK_BUILT = "INSERT INTO rpt_month_built (month, month_end) VALUES ($1, $2)";

    private final FactQueries queries;
    private final int countbackMonths;

    public MonthMoney(FactQueries queries, int countbackMonths) {
        this.queries = queries;
        this.countbackMonths = countbackMonths;
    }

    /** Whether {@code period} is a whole calendar month (the only periods kept here). */
    public static boolean wholeMonth(Period period) {
        YearMonth month = YearMonth.from(period.start());
        return period.start().equals(month.atDay(1)) && period.end().equals(month.atEndOfMonth());
    }

    /** The consumer's share of the lock, for the rest of the transaction. */
    public static Uni<Void> lockShared(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock_shared($1)").execute(Tuple.of(LOCK)).replaceWithVoid();
    }

    /** The lock alone, for the rest of the transaction: no poll commits meanwhile. */
    public static Uni<Void> lockExclusive(SqlConnection tx) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(LOCK)).replaceWithVoid();
    }

    /** The month's rows if it is built. */
    public Uni<Optional<List<PeriodFacts.Money>>> read(SqlClient client, Period month) {
        return client.preparedQuery(IS_BUILT).execute(Tuple.of(month.name())).chain(built -> built.size() == 0
                ? Uni.createFrom().item(Optional.<List<PeriodFacts.Money>>empty())
                : client.preparedQuery(READ).execute(Tuple.of(month.name())).map(rows -> {
                    List<PeriodFacts.Money> money = new ArrayList<>();
                    rows.forEach(row -> money.add(money(row)));
                    return Optional.of(money);
                }));
    }

    /** Builds the month for every customer, unless a build got there first. */
    public Uni<Void> build(SqlConnection tx, Period month) {
        return lockExclusive(tx).chain(() -> tx.preparedQuery(IS_BUILT).execute(Tuple.of(month.name())))
                .chain(built -> built.size() > 0 ? Uni.createFrom().voidItem()
                        : compute(tx, month, null).chain(money -> insert(tx, month, money))
                        .chain(() -> tx.preparedQuery(MARK_BUILT).execute(Tuple.of(month.name(), month.end())))
                        .replaceWithVoid());
    }

    /** A month whose rows are complete, and its last day. */
    public record BuiltMonth(String month, LocalDate end) {
    }

    /** Every built month (a handful of rows): the consumer reads them once per poll, right after taking the lock. */
    public static Uni<List<BuiltMonth>> built(SqlClient client) {
        return client.preparedQuery(ALL_BUILT).execute(Tuple.tuple()).map(rows -> {
            List<BuiltMonth> months = new ArrayList<>();
            rows.forEach(row -> months.add(new BuiltMonth(row.getString(0), row.getLocalDate(1))));
            return months;
        });
    }

    /**
     * Works out again, for {@code customers}, every built month ending on or after {@code earliest} (the poll's
     * earliest money fact); returns the number of months reworked (or dropped).
     */
    public Uni<Integer> rework(SqlConnection tx, Set<String> customers, LocalDate earliest) {
        if (earliest == null || customers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, LocalDate> byCustomer = new LinkedHashMap<>();
        customers.forEach(customer -> byCustomer.put(customer, earliest));
        return rework(tx, byCustomer);
    }

    /** {@link #rework(SqlConnection, List, Map)} reading the built months first. */
    public Uni<Integer> rework(SqlConnection tx, Map<String, LocalDate> earliestByCustomer) {
        if (earliestByCustomer.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return built(tx).chain(built -> rework(tx, built, earliestByCustomer).chain(rework -> rework.write(tx)));
    }

    /**
     * What a poll does to the built months: for each customer, every built month ending on or after the customer's
     * earliest money fact of the poll is worked out again (a fact dated after a month's end changes nothing in it,
     * since every figure of the month is as of its end). The reads of all those months are sent together (pipelined,
     * one round trip); {@link Rework#write} then replaces the rows. Above {@link #MAX_REWORK} (month, customer)
     * pairs the months are dropped instead.
     */
    public Uni<Rework> rework(SqlConnection tx, List<BuiltMonth> built, Map<String, LocalDate> earliestByCustomer) {
        Map<String, List<String>> customersByMonth = new LinkedHashMap<>();
        long pairs = 0;
        for (BuiltMonth month : built) {
            List<String> customers = new ArrayList<>();
            earliestByCustomer.forEach((customer, earliest) -> {
                if (!month.end().isBefore(earliest)) {
                    customers.add(customer);
                }
            });
            if (!customers.isEmpty()) {
                customersByMonth.put(month.month(), customers);
                pairs += customers.size();
            }
        }
        if (customersByMonth.isEmpty()) {
            return Uni.createFrom().item(Rework.NONE);
        }
        if (pairs > MAX_REWORK) {
            return Uni.createFrom().item(new Rework(List.copyOf(customersByMonth.keySet()), Map.of(), Map.of(), true));
        }
        List<Uni<List<PeriodFacts.Money>>> reads = new ArrayList<>();
        customersByMonth.forEach((name, customers) -> reads.add(compute(tx, Period.month(YearMonth.parse(name)),
                customers)));
        return Uni.combine().all().unis(reads).with(results -> {
            Map<String, List<PeriodFacts.Money>> money = new LinkedHashMap<>();
            int n = 0;
            for (String name : customersByMonth.keySet()) {
                @SuppressWarnings("unchecked")
                List<PeriodFacts.Money> rows = (List<PeriodFacts.Money>) results.get(n++);
                money.put(name, rows);
            }
            return new Rework(List.copyOf(customersByMonth.keySet()), customersByMonth, money, false);
        });
    }

    /** The months a poll reworks: each one's customers and their rows worked out again, or the months to drop. */
    public record Rework(List<String> months, Map<String, List<String>> customers,
                         Map<String, List<PeriodFacts.Money>> money, boolean drop) {
        static final Rework NONE = new Rework(List.of(), Map.of(), Map.of(), false);

        /**
         * Replaces the reworked rows (or drops the months): the deletes and the one insert of every month's rows are
         * sent together, in that order; returns the number of months reworked or dropped.
         */
        public Uni<Integer> write(SqlConnection tx) {
            if (months.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            if (drop) {
                Tuple names = Tuple.of(months.toArray(String[]::new));
                return Uni.combine().all().unis(tx.preparedQuery(DROP_MONTHS).execute(names),
                        tx.preparedQuery(DROP_BUILT).execute(names)).discardItems().replaceWith(months.size());
            }
            List<Uni<?>> writes = new ArrayList<>();
            List<Object[]> rows = new ArrayList<>();
            for (String name : months) {
                writes.add(tx.preparedQuery(DELETE_CUSTOMERS).execute(Tuple.of(name,
                        customers.get(name).toArray(String[]::new))));
                rows.addAll(MonthMoney.rows(name, money.get(name)));
            }
            writes.add(INSERT.execute(tx, rows));
            return Uni.combine().all().unis(writes).discardItems().replaceWith(months.size());
        }
    }

    /**
     * The month's money figures ({@code customers} null: all of them): beginning and ending AR from the spans, credit
     * sales (the month's are the first of the countback's months), write-offs and collections from the facts. The
     * four reads are sent together (pipelined on the connection).
     */
    public Uni<List<PeriodFacts.Money>> compute(SqlClient client, Period month, Collection<String> customers) {
        List<Period> countback = month.countbackMonths(countbackMonths);
        LocalDate end = month.end();
        return Uni.combine().all().unis(queries.openItems(client, month.start().minusDays(1), customers),
                        queries.openItems(client, end, customers),
                        queries.monthlySales(client, countback.getLast().start(), end, customers),
                        queries.writeOffsAndCollected(client, month.start(), end, customers))
                .with((beginning, ending, monthly, wc) -> {
                    // The month's credit sales are its own entry in the countback: invoices issued in it, less those
                    // cancelled by its end (what a query of the month alone would add up).
                    Map<FactQueries.Key, BigDecimal> sales = new HashMap<>();
                    monthly.forEach((key, byMonth) -> {
                        BigDecimal own = byMonth.get(month.name());
                        if (own != null) {
                            sales.put(key, own);
                        }
                    });
                    return FactQueries.money(month, countback, beginning, ending, sales, monthly, wc);
                });
    }

    private Uni<Void> insert(SqlConnection tx, Period month, List<PeriodFacts.Money> money) {
        return INSERT.execute(tx, rows(month.name(), money));
    }

    private static List<Object[]> rows(String month, List<PeriodFacts.Money> money) {
        List<Object[]> rows = new ArrayList<>();
        for (PeriodFacts.Money m : money) {
            rows.add(new Object[] {month, m.customerId(), m.currency(), m.beginningAr(),
                    m.endingAr(), m.endingCurrentAr(), m.endingPastDue(), m.endingDisputed(), m.creditSales(),
                    m.writeOffs(), m.collected(),
                    m.monthlySales().stream().map(BigDecimal::toPlainString).collect(Collectors.joining(","))});
        }
        return rows;
    }

    private static PeriodFacts.Money money(Row row) {
        String currency = row.getString("currency");
        List<BigDecimal> monthly = Arrays.stream(row.getString("monthly_sales").split(","))
                .map(amount -> Money.of(new BigDecimal(amount), currency)).toList();
        return new PeriodFacts.Money(row.getString("customer_id"), currency,
                Money.of(row.getBigDecimal("beginning_ar"), currency), Money.of(row.getBigDecimal("ending_ar"), currency),
                Money.of(row.getBigDecimal("ending_current"), currency),
                Money.of(row.getBigDecimal("ending_past_due"), currency),
                Money.of(row.getBigDecimal("ending_disputed"), currency),
                Money.of(row.getBigDecimal("credit_sales"), currency), Money.of(row.getBigDecimal("write_offs"), currency),
                Money.of(row.getBigDecimal("collected"), currency), monthly);
    }
}
