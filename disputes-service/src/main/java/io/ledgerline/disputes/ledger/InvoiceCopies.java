package io.ledgerline.disputes.ledger;

import io.ledgerline.disputes.domain.ReceivablesCopy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy of receivables' invoices in disputes' database: loaded for the invoices a batch touches, written back in
 * one statement per table. Every statement takes the connection it runs on, so it shares its caller's transaction.
 */
@ApplicationScoped
public class InvoiceCopies {

    private static final String COLUMNS = "customer_id, invoice_id, currency, issue_date, due_date, capacity,"
            + " open_amount, disputed, cancelled";

    // Locked, in one order (customer, invoice) like every other writer of these rows: a person disputing one of these
    // invoices waits for the batch and then sees what it wrote, and the batch, which writes back the disputed part
    // it read, never overwrites the part a person's case added meanwhile.
    private static final String LOAD = "SELECT " + COLUMNS + " FROM receivables_invoice"
            + " WHERE (customer_id, invoice_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))"
            + " ORDER BY customer_id, invoice_id FOR UPDATE";

    private static final String LOAD_PENDING = "SELECT customer_id, invoice_id, payment_id, currency, amount, received_date"
            + " FROM remittance_pending WHERE (customer_id, invoice_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))"
            + " ORDER BY seq";

    private static final String UPSERT = """
            INSERT INTO receivables_invoice (customer_id, invoice_id, currency, issue_date, due_date, capacity,
                                             open_amount, disputed, cancelled)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::date[], $6::text[]::numeric[],
                                 $7::text[]::numeric[], $8::text[]::numeric[], $9::bool[])
            ON CONFLICT (customer_id, invoice_id) DO UPDATE SET capacity = excluded.capacity,
                open_amount = excluded.open_amount, disputed = excluded.disputed, cancelled = excluded.cancelled
            """;

    private static final String DELETE_PENDING = "DELETE FROM remittance_pending"
            + " WHERE (customer_id, invoice_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))";

    private static final String INSERT_PENDING = """
            INSERT INTO remittance_pending (customer_id, invoice_id, payment_id, currency, amount, received_date)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]::numeric[], $6::date[])
            ON CONFLICT DO NOTHING
            """;

    /** The invoices named (and the remittance lines waiting for them), into a fresh copy. */
    public Uni<ReceivablesCopy> load(SqlClient client, Collection<ReceivablesCopy.Key> keys) {
        ReceivablesCopy copy = new ReceivablesCopy();
        if (keys.isEmpty()) {
            return Uni.createFrom().item(copy);
        }
        Tuple ids = Tuple.of(keys.stream().map(ReceivablesCopy.Key::customerId).toArray(String[]::new),
                keys.stream().map(ReceivablesCopy.Key::invoiceId).toArray(String[]::new));
        return client.preparedQuery(LOAD).execute(ids).invoke(rows -> rows.forEach(row -> copy.load(invoice(row))))
                .chain(() -> client.preparedQuery(LOAD_PENDING).execute(ids))
                .invoke(rows -> rows.forEach(row -> copy.loadPending(new ReceivablesCopy.PendingLine(
                        row.getString(0), row.getString(2), row.getString(1), row.getString(3),
                        row.getBigDecimal(4), row.getLocalDate(5)))))
                .replaceWith(copy);
    }

