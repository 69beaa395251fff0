package io.ledgerline.credit.projection;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.credit.CreditEvent;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A projection batch's orders ({@code order_view}, the held-order queue and an order's place), written set-based:
 * nothing is read first, and each batch costs at most two statements whatever its size.
 * <ul>
 * <li>{@code OrderCreditChecked}: the order as checked, one {@code INSERT ... SELECT} of every order checked in the
 * batch ({@code ON CONFLICT DO NOTHING}: an order is checked once, so a row already there is that same check and is
 * kept as it is, as when it was read first);</li>
 * <li>{@code OrderReleased}, {@code OrderRejected}, {@code OrderClosed}: each order's changes of the batch folded in
 * the batch's order (the last status wins; the decision's date and person, and the closure, are those of the last
 * event that sets them) and applied by one {@code UPDATE ... FROM} after the insert, so an order checked and decided in
 * the same batch gets both. A change to an order the table does not have changes nothing, as before.</li>
 * </ul>
 * The rows go as one JSON array parameter read by {@code jsonb_to_recordset} through the projection's own session, so
 * they are written in the transaction that moves the checkpoint, and a rebuild's writes land in the shadow tables
 * (unqualified table names). Money goes as plain decimal text, dates as ISO text; the parameter is cast to text before
 * jsonb (typed jsonb, the reactive client would send the string as one JSON string).
 */
final class OrderRows {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static final String INSERT_CHECKED = """
            INSERT INTO order_view (order_id, customer_id, currency, amount, outcome, status, reasons, checked_date,
                                    expires_on)
            SELECT r.order_id, r.customer_id, r.currency, r.amount, r.outcome, r.outcome, r.reasons, r.checked_date,
                   r.expires_on
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS r(order_id text, customer_id text,
                   currency text, amount numeric, outcome text, reasons text, checked_date date, expires_on date)
            ON CONFLICT (order_id) DO NOTHING
            """;

    private static final String UPDATE_CHANGED = """
            UPDATE order_view v
               SET status = c.status,
                   decided_date = CASE WHEN c.decided THEN c.decided_date ELSE v.decided_date END,
                   decided_by = CASE WHEN c.decided THEN c.decided_by ELSE v.decided_by END,
                   closure = CASE WHEN c.closed THEN c.closure ELSE v.closure END
              FROM jsonb_to_recordset(cast(cast(?1 AS text) AS jsonb)) AS c(order_id text, status text,
                   decided boolean, decided_date date, decided_by text, closed boolean, closure text)
             WHERE v.order_id = c.order_id
            """;

    /** One order's changes in this batch, folded in order. */
    private static final class Change {
        String status;
        boolean decided;
        LocalDate decidedDate;
        String decidedBy;
        boolean closed;
        String closure;
    }

    private final Map<String, CreditEvent.OrderCreditChecked> checked = new LinkedHashMap<>();
    private final Map<String, Change> changes = new LinkedHashMap<>();

    void checked(CreditEvent.OrderCreditChecked e) {
        checked.putIfAbsent(e.orderId(), e);
    }

    void decided(String orderId, String status, LocalDate date, Actor by) {
        Change change = changes.computeIfAbsent(orderId, id -> new Change());
        change.status = status;
        change.decided = true;
        change.decidedDate = date;
        change.decidedBy = by == null ? null : by.subject();
    }

    void closed(String orderId, String closure) {
        Change change = changes.computeIfAbsent(orderId, id -> new Change());
        change.status = "CLOSED";
        change.closed = true;
        change.closure = closure;
    }

    Uni<Void> write(Mutiny.Session session) {
        return execute(session, INSERT_CHECKED, checkedRows()).chain(() -> execute(session, UPDATE_CHANGED, changeRows()));
    }

    private ArrayNode checkedRows() {
        ArrayNode rows = JSON.arrayNode();
        for (CreditEvent.OrderCreditChecked e : checked.values()) {
            ObjectNode row = rows.addObject();
            row.put("order_id", e.orderId());
            row.put("customer_id", e.customerId());
            row.put("currency", e.currency());
            row.put("amount", e.amount().toPlainString());
            row.put("outcome", e.outcome().name());
            row.put("reasons", e.reasons().stream().map(r -> r.code() + ": " + r.text())
                    .collect(Collectors.joining("; ")));
            row.put("checked_date", e.checkedDate().toString());
            row.put("expires_on", e.expiresOn() == null ? null : e.expiresOn().toString());
        }
        return rows;
    }

    private ArrayNode changeRows() {
        ArrayNode rows = JSON.arrayNode();
        changes.forEach((orderId, c) -> {
            ObjectNode row = rows.addObject();
            row.put("order_id", orderId);
            row.put("status", c.status);
            row.put("decided", c.decided);
            row.put("decided_date", c.decidedDate == null ? null : c.decidedDate.toString());
            row.put("decided_by", c.decidedBy);
            row.put("closed", c.closed);
            row.put("closure", c.closure);
        });
        return rows;
    }

    private static Uni<Void> execute(Mutiny.Session session, String sql, ArrayNode rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(sql).setParameter(1, rows.toString()).executeUpdate().replaceWithVoid();
    }
}
