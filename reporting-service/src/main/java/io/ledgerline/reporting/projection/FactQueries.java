package io.ledgerline.reporting.projection;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.reporting.domain.Aging;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.domain.Money;
import io.ledgerline.reporting.domain.OpenItem;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The as-of reads of reporting's fact tables. An "as of D" read takes the facts dated D or earlier and applies the
 * ledger's own as-of rules, as far as receivables' events carry them: an invoice cancelled by D holds nothing, and a
 * payment returned by D pays nothing (its applications count as undone), whatever day the unapplications that let the
 * return through were dated. {@code customers} null means every customer.
 */
public final class FactQueries {

    /** Open amount per invoice as of $1 (movements, less cancelled invoices and returned payments). */
    private static final String OPEN_ITEMS = """
            WITH open_items AS (
                SELECT i.customer_id, i.invoice_id, i.currency, i.issue_date, i.due_date, sum(m.amount) AS open_amount
                FROM rpt_invoice i
                JOIN rpt_movement m ON m.customer_id = i.customer_id AND m.invoice_id = i.invoice_id
                LEFT JOIN rpt_invoice_cancel c ON c.customer_id = i.customer_id AND c.invoice_id = i.invoice_id
                     AND c.cancelled_date <= $1
                LEFT JOIN rpt_payment_return r ON m.source_kind = 'PAYMENT' AND r.customer_id = m.customer_id
                     AND r.payment_id = m.source_id AND r.returned_date <= $1
                WHERE i.issue_date <= $1 AND m.business_date <= $1 AND c.invoice_id IS NULL AND r.payment_id IS NULL
                  %1$s
                GROUP BY i.customer_id, i.invoice_id, i.currency, i.issue_date, i.due_date
                HAVING sum(m.amount) <> 0
            ), disputed AS (
                SELECT d.customer_id, d.invoice_id, sum(d.amount) AS disputed
                FROM rpt_dispute_mark d WHERE d.business_date <= $1 %2$s
                GROUP BY d.customer_id, d.invoice_id
            )
            SELECT o.customer_id, o.invoice_id, o.currency, o.issue_date, o.due_date, o.open_amount,
                   coalesce(d.disputed, 0) AS disputed
            FROM open_items o LEFT JOIN disputed d ON d.customer_id = o.customer_id AND d.invoice_id = o.invoice_id
            """;

    /** The open items as of $1 from the spans the consumer keeps (the same rows as OPEN_ITEMS, read cheaply). */
    private static final String OPEN_ITEM_SPANS = """
            SELECT customer_id, invoice_id, currency, issue_date, due_date, open_amount, disputed
            FROM rpt_open_item_span i
            WHERE valid_from <= $1 AND (valid_until IS NULL OR valid_until > $1) %1$s""";

    /**
     * The open items of {@link #OPEN_ITEM_SPANS}, summed per customer, currency, bucket and past due or not ({@link
     * Aging.Slice}). The bucket is {@link AgingBuckets#indexOf} of the days since the basis date ({@code %1$s}):
     * the number of upper limits ($2, ascending) below the days, which for whole days is {@code width_bucket} of
     * days - 1 over the limits (the limits at or below its operand). Disputed is each item's as {@link #openItems}
     * clamps it (never below zero, never above the open amount) before the sum.
     */
    private static final String AGING_SLICES = """
            SELECT customer_id, currency, width_bucket(($1 - %1$s) - 1, $2::int[]) AS bucket,
                   due_date < $1 AS past_due, sum(open_amount) AS open_amount,
                   sum(CASE WHEN disputed < 0 THEN 0 ELSE least(disputed, open_amount) END) AS disputed,
                   count(*) AS items
            FROM rpt_open_item_span i
            WHERE valid_from <= $1 AND (valid_until IS NULL OR valid_until > $1) %2$s
            GROUP BY 1, 2, 3, 4""";

    private static final String UNAPPLIED_SPANS = """
            SELECT customer_id, currency, amount AS unapplied FROM rpt_unapplied_span s
            WHERE valid_from <= $1 AND (valid_until IS NULL OR valid_until > $1) %1$s""";

