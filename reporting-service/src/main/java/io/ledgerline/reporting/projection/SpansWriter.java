package io.ledgerline.reporting.projection;

import io.ledgerline.reporting.domain.OpenAmountSpans;
import io.ledgerline.reporting.domain.OpenAmountSpans.Invoice;
import io.ledgerline.reporting.domain.OpenAmountSpans.ItemSpan;
import io.ledgerline.reporting.domain.OpenAmountSpans.Mark;
import io.ledgerline.reporting.domain.OpenAmountSpans.Movement;
import io.ledgerline.reporting.domain.OpenAmountSpans.Source;
import io.ledgerline.reporting.domain.OpenAmountSpans.UnappliedSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.ledgerline.reporting.projection.SetWrite.Type.DATE;
import static io.ledgerline.reporting.projection.SetWrite.Type.NUMERIC;
import static io.ledgerline.reporting.projection.SetWrite.Type.TEXT;

/**
 * Keeps the open-amount spans ({@code rpt_open_item_span}, {@code rpt_unapplied_span}) of what a poll changed, on
 * the poll's transaction, after its facts are written: each invoice the poll touched (or that a returned payment had
 * paid) and each customer's unapplied money are worked out again from all their facts, whatever the dates, and their
 * rows replaced. Reads as of any date then take the spans that hold that date.
 */
public final class SpansWriter {

    /** No writes: nothing to send. */
    private static final Supplier<Uni<Integer>> NOTHING = () -> Uni.createFrom().item(0);

    private static final String PAID_BY = """
            SELECT DISTINCT m.customer_id, m.invoice_id FROM rpt_movement m
            JOIN unnest($1::text[], $2::text[]) AS p(customer_id, payment_id)
              ON m.customer_id = p.customer_id AND m.source_id = p.payment_id
            WHERE m.source_kind = 'PAYMENT'""";
    private static final String INVOICES_OF = "SELECT customer_id, invoice_id FROM rpt_invoice WHERE customer_id = ANY($1)";
    private static final String INVOICES = "SELECT t.customer_id, t.invoice_id, t.currency, t.issue_date, t.due_date "
            + byPairs("rpt_invoice");
    private static final String MOVEMENTS = "SELECT t.customer_id, t.invoice_id, t.currency, t.kind, t.source_kind, "
            + "t.source_id, t.amount, t.business_date " + byPairs("rpt_movement");
    private static final String CANCELS = "SELECT t.customer_id, t.invoice_id, t.cancelled_date "
            + byPairs("rpt_invoice_cancel");
    private static final String MARKS = "SELECT t.customer_id, t.invoice_id, t.amount, t.business_date "
            + byPairs("rpt_dispute_mark");
    private static final String RETURNS = """
            SELECT customer_id, payment_id, returned_date FROM rpt_payment_return WHERE customer_id = ANY($1)""";
    private static final String SOURCES = """
            SELECT customer_id, source_kind, source_id, currency, amount, business_date FROM rpt_source
            WHERE customer_id = ANY($1)""";
    private static final String APPLICATIONS = """
            SELECT customer_id, invoice_id, currency, kind, source_kind, source_id, amount, business_date
            FROM rpt_movement WHERE customer_id = ANY($1) AND kind IN ('APPLIED', 'UNAPPLIED')""";
    private static final String CUSTOMER_CANCELS = """
            SELECT customer_id, invoice_id, cancelled_date FROM rpt_invoice_cancel WHERE customer_id = ANY($1)""";

    private static final String DELETE_ITEMS = """
            DELETE FROM rpt_open_item_span t USING unnest($1::text[], $2::text[]) AS k(customer_id, invoice_id)
            WHERE t.customer_id = k.customer_id AND t.invoice_id = k.invoice_id""";
    private static final SetWrite INSERT_ITEMS = SetWrite.of("""
            INSERT INTO rpt_open_item_span (customer_id, invoice_id, currency, issue_date, due_date, valid_from,
                valid_until, open_amount, disputed)""",
            List.of(TEXT, TEXT, TEXT, DATE, DATE, DATE, DATE, NUMERIC, NUMERIC),
            "");
    private static final String DELETE_UNAPPLIED = "DELETE FROM rpt_unapplied_span WHERE customer_id = ANY($1)";
    private static final SetWrite INSERT_UNAPPLIED = SetWrite.of(
            "INSERT INTO rpt_unapplied_span (customer_id, currency, valid_from, valid_until, amount)",
            List.of(TEXT, TEXT, DATE, DATE, NUMERIC), "");

    /** What the spans of a poll came to: rows written. */
    public record Written(int itemSpans, int unappliedSpans) {
    }

