package io.ledgerline.receivables.projection;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a projection batch's rows set-based: per table one {@code INSERT ... SELECT} of the batch's new rows and one
 * {@code UPDATE ... FROM} of the batch's summed changes to older rows (customers and account versions: one
 * {@code INSERT ... ON CONFLICT DO UPDATE}), instead of reading every touched row and writing it back one statement
 * per row at Hibernate's flush. The rows go column by column, one array parameter per column read back into rows by
 * {@code unnest}, through the projection's own session, so they are written in the transaction that moves the
 * checkpoint, and a rebuild's writes land in the shadow tables (unqualified table names resolve through the search
 * path the rebuild sets).
 * <p>
 * Every column goes as a text array (the reactive client sends it in binary, element by element: nothing to escape
 * or to parse as a document, as a JSON array of objects had to be) and the statement casts each array to its
 * column's type: money as plain decimal text (never a binary float, never an exponent), dates as ISO text, so
 * PostgreSQL reads them exactly as it read the same text out of JSON before. The parameters are typed text arrays and
 * cast in SQL: the client checks a Java value against the parameter's type PostgreSQL infers.
 */
final class ReadModelRows {

    private static final String CUSTOMERS = """
            INSERT INTO customer_view (customer_id, name, country_code, currency)
            SELECT r.customer_id, r.name, r.country_code, r.currency
              FROM unnest(cast(?1 AS text[]), cast(?2 AS text[]), cast(?3 AS text[]), cast(?4 AS text[]))
                   AS r(customer_id, name, country_code, currency)
            ON CONFLICT (customer_id) DO UPDATE
               SET name = EXCLUDED.name, country_code = EXCLUDED.country_code, currency = EXCLUDED.currency
            """;

    /**
     * Invoices issued in the batch: new rows (one that exists already fails the batch, as a second issue would). The
     * open ones among them go into {@code open_invoice_totals} by {@link #OPEN_INVOICES_ADDED}, summed here first.
     */
    private static final String NEW_INVOICES = """
            INSERT INTO invoice_view (id, customer_id, invoice_id, issue_date, due_date, currency, amount, adjustments,
                                      written_off, applied, open_amount, status, purchase_order, description, disputed)
            SELECT r.id, r.customer_id, r.invoice_id, r.issue_date, r.due_date, r.currency, r.amount, r.adjustments,
                   r.written_off, r.applied, r.open_amount, r.status, r.purchase_order, r.description, r.disputed
              FROM unnest(cast(?1 AS text[]), cast(?2 AS text[]), cast(?3 AS text[]),
                          cast(cast(?4 AS text[]) AS date[]), cast(cast(?5 AS text[]) AS date[]), cast(?6 AS text[]),
                          cast(cast(?7 AS text[]) AS numeric[]), cast(cast(?8 AS text[]) AS numeric[]),
                          cast(cast(?9 AS text[]) AS numeric[]), cast(cast(?10 AS text[]) AS numeric[]),
                          cast(cast(?11 AS text[]) AS numeric[]), cast(?12 AS text[]), cast(?13 AS text[]),
                          cast(?14 AS text[]), cast(cast(?15 AS text[]) AS numeric[]))
                   AS r(id, customer_id, invoice_id, issue_date, due_date, currency, amount, adjustments, written_off,
                        applied, open_amount, status, purchase_order, description, disputed)
            """;

    /**
     * The open invoices per currency and due date ({@code open_invoice_totals}: the invoices whose open amount is above
     * zero, and that amount summed), which the portfolio gauges read instead of every invoice (PortfolioMetrics): the
     * batch's new open invoices, counted and summed per currency and due date in memory, added in one statement. The
     * invoices changed by the batch move in or out by {@link #INVOICE_CHANGES} itself. These are the only writers of
     * {@code invoice_view}, so the sums always agree with it (OpenInvoiceTotalsTest).
     */
    private static final String OPEN_INVOICES_ADDED = """
            INSERT INTO open_invoice_totals AS t (currency, due_date, invoices, open_amount)
            SELECT r.currency, r.due_date, r.invoices, r.open_amount
              FROM unnest(cast(?1 AS text[]), cast(cast(?2 AS text[]) AS date[]), cast(cast(?3 AS text[]) AS bigint[]),
                          cast(cast(?4 AS text[]) AS numeric[])) AS r(currency, due_date, invoices, open_amount)
            ON CONFLICT (currency, due_date) DO UPDATE
               SET invoices = t.invoices + EXCLUDED.invoices, open_amount = t.open_amount + EXCLUDED.open_amount
            """;