    /** Money received or credited and not applied, per customer and currency, as of $1. */
    private static final String UNAPPLIED = """
            SELECT customer_id, currency, sum(amount) AS unapplied FROM (
                SELECT s.customer_id, s.currency, s.amount FROM rpt_source s
                LEFT JOIN rpt_payment_return r ON s.source_kind = 'PAYMENT' AND r.customer_id = s.customer_id
                     AND r.payment_id = s.source_id AND r.returned_date <= $1
                WHERE s.business_date <= $1 AND r.payment_id IS NULL %1$s
                UNION ALL
                SELECT m.customer_id, m.currency, m.amount FROM rpt_movement m
                LEFT JOIN rpt_payment_return r ON m.source_kind = 'PAYMENT' AND r.customer_id = m.customer_id
                     AND r.payment_id = m.source_id AND r.returned_date <= $1
                LEFT JOIN rpt_invoice_cancel c ON c.customer_id = m.customer_id AND c.invoice_id = m.invoice_id
                     AND c.cancelled_date <= $1
                WHERE m.kind IN ('APPLIED', 'UNAPPLIED') AND m.business_date <= $1 AND r.payment_id IS NULL
                  AND c.invoice_id IS NULL %2$s
            ) money GROUP BY customer_id, currency
            """;

    /** Credit sales per customer, currency and month from $1 to $2, less invoices cancelled by $2. */
    private static final String MONTHLY_SALES = """
            SELECT i.customer_id, i.currency, to_char(i.issue_date, 'YYYY-MM') AS month, sum(i.amount) AS sales
            FROM rpt_invoice i
            LEFT JOIN rpt_invoice_cancel c ON c.customer_id = i.customer_id AND c.invoice_id = i.invoice_id
                 AND c.cancelled_date <= $2
            WHERE i.issue_date BETWEEN $1 AND $2 AND c.invoice_id IS NULL %1$s
            GROUP BY i.customer_id, i.currency, month
            """;

    /** Write-offs (net of reversals) and cash applied (net of unapplications) from $1 to $2, per customer. */
    private static final String WRITE_OFFS_AND_COLLECTED = """
            SELECT m.customer_id, m.currency,
                   -sum(m.amount) FILTER (WHERE m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED')) AS write_offs,
                   -sum(m.amount) FILTER (WHERE m.kind IN ('APPLIED', 'UNAPPLIED') AND m.source_kind = 'PAYMENT'
                                          AND r.payment_id IS NULL) AS collected
            FROM rpt_movement m
            LEFT JOIN rpt_payment_return r ON m.source_kind = 'PAYMENT' AND r.customer_id = m.customer_id
                 AND r.payment_id = m.source_id AND r.returned_date <= $2
            WHERE m.business_date BETWEEN $1 AND $2
              AND m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED', 'APPLIED', 'UNAPPLIED') %1$s
            GROUP BY m.customer_id, m.currency
            """;

    // Collections count for the collector assigned to the customer on the day each payment was applied (or
    // unapplied): the latest assignment on or before that day.
    private static final String COLLECTED_BY_COLLECTOR = """
            SELECT m.customer_id, m.currency, a.collector, -sum(m.amount) AS collected
            FROM rpt_movement m
            LEFT JOIN rpt_payment_return r ON r.customer_id = m.customer_id AND r.payment_id = m.source_id
                 AND r.returned_date <= $2
            LEFT JOIN LATERAL (SELECT s.collector FROM rpt_assignment s
                               WHERE s.customer_id = m.customer_id AND s.from_date <= m.business_date
                               ORDER BY s.from_date DESC, s.id DESC LIMIT 1) a ON true
            WHERE m.business_date BETWEEN $1 AND $2 AND m.kind IN ('APPLIED', 'UNAPPLIED')
              AND m.source_kind = 'PAYMENT' AND r.payment_id IS NULL
            GROUP BY m.customer_id, m.currency, a.collector
            """;

