package io.ledgerline.receivables.projection;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes a projection batch's rows set-based: per table one {@code INSERT ... SELECT} of the batch's new rows and one
 * {@code UPDATE ... FROM} of the batch's summed changes to older rows (customers and account versions: one
 * {@code INSERT ... ON CONFLICT DO UPDATE}), instead of reading every touched row and writing it back one statement
 * per row at Hibernate's flush. The rows go as one JSON array
 * parameter read by {@code jsonb_to_recordset}, through the projection's own session, so they are written in the
 * transaction that moves the checkpoint, and a rebuild's writes land in the shadow tables (unqualified table names
 * resolve through the search path the rebuild sets).
 * <p>
 * Money goes as plain decimal text (never a binary float, never an exponent) and dates as ISO text; PostgreSQL
 * converts both to the columns' types. The parameter is cast to text before jsonb: typed jsonb, the reactive client
 * would send the Java string as one JSON string rather than as the array it spells.
 */
final class ReadModelRows {

    private static final JsonFactory JSON = new JsonFactory();

    private static final String CUSTOMERS = """
            INSERT INTO customer_view (customer_id, name, country_code, currency)
            SELECT r.customer_id, r.name, r.country_code, r.currency
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS r(customer_id text, name text, country_code text, currency text)
            ON CONFLICT (customer_id) DO UPDATE
               SET name = EXCLUDED.name, country_code = EXCLUDED.country_code, currency = EXCLUDED.currency
            """;

    /** Invoices issued in the batch: new rows (one that exists already fails the batch, as a second issue would). */
    private static final String NEW_INVOICES = """
            INSERT INTO invoice_view (id, customer_id, invoice_id, issue_date, due_date, currency, amount, adjustments,
                                      written_off, applied, open_amount, status, purchase_order, description, disputed)
            SELECT r.id, r.customer_id, r.invoice_id, r.issue_date, r.due_date, r.currency, r.amount, r.adjustments,
                   r.written_off, r.applied, r.open_amount, r.status, r.purchase_order, r.description, r.disputed
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS r(id text, customer_id text, invoice_id text,
                   issue_date date, due_date date, currency text, amount numeric, adjustments numeric,
                   written_off numeric, applied numeric, open_amount numeric, status text, purchase_order text,
                   description text, disputed numeric)
            """;

    /**
     * Invoices issued before the batch: the batch's sums added, then the open amount and the status worked out from
     * the new amounts by the rules of {@link InvoiceView#recompute} (cancellation sticks).
     */
    private static final String INVOICE_CHANGES = """
            UPDATE invoice_view v
               SET adjustments = n.adjustments, written_off = n.written_off, applied = n.applied, disputed = n.disputed,
                   open_amount = CASE WHEN n.cancelled THEN 0 ELSE n.open END,
                   status = CASE WHEN n.cancelled THEN 'CANCELLED'
                                 WHEN n.open = 0 THEN CASE WHEN n.written_off > 0 THEN 'WRITTEN_OFF' ELSE 'PAID' END
                                 WHEN n.applied > 0 THEN 'PARTIALLY_PAID'
                                 ELSE 'OPEN' END
              FROM (SELECT s.*, s.amount + s.adjustments - s.written_off - s.applied AS open
                      FROM (SELECT o.id, o.amount, o.adjustments + d.adjustments AS adjustments,
                                   o.written_off + d.written_off AS written_off, o.applied + d.applied AS applied,
                                   greatest(o.disputed + d.disputed, 0) AS disputed,
                                   (o.status = 'CANCELLED' OR d.cancelled) AS cancelled
                              FROM invoice_view o
                              JOIN jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS d(id text, adjustments numeric,
                                   written_off numeric, applied numeric, disputed numeric, cancelled boolean)
                                ON d.id = o.id) s) n
             WHERE v.id = n.id
            """;

    /** Payments and credit notes received in the batch: new rows. */
    private static final String NEW_CREDITS = """
            INSERT INTO credit_view (id, customer_id, kind, source_id, document_date, currency, amount, unapplied,
                                     status, method, reference)
            SELECT r.id, r.customer_id, r.kind, r.source_id, r.document_date, r.currency, r.amount, r.unapplied,
                   r.status, r.method, r.reference
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS r(id text, customer_id text, kind text, source_id text,
                   document_date date, currency text, amount numeric, unapplied numeric, status text, method text,
                   reference text)
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
                      JOIN jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS d(id text, unapplied numeric,
                           returned boolean)
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
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS r(customer_id text, version bigint)
            ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, written_in = EXCLUDED.written_in
            """;

    private ReadModelRows() {
    }

    /** One statement of a batch: its rows as a JSON array, and how many of them must exist (updates only). */
    record Statement(String sql, String rows, int mustExist, String table) {
    }

    /** A batch's rows in memory, as {@link AccountReadModel} sums them. */
    record Rows(Collection<CustomerView> customers, Collection<InvoiceView> newInvoices,
                Collection<AccountReadModel.InvoiceChange> invoiceChanges, Collection<CreditView> newCredits,
                Collection<AccountReadModel.CreditChange> creditChanges, Map<String, Long> versions) {
    }