    /**
     * Invoices issued before the batch: the batch's sums added, then the open amount and the status worked out from
     * the new amounts by the rules of {@link InvoiceView#recompute} (cancellation sticks); and, in the same statement,
     * each invoice's move in or out of {@code open_invoice_totals}, from the open amount it had to the one it got (the
     * update's own rows, returned), so the sums and the invoices never disagree. Its one row is the number of invoices
     * updated.
     */
    private static final String INVOICE_CHANGES = """
            WITH changed AS (
                UPDATE invoice_view v
                   SET adjustments = n.adjustments, written_off = n.written_off, applied = n.applied,
                       disputed = n.disputed,
                       open_amount = CASE WHEN n.cancelled THEN 0 ELSE n.open END,
                       status = CASE WHEN n.cancelled THEN 'CANCELLED'
                                     WHEN n.open = 0 THEN CASE WHEN n.written_off > 0 THEN 'WRITTEN_OFF' ELSE 'PAID' END
                                     WHEN n.applied > 0 THEN 'PARTIALLY_PAID'
                                     ELSE 'OPEN' END
                  FROM (SELECT s.*, s.amount + s.adjustments - s.written_off - s.applied AS open
                          FROM (SELECT o.id, o.open_amount AS was_open, o.amount,
                                       o.adjustments + d.adjustments AS adjustments,
                                       o.written_off + d.written_off AS written_off, o.applied + d.applied AS applied,
                                       greatest(o.disputed + d.disputed, 0) AS disputed,
                                       (o.status = 'CANCELLED' OR d.cancelled) AS cancelled
                                  FROM invoice_view o
                                  JOIN unnest(cast(?1 AS text[]), cast(cast(?2 AS text[]) AS numeric[]),
                                              cast(cast(?3 AS text[]) AS numeric[]),
                                              cast(cast(?4 AS text[]) AS numeric[]),
                                              cast(cast(?5 AS text[]) AS numeric[]),
                                              cast(cast(?6 AS text[]) AS boolean[]))
                                       AS d(id, adjustments, written_off, applied, disputed, cancelled)
                                    ON d.id = o.id) s) n
                 WHERE v.id = n.id
                RETURNING v.currency, v.due_date, n.was_open, v.open_amount AS now_open),
            totals AS (
                INSERT INTO open_invoice_totals AS t (currency, due_date, invoices, open_amount)
                SELECT currency, due_date,
                       sum(CASE WHEN now_open > 0 THEN 1 ELSE 0 END - CASE WHEN was_open > 0 THEN 1 ELSE 0 END),
                       sum(greatest(now_open, 0) - greatest(was_open, 0))
                  FROM changed WHERE now_open > 0 OR was_open > 0
                 GROUP BY currency, due_date
                ON CONFLICT (currency, due_date) DO UPDATE
                   SET invoices = t.invoices + EXCLUDED.invoices, open_amount = t.open_amount + EXCLUDED.open_amount)
            SELECT count(*) FROM changed
            """;

    /** Payments and credit notes received in the batch: new rows. */
    private static final String NEW_CREDITS = """
            INSERT INTO credit_view (id, customer_id, kind, source_id, document_date, currency, amount, unapplied,
                                     status, method, reference)
            SELECT r.id, r.customer_id, r.kind, r.source_id, r.document_date, r.currency, r.amount, r.unapplied,
                   r.status, r.method, r.reference
              FROM unnest(cast(?1 AS text[]), cast(?2 AS text[]), cast(?3 AS text[]), cast(?4 AS text[]),
                          cast(cast(?5 AS text[]) AS date[]), cast(?6 AS text[]), cast(cast(?7 AS text[]) AS numeric[]),
                          cast(cast(?8 AS text[]) AS numeric[]), cast(?9 AS text[]), cast(?10 AS text[]),
                          cast(?11 AS text[]))
                   AS r(id, customer_id, kind, source_id, document_date, currency, amount, unapplied, status, method,
                        reference)
            """;