    // The collectors who had each customer at some time from $1 to $2: the one assigned on $1, and every one
    // assigned after it up to $2.
    private static final String HELD = """
            SELECT customer_id, collector FROM (
                SELECT DISTINCT ON (customer_id) customer_id, collector FROM rpt_assignment WHERE from_date <= $1
                ORDER BY customer_id, from_date DESC, id DESC) at_start
            UNION
            SELECT customer_id, collector FROM rpt_assignment WHERE from_date > $1 AND from_date <= $2
            """;

    private static final String COLLECTORS = """
            SELECT DISTINCT ON (customer_id) customer_id, collector FROM rpt_assignment WHERE from_date <= $1
            ORDER BY customer_id, from_date DESC, id DESC""";
    private static final String SEGMENTS = """
            SELECT DISTINCT ON (customer_id) customer_id, segment FROM rpt_segment WHERE from_date <= $1
            ORDER BY customer_id, from_date DESC, id DESC""";

    // Collection work counts for the collector assigned to the customer at the time: when the promise was made (its
    // outcome too), when the contact was logged. The latest assignment on or before that day.
    private static final String ACTIVITY = """
            SELECT customer_id, collector, sum(made) AS made, sum(kept) AS kept, sum(broken) AS broken,
                   sum(contacts) AS contacts
            FROM (
                SELECT p.customer_id, a.collector,
                       count(*) FILTER (WHERE p.made_date BETWEEN $1 AND $2) AS made,
                       count(*) FILTER (WHERE p.outcome = 'KEPT' AND p.outcome_date BETWEEN $1 AND $2) AS kept,
                       count(*) FILTER (WHERE p.outcome = 'BROKEN' AND p.outcome_date BETWEEN $1 AND $2) AS broken,
                       0 AS contacts
                FROM rpt_promise p
                LEFT JOIN LATERAL (SELECT s.collector FROM rpt_assignment s
                                   WHERE s.customer_id = p.customer_id
                                     AND s.from_date <= coalesce(p.made_date, p.outcome_date)
                                   ORDER BY s.from_date DESC, s.id DESC LIMIT 1) a ON true
                WHERE p.made_date BETWEEN $1 AND $2 OR p.outcome_date BETWEEN $1 AND $2
                GROUP BY p.customer_id, a.collector
                UNION ALL
                SELECT c.customer_id, a.collector, 0, 0, 0, count(*)
                FROM rpt_contact c
                LEFT JOIN LATERAL (SELECT s.collector FROM rpt_assignment s
                                   WHERE s.customer_id = c.customer_id AND s.from_date <= c.contacted_date
                                   ORDER BY s.from_date DESC, s.id DESC LIMIT 1) a ON true
                WHERE c.contacted_date BETWEEN $1 AND $2
                GROUP BY c.customer_id, a.collector
            ) work GROUP BY customer_id, collector
            """;


    private static final String DISPUTES_RESOLVED = """
            SELECT customer_id, dispute_id, coalesce(reason_code, 'UNKNOWN') AS reason_code, opened_date, resolved_date,
                   outcome
            FROM rpt_dispute WHERE resolved_date BETWEEN $1 AND $2 AND opened_date IS NOT NULL""";

    private static final String OPEN_DISPUTES = """
            SELECT coalesce(reason_code, 'UNKNOWN') AS reason_code, currency, count(*) AS disputes,
                   sum(amount) AS amount
            FROM rpt_dispute WHERE opened_date <= $1 AND (resolved_date IS NULL OR resolved_date > $1)
            GROUP BY 1, 2 ORDER BY 1, 2""";

    private static final String CUSTOMER_NAMES = "SELECT customer_id, name FROM rpt_customer WHERE customer_id = ANY($1)";
    private static final String KNOWN_CUSTOMER = """
            SELECT 1 FROM rpt_customer WHERE customer_id = $1
            UNION ALL SELECT 1 FROM rpt_invoice WHERE customer_id = $1
            UNION ALL SELECT 1 FROM rpt_source WHERE customer_id = $1 LIMIT 1""";
    private static final String KNOWN_COLLECTOR = "SELECT 1 FROM rpt_assignment WHERE collector = $1 LIMIT 1";
    private static final String KNOWN_SEGMENT = "SELECT 1 FROM rpt_segment WHERE segment = $1 LIMIT 1";
    private static final String CUSTOMERS_WITH_MONEY = """
            SELECT DISTINCT customer_id FROM rpt_invoice UNION SELECT DISTINCT customer_id FROM rpt_source""";