    /** The batch's statements in the order they run; a table with nothing to write gets none. */
    static List<Statement> statements(Rows rows) {
        List<Statement> statements = new ArrayList<>(6);
        add(statements, customers(rows.customers()));
        add(statements, newInvoices(rows.newInvoices()));
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
        return new Statement(CUSTOMERS, json(out -> {
            for (CustomerView row : rows) {
                out.writeStartObject();
                out.writeStringField("customer_id", row.customerId);
                out.writeStringField("name", row.name);
                out.writeStringField("country_code", row.countryCode);
                out.writeStringField("currency", row.currency);
                out.writeEndObject();
            }
        }), 0, "customer_view");
    }

    private static Statement newInvoices(Collection<InvoiceView> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return new Statement(NEW_INVOICES, json(out -> {
            for (InvoiceView row : rows) {
                out.writeStartObject();
                out.writeStringField("id", row.id);
                out.writeStringField("customer_id", row.customerId);
                out.writeStringField("invoice_id", row.invoiceId);
                out.writeStringField("issue_date", date(row.issueDate));
                out.writeStringField("due_date", date(row.dueDate));
                out.writeStringField("currency", row.currency);
                out.writeStringField("amount", money(row.amount));
                out.writeStringField("adjustments", money(row.adjustments));
                out.writeStringField("written_off", money(row.writtenOff));
                out.writeStringField("applied", money(row.applied));
                out.writeStringField("open_amount", money(row.openAmount));
                out.writeStringField("status", row.status.name());
                out.writeStringField("purchase_order", row.purchaseOrder);
                out.writeStringField("description", row.description);
                out.writeStringField("disputed", money(row.disputed == null ? BigDecimal.ZERO : row.disputed));
                out.writeEndObject();
            }
        }), 0, "invoice_view");
    }

    private static Statement invoiceChanges(Collection<AccountReadModel.InvoiceChange> changes) {
        if (changes.isEmpty()) {
            return null;
        }
        int mustExist = 0;
        for (AccountReadModel.InvoiceChange change : changes) {
            mustExist += change.mustExist ? 1 : 0;
        }
        return new Statement(INVOICE_CHANGES, json(out -> {
            for (AccountReadModel.InvoiceChange change : changes) {
                out.writeStartObject();
                out.writeStringField("id", change.id);
                out.writeStringField("adjustments", money(change.adjustments));
                out.writeStringField("written_off", money(change.writtenOff));
                out.writeStringField("applied", money(change.applied));
                out.writeStringField("disputed", money(change.disputed));
                out.writeBooleanField("cancelled", change.cancelled);
                out.writeEndObject();
            }
        }), mustExist, "invoice_view");
    }

    private static Statement newCredits(Collection<CreditView> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return new Statement(NEW_CREDITS, json(out -> {
            for (CreditView row : rows) {
                out.writeStartObject();
                out.writeStringField("id", row.id);
                out.writeStringField("customer_id", row.customerId);
                out.writeStringField("kind", row.kind.name());
                out.writeStringField("source_id", row.sourceId);
                out.writeStringField("document_date", date(row.documentDate));
                out.writeStringField("currency", row.currency);
                out.writeStringField("amount", money(row.amount));
                out.writeStringField("unapplied", money(row.unapplied));
                out.writeStringField("status", row.status.name());
                out.writeStringField("method", row.method);
                out.writeStringField("reference", row.reference);
                out.writeEndObject();
            }
        }), 0, "credit_view");
    }

    private static Statement creditChanges(Collection<AccountReadModel.CreditChange> changes) {
        if (changes.isEmpty()) {
            return null;
        }
        return new Statement(CREDIT_CHANGES, json(out -> {
            for (AccountReadModel.CreditChange change : changes) {
                out.writeStartObject();
                out.writeStringField("id", change.id);
                out.writeStringField("unapplied", money(change.unapplied));
                out.writeBooleanField("returned", change.returned);
                out.writeEndObject();
            }
        }), changes.size(), "credit_view");
    }

    /** Each account's newest version in the batch (the read models now show its stream up to there). */
    private static Statement accountVersions(Map<String, Long> versions) {
        if (versions.isEmpty()) {
            return null;
        }
        return new Statement(ACCOUNT_VERSIONS, json(out -> {
            for (Map.Entry<String, Long> entry : versions.entrySet()) {
                out.writeStartObject();
                out.writeStringField("customer_id", entry.getKey());
                out.writeNumberField("version", entry.getValue());
                out.writeEndObject();
            }
        }), 0, "account_view");
    }

    /**
     * Runs one statement. An update of rows that must all be there: a money movement on a document the read model
     * does not have means the events and the read model disagree, and the batch fails (and, if it keeps failing,
     * parks the projection) rather than lose the movement.
     */
    private static Uni<Void> run(Mutiny.Session session, Statement statement) {
        return session.createNativeQuery(statement.sql()).setParameter(1, statement.rows()).executeUpdate()
                .invoke(updated -> {
                    if (updated < statement.mustExist()) {
                        throw new IllegalStateException((statement.mustExist() - updated) + " row(s) of "
                                + statement.table() + " that events of this batch move money on are not in the read"
                                + " model");
                    }
                })
                .replaceWithVoid();
    }

    private interface Writing {
        void write(JsonGenerator out) throws IOException;
    }

    /** A JSON array of the objects {@code rows} writes. */
    private static String json(Writing rows) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartArray();
            rows.write(out);
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