    /**
     * Payments and credit notes received before the batch: the batch's sum added to what is unapplied, then the status
     * by the rules of {@link CreditView#recompute} (a returned payment keeps nothing unapplied, and stays returned).
     */
    private static final String CREDIT_CHANGES = """
            UPDATE credit_view v
               SET unapplied = n.unapplied,
                   status = CASE WHEN n.returned THEN 'RETURNED'
                                 WHEN n.unapplied = 0 THEN 'APPLIED'
                                 WHEN n.unapplied < n.amount THEN 'PARTIALLY_APPLIED'
                                 ELSE 'UNAPPLIED' END
              FROM (SELECT o.id, o.amount, (o.status = 'RETURNED' OR d.returned) AS returned,
                           CASE WHEN o.status = 'RETURNED' OR d.returned THEN 0 ELSE o.unapplied + d.unapplied END
                               AS unapplied
                      FROM credit_view o
                      JOIN unnest(cast(?1 AS text[]), cast(cast(?2 AS text[]) AS numeric[]),
                                  cast(cast(?3 AS text[]) AS boolean[]))
                           AS d(id, unapplied, returned)
                        ON d.id = o.id) n
             WHERE v.id = n.id
            """;

    /**
     * Each account the batch touched gets its newest version and this transaction's id ({@code written_in}): every
     * row of the other tables this batch wrote belongs to one of these accounts, so the pair changes whenever anything
     * {@code GET /accounts/{id}} shows changes (its kept answers rely on that, see AccountQueries).
     */
    private static final String ACCOUNT_VERSIONS = """
            INSERT INTO account_view (customer_id, version, written_in)
            SELECT r.customer_id, r.version, cast(cast(pg_current_xact_id() AS text) AS bigint)
              FROM unnest(cast(?1 AS text[]), cast(cast(?2 AS text[]) AS bigint[])) AS r(customer_id, version)
            ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, written_in = EXCLUDED.written_in
            """;

    private ReadModelRows() {
    }

    /**
     * One statement of a batch: its columns (one text array each), how many rows must exist (updates only), and
     * whether it says how many rows it updated as its one row (a statement whose own count is another's).
     */
    record Statement(String sql, String[][] columns, int mustExist, String table, boolean countsInRow) {

        Statement(String sql, String[][] columns, int mustExist, String table) {
            this(sql, columns, mustExist, table, false);
        }
    }

    /** A batch's rows in memory, as {@link AccountReadModel} sums them. */
    record Rows(Collection<CustomerView> customers, Collection<InvoiceView> newInvoices,
                Collection<AccountReadModel.InvoiceChange> invoiceChanges, Collection<CreditView> newCredits,
                Collection<AccountReadModel.CreditChange> creditChanges, Map<String, Long> versions) {
    }

    /** The batch's statements in the order they run; a table with nothing to write gets none. */
    static List<Statement> statements(Rows rows) {
        List<Statement> statements = new ArrayList<>(7);
        add(statements, customers(rows.customers()));
        add(statements, newInvoices(rows.newInvoices()));
        add(statements, openInvoicesAdded(rows.newInvoices()));
        add(statements, invoiceChanges(rows.invoiceChanges()));
        add(statements, newCredits(rows.newCredits()));
        add(statements, creditChanges(rows.creditChanges()));
        add(statements, accountVersions(rows.versions()));
        return statements;
    }