    /** (customerId, currency): the key of per-customer money figures. */
    public record Key(String customerId, String currency) {
    }

    /** Open disputes of one reason in one currency. */
    public record OpenDisputes(String reasonCode, String currency, long disputes, BigDecimal amount) {
    }

    /** The open items as of {@code asOf}, from the spans the consumer keeps. */
    public Uni<List<OpenItem>> openItems(SqlClient client, LocalDate asOf, Collection<String> customers) {
        return openItems(client, OPEN_ITEM_SPANS.formatted(filter("i", customers)), asOf, customers);
    }

    /** The same as {@link #openItems}, aggregated from the facts at request time: what the spans must equal. */
    public Uni<List<OpenItem>> openItemsFromFacts(SqlClient client, LocalDate asOf, Collection<String> customers) {
        return openItems(client, OPEN_ITEMS.formatted(filter("i", customers), filter("d", customers)), asOf,
                customers);
    }

    private Uni<List<OpenItem>> openItems(SqlClient client, String sql, LocalDate asOf, Collection<String> customers) {
        return client.preparedQuery(sql).execute(params(asOf, customers)).map(rows -> {
            List<OpenItem> items = new ArrayList<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                BigDecimal open = Money.of(row.getBigDecimal("open_amount"), currency);
                BigDecimal disputed = Money.of(row.getBigDecimal("disputed"), currency);
                // A mark never covers more than what is still open on the invoice.
                disputed = disputed.signum() < 0 ? Money.zero(currency) : disputed.min(open);
                items.add(new OpenItem(row.getString("customer_id"), row.getString("invoice_id"), currency,
                        row.getLocalDate("issue_date"), row.getLocalDate("due_date"), open, disputed));
            }
            return items;
        });
    }

    /**
     * The open items as of {@code asOf} in aging slices (see {@link Aging.Slice}): what {@link #openItems} gives,
     * bucketed and summed by the database, so a portfolio's aging reads a row per customer and bucket rather than
     * one per open item.
     */
    public Uni<List<Aging.Slice>> agingSlices(SqlClient client, LocalDate asOf, AgingBasis basis,
                                              AgingBuckets buckets, Collection<String> customers) {
        String since = basis == AgingBasis.DUE_DATE ? "i.due_date" : "i.issue_date";
        Integer[] limits = buckets.upperLimits().toArray(Integer[]::new);
        Tuple params = customers == null ? Tuple.of(asOf, limits)
                : Tuple.of(asOf, limits, customers.toArray(String[]::new));
        return client.preparedQuery(AGING_SLICES.formatted(since, filter3("i", customers))).execute(params)
                .map(rows -> {
                    List<Aging.Slice> slices = new ArrayList<>();
                    for (Row row : rows) {
                        String currency = row.getString("currency");
                        slices.add(new Aging.Slice(row.getString("customer_id"), currency, row.getInteger("bucket"),
                                row.getBoolean("past_due"), Money.of(row.getBigDecimal("open_amount"), currency),
                                Money.of(row.getBigDecimal("disputed"), currency),
                                Math.toIntExact(row.getLong("items"))));
                    }
                    return slices;
                });
    }

    /** Unapplied money as of {@code asOf}, from the spans the consumer keeps (keys with nothing unapplied absent). */
    public Uni<Map<Key, BigDecimal>> unapplied(SqlClient client, LocalDate asOf, Collection<String> customers) {
        return unapplied(client, UNAPPLIED_SPANS.formatted(filter("s", customers)), asOf, customers);
    }

    /** The same as {@link #unapplied}, from the facts at request time (keys with nothing unapplied may be there). */
    public Uni<Map<Key, BigDecimal>> unappliedFromFacts(SqlClient client, LocalDate asOf,
                                                        Collection<String> customers) {
        return unapplied(client, UNAPPLIED.formatted(filter("s", customers), filter("m", customers)), asOf, customers);
    }

    private Uni<Map<Key, BigDecimal>> unapplied(SqlClient client, String sql, LocalDate asOf,
                                                Collection<String> customers) {
        return client.preparedQuery(sql).execute(params(asOf, customers)).map(rows -> {
            Map<Key, BigDecimal> unapplied = new HashMap<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                unapplied.put(new Key(row.getString("customer_id"), currency),
                        Money.of(row.getBigDecimal("unapplied"), currency));
            }
            return unapplied;
        });
    }

    /** Credit sales per customer and currency, per month from {@code from} to {@code to}, keyed by {@code YYYY-MM}. */
    public Uni<Map<Key, Map<String, BigDecimal>>> monthlySales(SqlClient client, LocalDate from, LocalDate to) {
        return monthlySales(client, from, to, null);
    }

    /** {@link #monthlySales} of some customers only ({@code customers} null: all). */
    public Uni<Map<Key, Map<String, BigDecimal>>> monthlySales(SqlClient client, LocalDate from, LocalDate to,
                                                              Collection<String> customers) {
        return client.preparedQuery(MONTHLY_SALES.formatted(filter3("i", customers)))
                .execute(params(from, to, customers)).map(rows -> {
            Map<Key, Map<String, BigDecimal>> sales = new HashMap<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                sales.computeIfAbsent(new Key(row.getString("customer_id"), currency), k -> new HashMap<>())
                        .put(row.getString("month"), Money.of(row.getBigDecimal("sales"), currency));
            }
            return sales;
        });
    }

    /** Sales of exactly {@code from}..{@code to} (which may cut a month), per customer and currency. */
    public Uni<Map<Key, BigDecimal>> sales(SqlClient client, LocalDate from, LocalDate to) {
        return sales(client, from, to, null);
    }

    public Uni<Map<Key, BigDecimal>> sales(SqlClient client, LocalDate from, LocalDate to,
                                           Collection<String> customers) {
        return monthlySales(client, from, to, customers).map(byMonth -> {
            Map<Key, BigDecimal> sales = new HashMap<>();
            byMonth.forEach((key, months) -> sales.put(key,
                    months.values().stream().reduce(Money.zero(key.currency()), BigDecimal::add)));
            return sales;
        });
    }

    /** [writeOffs, collected] per customer and currency from {@code from} to {@code to}. */
    public Uni<Map<Key, BigDecimal[]>> writeOffsAndCollected(SqlClient client, LocalDate from, LocalDate to) {
        return writeOffsAndCollected(client, from, to, null);
    }

    public Uni<Map<Key, BigDecimal[]>> writeOffsAndCollected(SqlClient client, LocalDate from, LocalDate to,
                                                             Collection<String> customers) {
        return client.preparedQuery(WRITE_OFFS_AND_COLLECTED.formatted(filter3("m", customers)))
                .execute(params(from, to, customers)).map(rows -> {
            Map<Key, BigDecimal[]> sums = new HashMap<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                sums.put(new Key(row.getString("customer_id"), currency), new BigDecimal[] {
                        amount(row.getBigDecimal("write_offs"), currency),
                        amount(row.getBigDecimal("collected"), currency)});
            }
            return sums;
        });
    }

    public Uni<Map<String, String>> collectors(SqlClient client, LocalDate asOf) {
        return byCustomer(client, COLLECTORS, asOf, "collector");
    }

    /** Payments applied from {@code from} to {@code to} per customer, currency and collector at the time. */
    public Uni<List<PeriodFacts.Collection>> collectedByCollector(SqlClient client, LocalDate from, LocalDate to) {
        return client.preparedQuery(COLLECTED_BY_COLLECTOR).execute(Tuple.of(from, to)).map(rows -> {
            List<PeriodFacts.Collection> collections = new ArrayList<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                String collector = row.getString("collector");
                collections.add(new PeriodFacts.Collection(row.getString("customer_id"),
                        collector == null ? PeriodFacts.UNASSIGNED : collector, currency,
                        amount(row.getBigDecimal("collected"), currency)));
            }
            return collections;
        });
    }

    /** (customer, collector) for every collector who had the customer at some time from {@code from} to {@code to}. */
    public Uni<List<PeriodFacts.Held>> held(SqlClient client, LocalDate from, LocalDate to) {
        return client.preparedQuery(HELD).execute(Tuple.of(from, to)).map(rows -> {
            List<PeriodFacts.Held> held = new ArrayList<>();
            rows.forEach(row -> held.add(new PeriodFacts.Held(row.getString("customer_id"),
                    row.getString("collector"))));
            return held;
        });
    }

    public Uni<Map<String, String>> segments(SqlClient client, LocalDate asOf) {
        return byCustomer(client, SEGMENTS, asOf, "segment");
    }

    public Uni<List<PeriodFacts.Activity>> activity(SqlClient client, LocalDate from, LocalDate to) {
        return client.preparedQuery(ACTIVITY).execute(Tuple.of(from, to)).map(rows -> {
            List<PeriodFacts.Activity> activity = new ArrayList<>();
            for (Row row : rows) {
                String collector = row.getString("collector");
                activity.add(new PeriodFacts.Activity(row.getString("customer_id"),
                        collector == null ? PeriodFacts.UNASSIGNED : collector, row.getInteger("made"),
                        row.getInteger("kept"), row.getInteger("broken"), row.getInteger("contacts")));
            }
            return activity;
        });
    }

    public Uni<List<PeriodFacts.Dispute>> disputesResolved(SqlClient client, LocalDate from, LocalDate to) {
        return client.preparedQuery(DISPUTES_RESOLVED).execute(Tuple.of(from, to)).map(rows -> {
            List<PeriodFacts.Dispute> disputes = new ArrayList<>();
            for (Row row : rows) {
                disputes.add(new PeriodFacts.Dispute(row.getString("customer_id"), row.getString("dispute_id"),
                        row.getString("reason_code"), row.getLocalDate("opened_date"),
                        row.getLocalDate("resolved_date"), row.getString("outcome")));
            }
            return disputes;
        });
    }

    public Uni<List<OpenDisputes>> openDisputes(SqlClient client, LocalDate asOf) {
        return client.preparedQuery(OPEN_DISPUTES).execute(Tuple.of(asOf)).map(rows -> {
            List<OpenDisputes> open = new ArrayList<>();
            for (Row row : rows) {
                String currency = row.getString("currency");
                open.add(new OpenDisputes(row.getString("reason_code"), currency, row.getLong("disputes"),
                        currency == null ? row.getBigDecimal("amount") : amount(row.getBigDecimal("amount"), currency)));
            }
            return open;
        });
    }

    public Uni<Map<String, String>> customerNames(SqlClient client, Collection<String> customers) {
        return client.preparedQuery(CUSTOMER_NAMES).execute(Tuple.of(customers.toArray(String[]::new))).map(rows -> {
            Map<String, String> names = new LinkedHashMap<>();
            rows.forEach(row -> names.put(row.getString("customer_id"), row.getString("name")));
            return names;
        });
    }

    public Uni<Boolean> knownCustomer(SqlClient client, String customerId) {
        return client.preparedQuery(KNOWN_CUSTOMER).execute(Tuple.of(customerId)).map(rows -> rows.size() > 0);
    }

    /** Whether any case was ever assigned to {@code collector}. */
    public Uni<Boolean> knownCollector(SqlClient client, String collector) {
        return client.preparedQuery(KNOWN_COLLECTOR).execute(Tuple.of(collector)).map(rows -> rows.size() > 0);
    }

    /** Whether any customer was ever given the risk class {@code segment}. */
    public Uni<Boolean> knownSegment(SqlClient client, String segment) {
        return client.preparedQuery(KNOWN_SEGMENT).execute(Tuple.of(segment)).map(rows -> rows.size() > 0);
    }

    /** Every customer that ever had an invoice, payment or credit note. */
    public Uni<List<String>> customersWithMoney(SqlClient client) {
        return client.query(CUSTOMERS_WITH_MONEY).execute().map(rows -> {
            List<String> customers = new ArrayList<>();
            rows.forEach(row -> customers.add(row.getString(0)));
            return customers;
        });
    }

    /** The period's money facts for every customer (sales counted back over {@code countback} months). */
    public static List<PeriodFacts.Money> money(Period period, List<Period> countback, List<OpenItem> beginning,
                                                List<OpenItem> ending, Map<Key, BigDecimal> sales,
                                                Map<Key, Map<String, BigDecimal>> monthlySales,
                                                Map<Key, BigDecimal[]> writeOffsAndCollected) {
        Map<Key, BigDecimal[]> sums = new LinkedHashMap<>();
        // [beginningAr, endingAr, endingCurrent, endingPastDue, endingDisputed]
        for (OpenItem item : beginning) {
            slot(sums, item)[0] = slot(sums, item)[0].add(item.openAmount());
        }
        for (OpenItem item : ending) {
            BigDecimal[] s = slot(sums, item);
            s[1] = s[1].add(item.openAmount());
            if (item.dueDate().isBefore(period.end())) {
                s[3] = s[3].add(item.openAmount());
            } else {
                s[2] = s[2].add(item.openAmount());
            }
            s[4] = s[4].add(item.disputedAmount());
        }
        java.util.Set<Key> keys = new java.util.LinkedHashSet<>(sums.keySet());
        keys.addAll(sales.keySet());
        keys.addAll(writeOffsAndCollected.keySet());
        List<PeriodFacts.Money> money = new ArrayList<>();
        for (Key key : keys) {
            BigDecimal zero = Money.zero(key.currency());
            BigDecimal[] s = sums.getOrDefault(key, new BigDecimal[] {zero, zero, zero, zero, zero});
            BigDecimal[] wc = writeOffsAndCollected.getOrDefault(key, new BigDecimal[] {zero, zero});
            Map<String, BigDecimal> byMonth = monthlySales.getOrDefault(key, Map.of());
            List<BigDecimal> months = new ArrayList<>();
            for (Period month : countback) {
                months.add(byMonth.getOrDefault(month.name(), zero));
            }
            money.add(new PeriodFacts.Money(key.customerId(), key.currency(), s[0], s[1], s[2], s[3], s[4],
                    sales.getOrDefault(key, zero), wc[0], wc[1], months));
        }
        return money;
    }

    private static BigDecimal[] slot(Map<Key, BigDecimal[]> sums, OpenItem item) {
        return sums.computeIfAbsent(new Key(item.customerId(), item.currency()), k -> {
            BigDecimal zero = Money.zero(k.currency());
            return new BigDecimal[] {zero, zero, zero, zero, zero};
        });
    }

    private Uni<Map<String, String>> byCustomer(SqlClient client, String sql, LocalDate asOf, String column) {
        return client.preparedQuery(sql).execute(Tuple.of(asOf)).map(rows -> {
            Map<String, String> values = new HashMap<>();
            rows.forEach(row -> values.put(row.getString("customer_id"), row.getString(column)));
            return values;
        });
    }

    private static BigDecimal amount(BigDecimal value, String currency) {
        return value == null ? Money.zero(currency) : Money.of(value, currency);
    }

    private static String filter(String alias, Collection<String> customers) {
        return customers == null ? "" : "AND " + alias + ".customer_id = ANY($2)";
    }

    private static String filter3(String alias, Collection<String> customers) {
        return customers == null ? "" : "AND " + alias + ".customer_id = ANY($3)";
    }

    private static Tuple params(LocalDate from, LocalDate to, Collection<String> customers) {
        return customers == null ? Tuple.of(from, to) : Tuple.of(from, to, customers.toArray(String[]::new));
    }

    private static Tuple params(LocalDate asOf, Collection<String> customers) {
        return customers == null ? Tuple.of(asOf) : Tuple.of(asOf, customers.toArray(String[]::new));
    }
}