    /**
     * A customer's invoices by id, locked for the rest of the transaction (a person disputing them races the
     * consumer), in the consumer's order so that neither waits for a lock the other holds; an id receivables has not
     * reported is missing from the map.
     */
    public Uni<Map<String, ReceivablesCopy.Invoice>> lock(SqlConnection tx, String customerId,
                                                          Collection<String> invoiceIds) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM receivables_invoice WHERE customer_id = $1"
                        + " AND invoice_id = ANY($2::text[]) ORDER BY invoice_id FOR UPDATE")
                .execute(Tuple.of(customerId, invoiceIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, ReceivablesCopy.Invoice> found = new HashMap<>();
                    rows.forEach(row -> found.put(row.getString(1), invoice(row)));
                    return found;
                });
    }

    public Uni<Void> save(SqlConnection tx, ReceivablesCopy copy) {
        List<ReceivablesCopy.Invoice> invoices = copy.changedInvoices();
        Uni<Void> written = invoices.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(UPSERT).execute(Tuple.tuple(List.of(
                        invoices.stream().map(i -> i.customerId).toArray(String[]::new),
                        invoices.stream().map(i -> i.invoiceId).toArray(String[]::new),
                        invoices.stream().map(i -> i.currency).toArray(String[]::new),
                        invoices.stream().map(i -> i.issueDate).toArray(LocalDate[]::new),
                        invoices.stream().map(i -> i.dueDate).toArray(LocalDate[]::new),
                        invoices.stream().map(i -> i.capacity.toPlainString()).toArray(String[]::new),
                        invoices.stream().map(i -> i.open.toPlainString()).toArray(String[]::new),
                        invoices.stream().map(i -> i.disputed.toPlainString()).toArray(String[]::new),
                        invoices.stream().map(i -> i.cancelled).toArray(Boolean[]::new))))
                .replaceWithVoid();
        Map<ReceivablesCopy.Key, List<ReceivablesCopy.PendingLine>> pending = copy.changedPending();
        if (pending.isEmpty()) {
            return written;
        }
        List<ReceivablesCopy.PendingLine> lines = new ArrayList<>();
        pending.values().forEach(lines::addAll);
        Tuple keys = Tuple.of(pending.keySet().stream().map(ReceivablesCopy.Key::customerId).toArray(String[]::new),
                pending.keySet().stream().map(ReceivablesCopy.Key::invoiceId).toArray(String[]::new));
        return written.chain(() -> tx.preparedQuery(DELETE_PENDING).execute(keys))
                .chain(() -> lines.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(INSERT_PENDING)
                        .execute(Tuple.tuple(List.of(
                                lines.stream().map(ReceivablesCopy.PendingLine::customerId).toArray(String[]::new),
                                lines.stream().map(ReceivablesCopy.PendingLine::invoiceId).toArray(String[]::new),
                                lines.stream().map(ReceivablesCopy.PendingLine::paymentId).toArray(String[]::new),
                                lines.stream().map(ReceivablesCopy.PendingLine::currency).toArray(String[]::new),
                                lines.stream().map(l -> l.amount().toPlainString()).toArray(String[]::new),
                                lines.stream().map(ReceivablesCopy.PendingLine::receivedDate).toArray(LocalDate[]::new))))
                        .replaceWithVoid());
    }

    /** Adds {@code change} to the disputed part of each invoice (rows that do not exist are left alone). */
    public Uni<Void> addDisputed(SqlConnection tx, String customerId, Map<String, BigDecimal> change) {
        if (change.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] invoiceIds = change.keySet().toArray(String[]::new);
        // The rows locked first, in the consumer's order (an UPDATE would take them in its plan's order).
        return tx.preparedQuery("SELECT 1 FROM receivables_invoice WHERE customer_id = $1"
                        + " AND invoice_id = ANY($2::text[]) ORDER BY invoice_id FOR UPDATE")
                .execute(Tuple.of(customerId, invoiceIds))
                .chain(() -> tx.preparedQuery("""
                        UPDATE receivables_invoice r SET disputed = greatest(0, r.disputed + c.delta)
                          FROM unnest($2::text[], $3::text[]::numeric[]) AS c(invoice_id, delta)
                         WHERE r.customer_id = $1 AND r.invoice_id = c.invoice_id
                        """)
                        .execute(Tuple.of(customerId, invoiceIds,
                                change.values().stream().map(BigDecimal::toPlainString).toArray(String[]::new))))
                .replaceWithVoid();
    }

    private static ReceivablesCopy.Invoice invoice(Row row) {
        return new ReceivablesCopy.Invoice(row.getString(0), row.getString(1), row.getString(2), row.getLocalDate(3),
                row.getLocalDate(4), row.getBigDecimal(5), row.getBigDecimal(6), row.getBigDecimal(7),
                row.getBoolean(8));
    }
}