    /** Runs the statements one after the other on the session (the batch's transaction). */
    static Uni<Void> write(Mutiny.Session session, List<Statement> statements) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (Statement statement : statements) {
            work = work.chain(() -> run(session, statement));
        }
        return work;
    }

    private static void add(List<Statement> statements, Statement statement) {
        if (statement != null) {
            statements.add(statement);
        }
    }

    private static Statement customers(Collection<CustomerView> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Columns c = new Columns(4, rows.size());
        for (CustomerView row : rows) {
            c.row(row.customerId, row.name, row.countryCode, row.currency);
        }
        return new Statement(CUSTOMERS, c.columns, 0, "customer_view");
    }

    private static Statement newInvoices(Collection<InvoiceView> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Columns c = new Columns(15, rows.size());
        for (InvoiceView row : rows) {
            c.row(row.id, row.customerId, row.invoiceId, date(row.issueDate), date(row.dueDate), row.currency,
                    money(row.amount), money(row.adjustments), money(row.writtenOff), money(row.applied),
                    money(row.openAmount), row.status.name(), row.purchaseOrder, row.description,
                    money(row.disputed == null ? BigDecimal.ZERO : row.disputed));
        }
        return new Statement(NEW_INVOICES, c.columns, 0, "invoice_view");
    }

    /** The open ones among the batch's new invoices, counted and summed per currency and due date. */
    private static Statement openInvoicesAdded(Collection<InvoiceView> rows) {
        record Due(String currency, LocalDate date) {
        }
        Map<Due, BigDecimal[]> open = new HashMap<>();
        for (InvoiceView row : rows) {
            if (row.openAmount.signum() > 0) {
                BigDecimal[] sums = open.computeIfAbsent(new Due(row.currency, row.dueDate),
                        due -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(BigDecimal.ONE);
                sums[1] = sums[1].add(row.openAmount);
            }
        }
        if (open.isEmpty()) {
            return null;
        }
        Columns c = new Columns(4, open.size());
        open.forEach((due, sums) -> c.row(due.currency(), date(due.date()), sums[0].toPlainString(), money(sums[1])));
        return new Statement(OPEN_INVOICES_ADDED, c.columns, 0, "open_invoice_totals");
    }

    private static Statement invoiceChanges(Collection<AccountReadModel.InvoiceChange> changes) {
        if (changes.isEmpty()) {
            return null;
        }
        int mustExist = 0;
        Columns c = new Columns(6, changes.size());
        for (AccountReadModel.InvoiceChange change : changes) {
            mustExist += change.mustExist ? 1 : 0;
            c.row(change.id, money(change.adjustments), money(change.writtenOff), money(change.applied),
                    money(change.disputed), bool(change.cancelled));
        }
        return new Statement(INVOICE_CHANGES, c.columns, mustExist, "invoice_view", true);
    }

    private static Statement newCredits(Collection<CreditView> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Columns c = new Columns(11, rows.size());
        for (CreditView row : rows) {
            c.row(row.id, row.customerId, row.kind.name(), row.sourceId, date(row.documentDate), row.currency,
                    money(row.amount), money(row.unapplied), row.status.name(), row.method, row.reference);
        }
        return new Statement(NEW_CREDITS, c.columns, 0, "credit_view");
    }

    private static Statement creditChanges(Collection<AccountReadModel.CreditChange> changes) {
        if (changes.isEmpty()) {
            return null;
        }
        Columns c = new Columns(3, changes.size());
        for (AccountReadModel.CreditChange change : changes) {
            c.row(change.id, money(change.unapplied), bool(change.returned));
        }
        return new Statement(CREDIT_CHANGES, c.columns, changes.size(), "credit_view");
    }

    /** Each account's newest version in the batch (the read models now show its stream up to there). */
    private static Statement accountVersions(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return null;
        }
        Columns c = new Columns(2, versions.size());
        for (Map.Entry<String, Long> entry : versions.entrySet()) {
            c.row(entry.getKey(), Long.toString(entry.getValue()));
        }
        return new Statement(ACCOUNT_VERSIONS, c.columns, 0, "account_view");
    }

    /**
     * Runs one statement. An update of rows that must all be there: a money movement on a document the read model
     * does not have means the events and the read model disagree, and the batch fails (and, if it keeps failing,
     * parks the projection) rather than lose the movement.
     */
    private static Uni<Void> run(Mutiny.Session session, Statement statement) {
        Uni<? extends Number> updated;
        if (statement.countsInRow()) {
            var query = session.createNativeQuery(statement.sql(), Long.class);
            bind(statement, query::setParameter);
            updated = query.getSingleResult();
        } else {
            var query = session.createNativeQuery(statement.sql());
            bind(statement, query::setParameter);
            updated = query.executeUpdate();
        }
        return updated
                .invoke(count -> {
                    if (count.longValue() < statement.mustExist()) {
                        throw new IllegalStateException((statement.mustExist() - count.longValue()) + " row(s) of "
                                + statement.table() + " that events of this batch move money on are not in the read"
                                + " model");
                    }
                })
                .replaceWithVoid();
    }

    /** Gives the query the statement's columns, one text array parameter each, in order from 1. */
    private static void bind(Statement statement, java.util.function.BiConsumer<Integer, Object> parameter) {
        for (int i = 0; i < statement.columns().length; i++) {
            parameter.accept(i + 1, statement.columns()[i]);
        }
    }

    /** A statement's parameters: one text array per column, filled row by row. */
    private static final class Columns {
        final String[][] columns;
        private int next;

        Columns(int width, int rows) {
            columns = new String[width][rows];
        }

        void row(String... values) {
            for (int i = 0; i < values.length; i++) {
                columns[i][next] = values[i];
            }
            next++;
        }
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    private static String bool(boolean value) {
        return value ? "true" : "false";
    }
}