    /**
     * Works out again the spans of {@code invoices}, of the invoices {@code returnedPayments} paid, and the
     * unapplied money of {@code customers}.
     */
    public Uni<Written> update(SqlConnection tx, Set<FactsWriter.Ref> invoices, Set<FactsWriter.Ref> returnedPayments,
                               Set<String> customers) {
        return prepare(tx, invoices, returnedPayments, customers).chain(Supplier::get);
    }

    /**
     * Reads the facts {@link #update} needs and works the spans out; what it gives sends their writes (the deletes and
     * inserts), so that a caller can send what must see the new spans right behind them, in the same round trip.
     */
    public Uni<Supplier<Uni<Written>>> prepare(SqlConnection tx, Set<FactsWriter.Ref> invoices,
                                               Set<FactsWriter.Ref> returnedPayments, Set<String> customers) {
        Uni<Set<FactsWriter.Ref>> all = returnedPayments.isEmpty() ? Uni.createFrom().item(invoices)
                : tx.preparedQuery(PAID_BY).execute(pairs(returnedPayments)).map(rows -> {
                    Set<FactsWriter.Ref> more = new LinkedHashSet<>(invoices);
                    rows.forEach(row -> more.add(new FactsWriter.Ref(row.getString(0), row.getString(1))));
                    return more;
                });
        // The reads of the invoices and of the unapplied money go out together, then their writes together: two
        // round trips (pipelined on the connection), whatever the poll holds.
        return all.chain(refs -> Uni.combine().all().unis(items(tx, refs), unapplied(tx, customers)).asTuple())
                .map(writes -> () -> Uni.combine().all().unis(writes.getItem1().get(), writes.getItem2().get())
                        .with(Written::new));
    }

    /** Every span of these customers, from their facts (a database that had facts before the spans existed). */
    public Uni<Written> rebuild(SqlConnection tx, Collection<String> customers) {
        return tx.preparedQuery(INVOICES_OF).execute(Tuple.of(customers.toArray(String[]::new))).chain(rows -> {
            Set<FactsWriter.Ref> invoices = new LinkedHashSet<>();
            rows.forEach(row -> invoices.add(new FactsWriter.Ref(row.getString(0), row.getString(1))));
            return update(tx, invoices, Set.of(), new LinkedHashSet<>(customers));
        });
    }

