package io.ledgerline.reporting.projection;

import io.ledgerline.reporting.domain.Money;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The money of each customer's days ({@code rpt_day_money}): credit sales, write-offs and collections per day, each
 * row with the day from which it no longer counts (an invoice's cancel, a payment's return). The credit sales,
 * write-offs and collections of any period, as of the period's end, are one scan of the period's days here, whatever
 * the period: a quarter's credit sales leave out what was cancelled by the quarter's end, where each of its months
 * left out only what was cancelled by that month's end.
 *
 * <p>The consumer keeps it in the poll's transaction: the rows of the days the poll's facts touch (an invoice's issue
 * day, the days of its write-offs and applications, the days a returned payment was applied on) are worked out again
 * from all the facts of that customer and day, so a cancel or a return dated anywhere, arriving in any order, changes
 * exactly the rows it should.
 */
public final class DayMoney {

    /**
     * The (customer, kind, day) rows a poll may have changed: the issue day of every invoice it touched (a new
     * invoice, a cancel), the day of every write-off or application of those invoices, and the days a payment it saw
     * returned was applied on. $1, $2: the invoices touched (customer, invoice); $3, $4: the payments returned.
     * <p>
     * Every fact table is probed per key of the poll (a {@code LATERAL} subquery with {@code OFFSET 0} is not
     * flattened, so it runs per key on the table's index): the statement's time is the poll's, whatever the history.
     * As plain joins the planner hashed the whole of {@code rpt_invoice} (and for a larger poll of
     * {@code rpt_movement}) in every poll, twice (this delete and the insert): a cost that grew with the history.
     */
    private static final String AFFECTED = """
            WITH touched AS (SELECT * FROM unnest($1::text[], $2::text[]) AS t(customer_id, invoice_id)),
            returned AS (SELECT * FROM unnest($3::text[], $4::text[]) AS r(customer_id, payment_id)),
            affected AS (
                SELECT i.customer_id, 'SALE' AS kind, i.issue_date AS day
                FROM touched t CROSS JOIN LATERAL (SELECT i.customer_id, i.issue_date FROM rpt_invoice i
                    WHERE i.customer_id = t.customer_id AND i.invoice_id = t.invoice_id OFFSET 0) i
                UNION
                SELECT m.customer_id, 'SETTLE', m.business_date
                FROM touched t CROSS JOIN LATERAL (SELECT m.customer_id, m.business_date FROM rpt_movement m
                    WHERE m.customer_id = t.customer_id AND m.invoice_id = t.invoice_id
                      AND m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED', 'APPLIED', 'UNAPPLIED') OFFSET 0) m
                UNION
                SELECT m.customer_id, 'SETTLE', m.business_date
                FROM returned r CROSS JOIN LATERAL (SELECT m.customer_id, m.business_date FROM rpt_movement m
                    WHERE m.customer_id = r.customer_id AND m.source_id = r.payment_id AND m.source_kind = 'PAYMENT'
                      AND m.kind IN ('APPLIED', 'UNAPPLIED') OFFSET 0) m
            )
            """;
    private static final String DELETE = AFFECTED + """
            DELETE FROM rpt_day_money d USING affected a
            WHERE d.customer_id = a.customer_id AND d.kind = a.kind AND d.day = a.day""";
    /** The affected rows worked out again from all the facts of their customer and day. */
    private static final String INSERT = AFFECTED + """
            INSERT INTO rpt_day_money (customer_id, currency, kind, day, void_from, sales, write_offs, collected)
            SELECT customer_id, currency, kind, day, void_from, sum(sales), sum(write_offs), sum(collected) FROM (
                SELECT i.customer_id, i.currency, 'SALE' AS kind, i.issue_date AS day,
                       coalesce(c.cancelled_date, 'infinity'::date) AS void_from, i.amount AS sales, 0 AS write_offs,
                       0 AS collected
                FROM affected a CROSS JOIN LATERAL (SELECT * FROM rpt_invoice i
                    WHERE i.customer_id = a.customer_id AND i.issue_date = a.day OFFSET 0) i
                LEFT JOIN rpt_invoice_cancel c ON c.customer_id = i.customer_id AND c.invoice_id = i.invoice_id
                WHERE a.kind = 'SALE'
                UNION ALL
                SELECT m.customer_id, m.currency, 'SETTLE', m.business_date,
                       CASE WHEN m.kind IN ('APPLIED', 'UNAPPLIED') AND m.source_kind = 'PAYMENT'
                            THEN coalesce(r.returned_date, 'infinity'::date) ELSE 'infinity'::date END,
                       0,
                       CASE WHEN m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED') THEN -m.amount ELSE 0 END,
                       CASE WHEN m.kind IN ('APPLIED', 'UNAPPLIED') AND m.source_kind = 'PAYMENT' THEN -m.amount
                            ELSE 0 END
                FROM affected a CROSS JOIN LATERAL (SELECT * FROM rpt_movement m
                    WHERE m.customer_id = a.customer_id AND m.business_date = a.day
                      AND m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED', 'APPLIED', 'UNAPPLIED') OFFSET 0) m
                LEFT JOIN rpt_payment_return r ON m.source_kind = 'PAYMENT' AND r.customer_id = m.customer_id
                     AND r.payment_id = m.source_id
                WHERE a.kind = 'SETTLE'
            ) f GROUP BY customer_id, currency, kind, day, void_from""";

