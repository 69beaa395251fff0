package io.ledgerline.receivables.projection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
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

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

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

    static Uni<Void> upsertCustomers(Mutiny.Session session, Collection<CustomerView> rows) {
        ArrayNode array = JSON.arrayNode();
        for (CustomerView row : rows) {
            array.addObject()
                    .put("customer_id", row.customerId)
                    .put("name", row.name)
                    .put("country_code", row.countryCode)
                    .put("currency", row.currency);
        }
        return execute(session, CUSTOMERS, array);
    }

    static Uni<Void> insertInvoices(Mutiny.Session session, Collection<InvoiceView> rows) {
        ArrayNode array = JSON.arrayNode();
        for (InvoiceView row : rows) {
            ObjectNode node = array.addObject()
                    .put("id", row.id)
                    .put("customer_id", row.customerId)
                    .put("invoice_id", row.invoiceId)
                    .put("issue_date", date(row.issueDate))
                    .put("due_date", date(row.dueDate))
                    .put("currency", row.currency)
                    .put("amount", money(row.amount))
                    .put("adjustments", money(row.adjustments))
                    .put("written_off", money(row.writtenOff))
                    .put("applied", money(row.applied))
                    .put("open_amount", money(row.openAmount))
                    .put("status", row.status.name())
                    .put("purchase_order", row.purchaseOrder)
                    .put("description", row.description);
            node.put("disputed", money(row.disputed == null ? BigDecimal.ZERO : row.disputed));
        }
        return execute(session, NEW_INVOICES, array);
    }

    static Uni<Void> updateInvoices(Mutiny.Session session, Collection<AccountReadModel.InvoiceChange> changes) {
        ArrayNode array = JSON.arrayNode();
        int mustExist = 0;
        for (AccountReadModel.InvoiceChange change : changes) {
            array.addObject()
                    .put("id", change.id)
                    .put("adjustments", money(change.adjustments))
                    .put("written_off", money(change.writtenOff))
                    .put("applied", money(change.applied))
                    .put("disputed", money(change.disputed))
                    .put("cancelled", change.cancelled);
            mustExist += change.mustExist ? 1 : 0;
        }
        return update(session, INVOICE_CHANGES, array, mustExist, "invoice_view");
    }

    static Uni<Void> insertCredits(Mutiny.Session session, Collection<CreditView> rows) {
        ArrayNode array = JSON.arrayNode();
        for (CreditView row : rows) {
            array.addObject()
                    .put("id", row.id)
                    .put("customer_id", row.customerId)
                    .put("kind", row.kind.name())
                    .put("source_id", row.sourceId)
                    .put("document_date", date(row.documentDate))
                    .put("currency", row.currency)
                    .put("amount", money(row.amount))
                    .put("unapplied", money(row.unapplied))
                    .put("status", row.status.name())
                    .put("method", row.method)
                    .put("reference", row.reference);
        }
        return execute(session, NEW_CREDITS, array);
    }

    static Uni<Void> updateCredits(Mutiny.Session session, Collection<AccountReadModel.CreditChange> changes) {
        ArrayNode array = JSON.arrayNode();
        for (AccountReadModel.CreditChange change : changes) {
            array.addObject()
                    .put("id", change.id)
                    .put("unapplied", money(change.unapplied))
                    .put("returned", change.returned);
        }
        return update(session, CREDIT_CHANGES, array, changes.size(), "credit_view");
    }

    /**
     * An update of rows that must all be there: a money movement on a document the read model does not have means the
     * events and the read model disagree, and the batch fails (and, if it keeps failing, parks the projection) rather
     * than lose the movement.
     */
    private static Uni<Void> update(Mutiny.Session session, String sql, ArrayNode rows, int mustExist, String table) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(sql).setParameter(1, rows.toString()).executeUpdate()
                .invoke(updated -> {
                    if (updated < mustExist) {
                        throw new IllegalStateException((mustExist - updated) + " row(s) of " + table + " that events of"
                                + " this batch move money on are not in the read model");
                    }
                })
                .replaceWithVoid();
    }

    /** Each account's newest version in the batch (the read models now show its stream up to there). */
    static Uni<Void> upsertAccountVersions(Mutiny.Session session, Map<String, Long> versions) {
        ArrayNode array = JSON.arrayNode();
        versions.forEach((customer, version) -> array.addObject().put("customer_id", customer).put("version", version));
        return execute(session, ACCOUNT_VERSIONS, array);
    }

    private static Uni<Void> execute(Mutiny.Session session, String sql, ArrayNode rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(sql).setParameter(1, rows.toString()).executeUpdate().replaceWithVoid();
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