    /** Reads the facts of {@code refs}; what it gives sends the writes of their spans. */
    private Uni<Supplier<Uni<Integer>>> items(SqlConnection tx, Set<FactsWriter.Ref> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().item(() -> NOTHING);
        }
        Tuple keys = pairs(refs);
        Set<String> customers = new LinkedHashSet<>();
        refs.forEach(ref -> customers.add(ref.customerId()));
        Map<FactsWriter.Ref, Invoice> invoices = new HashMap<>();
        Map<FactsWriter.Ref, List<Movement>> movements = new HashMap<>();
        Map<FactsWriter.Ref, LocalDate> cancels = new HashMap<>();
        Map<FactsWriter.Ref, List<Mark>> marks = new HashMap<>();
        Map<String, Map<String, LocalDate>> returns = new HashMap<>();
        // The reads do not depend on each other: sent together, they are pipelined on the connection (one round trip).
        return Uni.combine().all().unis(
                tx.preparedQuery(INVOICES).execute(keys).invoke(rows -> rows.forEach(row -> invoices.put(ref(row),
                        new Invoice(row.getString("customer_id"), row.getString("invoice_id"), row.getString("currency"),
                                row.getLocalDate("issue_date"), row.getLocalDate("due_date"))))),
                tx.preparedQuery(MOVEMENTS).execute(keys).invoke(rows -> rows.forEach(row ->
                        movements.computeIfAbsent(ref(row), k -> new ArrayList<>()).add(movement(row)))),
                tx.preparedQuery(CANCELS).execute(keys).invoke(rows -> rows.forEach(row ->
                        cancels.put(ref(row), row.getLocalDate("cancelled_date")))),
                tx.preparedQuery(MARKS).execute(keys).invoke(rows -> rows.forEach(row ->
                        marks.computeIfAbsent(ref(row), k -> new ArrayList<>()).add(new Mark(
                                row.getString("invoice_id"), row.getBigDecimal("amount"),
                                row.getLocalDate("business_date"))))),
                returns(tx, customers, returns)).discardItems()
                .map(read -> () -> {
                    List<Object[]> rows = new ArrayList<>();
                    invoices.forEach((ref, invoice) -> {
                        for (ItemSpan span : OpenAmountSpans.invoice(invoice, movements.getOrDefault(ref, List.of()),
                                cancels.get(ref), returns.getOrDefault(ref.customerId(), Map.of()),
                                marks.getOrDefault(ref, List.of()))) {
                            rows.add(new Object[] {invoice.customerId(), invoice.invoiceId(), invoice.currency(),
                                    invoice.issueDate(), invoice.dueDate(), span.from(), span.until(),
                                    span.openAmount(), span.disputed()});
                        }
                    });
                    return Uni.combine().all().unis(tx.preparedQuery(DELETE_ITEMS).execute(keys),
                            INSERT_ITEMS.execute(tx, rows)).discardItems().replaceWith(rows.size());
                });
    }

    /** Reads the money of {@code customers}; what it gives sends the writes of their unapplied spans. */
    private Uni<Supplier<Uni<Integer>>> unapplied(SqlConnection tx, Set<String> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(() -> NOTHING);
        }
        Tuple ids = Tuple.of(customers.toArray(String[]::new));
        Map<String, List<Source>> sources = new HashMap<>();
        Map<String, List<Movement>> applications = new HashMap<>();
        Map<String, Map<String, LocalDate>> cancels = new HashMap<>();
        Map<String, Map<String, LocalDate>> returns = new HashMap<>();
        return Uni.combine().all().unis(
                tx.preparedQuery(SOURCES).execute(ids).invoke(rows -> rows.forEach(row ->
                        sources.computeIfAbsent(row.getString("customer_id"), k -> new ArrayList<>()).add(new Source(
                                row.getString("source_kind"), row.getString("source_id"), row.getString("currency"),
                                row.getBigDecimal("amount"), row.getLocalDate("business_date"))))),
                tx.preparedQuery(APPLICATIONS).execute(ids).invoke(rows -> rows.forEach(row ->
                        applications.computeIfAbsent(row.getString("customer_id"), k -> new ArrayList<>())
                                .add(movement(row)))),
                tx.preparedQuery(CUSTOMER_CANCELS).execute(ids).invoke(rows -> rows.forEach(row ->
                        cancels.computeIfAbsent(row.getString("customer_id"), k -> new HashMap<>())
                                .put(row.getString("invoice_id"), row.getLocalDate("cancelled_date")))),
                returns(tx, customers, returns)).discardItems()
                .map(read -> () -> {
                    List<Object[]> rows = new ArrayList<>();
                    for (String customer : customers) {
                        for (UnappliedSpan span : OpenAmountSpans.unapplied(customer,
                                sources.getOrDefault(customer, List.of()), applications.getOrDefault(customer, List.of()),
                                cancels.getOrDefault(customer, Map.of()), returns.getOrDefault(customer, Map.of()))) {
                            rows.add(new Object[] {customer, span.currency(), span.from(), span.until(),
                                    span.amount()});
                        }
                    }
                    return Uni.combine().all().unis(tx.preparedQuery(DELETE_UNAPPLIED).execute(ids),
                            INSERT_UNAPPLIED.execute(tx, rows)).discardItems().replaceWith(rows.size());
                });
    }

    private static Uni<Void> returns(SqlConnection tx, Set<String> customers,
                                     Map<String, Map<String, LocalDate>> into) {
        return tx.preparedQuery(RETURNS).execute(Tuple.of(customers.toArray(String[]::new))).invoke(rows ->
                rows.forEach(row -> into.computeIfAbsent(row.getString("customer_id"), k -> new HashMap<>())
                        .put(row.getString("payment_id"), row.getLocalDate("returned_date")))).replaceWithVoid();
    }

    /**
     * The rows of {@code table} of each (customer, invoice) pair of $1, $2, probed per pair on the table's index (a
     * {@code LATERAL} subquery with {@code OFFSET 0} is not flattened into a join the planner could hash): the
     * read's time is the poll's, whatever the history and whatever generic plan is cached for the statement (a plain
     * join may be planned as a hash of the whole table, as the days' money was: {@link DayMoney}).
     */
    private static String byPairs(String table) {
        return "FROM unnest($1::text[], $2::text[]) AS k(customer_id, invoice_id) CROSS JOIN LATERAL (SELECT * FROM "
                + table + " x WHERE x.customer_id = k.customer_id AND x.invoice_id = k.invoice_id OFFSET 0) t";
    }

    private static Movement movement(Row row) {
        return new Movement(row.getString("invoice_id"), row.getString("currency"), row.getString("kind"),
                row.getString("source_kind"), row.getString("source_id"), row.getBigDecimal("amount"),
                row.getLocalDate("business_date"));
    }

    private static FactsWriter.Ref ref(Row row) {
        return new FactsWriter.Ref(row.getString("customer_id"), row.getString("invoice_id"));
    }

    private static Tuple pairs(Set<FactsWriter.Ref> refs) {
        String[] customers = new String[refs.size()];
        String[] ids = new String[refs.size()];
        int n = 0;
        for (FactsWriter.Ref ref : refs) {
            customers[n] = ref.customerId();
            ids[n++] = ref.id();
        }
        return Tuple.of(customers, ids);
    }
}