    /** Credit sales per customer, currency and month of the days $1..$2, less invoices cancelled by $2. */
    private static final String MONTHLY_SALES = """
            SELECT customer_id, currency, to_char(day, 'YYYY-MM') AS month, sum(sales) AS sales
            FROM rpt_day_money
            WHERE kind = 'SALE' AND day BETWEEN $1 AND $2 AND void_from > $2 %1$s
            GROUP BY customer_id, currency, month""";

    /**
     * Write-offs (net of reversals) and cash applied (net of unapplications, less payments returned by $2) of the
     * days $1..$2; a customer with any write-off or application in them has a row.
     */
    private static final String WRITE_OFFS_AND_COLLECTED = """
            SELECT customer_id, currency, sum(write_offs) AS write_offs,
                   sum(collected) FILTER (WHERE void_from > $2) AS collected
            FROM rpt_day_money
            WHERE kind = 'SETTLE' AND day BETWEEN $1 AND $2 %1$s
            GROUP BY customer_id, currency""";

    /**
     * Works out again, from all the facts of their customer and day, the rows the poll's facts may have changed:
     * those of the days of the invoices it touched and of the payments it saw returned.
     */
    public Uni<Void> update(SqlConnection tx, Set<FactsWriter.Ref> invoices, Set<FactsWriter.Ref> returnedPayments) {
        if (invoices.isEmpty() && returnedPayments.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Tuple keys = Tuple.of(invoices.stream().map(FactsWriter.Ref::customerId).toArray(String[]::new),
                invoices.stream().map(FactsWriter.Ref::id).toArray(String[]::new),
                returnedPayments.stream().map(FactsWriter.Ref::customerId).toArray(String[]::new),
                returnedPayments.stream().map(FactsWriter.Ref::id).toArray(String[]::new));
        // Sent together (pipelined): PostgreSQL runs the insert after the delete, without a round trip between them.
        return Uni.combine().all().unis(tx.preparedQuery(DELETE).execute(keys), tx.preparedQuery(INSERT).execute(keys))
                .discardItems();
    }

    /** Credit sales per customer and currency, per month of {@code from}..{@code to}, as of {@code to}. */
    public Uni<Map<FactQueries.Key, Map<String, BigDecimal>>> monthlySales(SqlClient client, LocalDate from,
                                                                          LocalDate to, Collection<String> customers) {
        return client.preparedQuery(MONTHLY_SALES.formatted(filter(customers))).execute(params(from, to, customers))
                .map(rows -> {
                    Map<FactQueries.Key, Map<String, BigDecimal>> sales = new HashMap<>();
                    for (Row row : rows) {
                        String currency = row.getString("currency");
                        sales.computeIfAbsent(new FactQueries.Key(row.getString("customer_id"), currency),
                                k -> new HashMap<>()).put(row.getString("month"),
                                Money.of(row.getBigDecimal("sales"), currency));
                    }
                    return sales;
                });
    }

    /** Credit sales of exactly {@code from}..{@code to} (which may cut a month), as of {@code to}. */
    public Uni<Map<FactQueries.Key, BigDecimal>> sales(SqlClient client, LocalDate from, LocalDate to,
                                                       Collection<String> customers) {
        return monthlySales(client, from, to, customers).map(byMonth -> {
            Map<FactQueries.Key, BigDecimal> sales = new HashMap<>();
            byMonth.forEach((key, months) -> sales.put(key,
                    months.values().stream().reduce(Money.zero(key.currency()), BigDecimal::add)));
            return sales;
        });
    }

    /** [writeOffs, collected] per customer and currency of {@code from}..{@code to}, as of {@code to}. */
    public Uni<Map<FactQueries.Key, BigDecimal[]>> writeOffsAndCollected(SqlClient client, LocalDate from, LocalDate to,
                                                                         Collection<String> customers) {
        return client.preparedQuery(WRITE_OFFS_AND_COLLECTED.formatted(filter(customers)))
                .execute(params(from, to, customers)).map(rows -> {
                    Map<FactQueries.Key, BigDecimal[]> sums = new HashMap<>();
                    for (Row row : rows) {
                        String currency = row.getString("currency");
                        sums.put(new FactQueries.Key(row.getString("customer_id"), currency), new BigDecimal[] {
                                amount(row.getBigDecimal("write_offs"), currency),
                                amount(row.getBigDecimal("collected"), currency)});
                    }
                    return sums;
                });
    }

    private static BigDecimal amount(BigDecimal value, String currency) {
        return value == null ? Money.zero(currency) : Money.of(value, currency);
    }

    private static String filter(Collection<String> customers) {
        return customers == null ? "" : "AND customer_id = ANY($3)";
    }

    private static Tuple params(LocalDate from, LocalDate to, Collection<String> customers) {
        return customers == null ? Tuple.of(from, to) : Tuple.of(from, to, customers.toArray(String[]::new));
    }
}
