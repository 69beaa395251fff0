package io.ledgerline.reporting.projection;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ledgerline.reporting.projection.SetWrite.Type.DATE;
import static io.ledgerline.reporting.projection.SetWrite.Type.INT;
import static io.ledgerline.reporting.projection.SetWrite.Type.NUMERIC;
import static io.ledgerline.reporting.projection.SetWrite.Type.TEXT;

/**
 * Turns consumed domain events into rows of reporting's fact tables ({@code rpt_*}), one set-based statement per kind
 * of row and poll ({@link SetWrite}), on the caller's transaction. Every write is commutative (inserts of signed
 * movements, or upserts that keep what each event alone says), so the facts come out the same in whatever order the
 * events arrive.
 */
public final class FactsWriter {

    private static final SetWrite CUSTOMER = SetWrite.of(
            "INSERT INTO rpt_customer (customer_id, name, currency, payment_terms_days)",
            List.of(TEXT, TEXT, TEXT, INT),
            """
            ON CONFLICT (customer_id) DO UPDATE SET name = EXCLUDED.name, currency = EXCLUDED.currency,
                payment_terms_days = EXCLUDED.payment_terms_days""", 0);
    private static final SetWrite INVOICE = SetWrite.of(
            "INSERT INTO rpt_invoice (customer_id, invoice_id, currency, amount, issue_date, due_date)",
            List.of(TEXT, TEXT, TEXT, NUMERIC, DATE, DATE), "ON CONFLICT DO NOTHING", 0, 1);
    private static final SetWrite CANCEL = SetWrite.of(
            "INSERT INTO rpt_invoice_cancel (customer_id, invoice_id, cancelled_date)", List.of(TEXT, TEXT, DATE), """
            ON CONFLICT (customer_id, invoice_id) DO UPDATE
                SET cancelled_date = LEAST(rpt_invoice_cancel.cancelled_date, EXCLUDED.cancelled_date)""", 0, 1);
    private static final SetWrite SOURCE = SetWrite.of(
            "INSERT INTO rpt_source (customer_id, source_kind, source_id, currency, amount, business_date)",
            List.of(TEXT, TEXT, TEXT, TEXT, NUMERIC, DATE), "ON CONFLICT DO NOTHING", 0, 1, 2);
    private static final SetWrite RETURN = SetWrite.of(
            "INSERT INTO rpt_payment_return (customer_id, payment_id, returned_date)", List.of(TEXT, TEXT, DATE), """
            ON CONFLICT (customer_id, payment_id) DO UPDATE
                SET returned_date = LEAST(rpt_payment_return.returned_date, EXCLUDED.returned_date)""", 0, 1);
    private static final SetWrite MOVEMENT = SetWrite.of("""
            INSERT INTO rpt_movement (customer_id, invoice_id, currency, kind, source_kind, source_id, amount,
                business_date)""", List.of(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, NUMERIC, DATE), "");
    private static final SetWrite DISPUTE_MARK = SetWrite.of(
            "INSERT INTO rpt_dispute_mark (customer_id, invoice_id, dispute_id, currency, amount, business_date)",
            List.of(TEXT, TEXT, TEXT, TEXT, NUMERIC, DATE), "");
    private static final SetWrite SEGMENT = SetWrite.of("INSERT INTO rpt_segment (customer_id, from_date, segment)",
            List.of(TEXT, DATE, TEXT), "");
    private static final SetWrite ASSIGNMENT = SetWrite.of(
            "INSERT INTO rpt_assignment (customer_id, case_id, collector, from_date)", List.of(TEXT, TEXT, TEXT, DATE),
            "");
    private static final SetWrite PROMISE_MADE = SetWrite.of("""
            INSERT INTO rpt_promise (promise_id, customer_id, case_id, currency, amount, due_date, made_date,
                made_by)""", List.of(TEXT, TEXT, TEXT, TEXT, NUMERIC, DATE, DATE, TEXT), """
            ON CONFLICT (promise_id) DO UPDATE SET case_id = EXCLUDED.case_id, currency = EXCLUDED.currency,
                amount = EXCLUDED.amount, due_date = EXCLUDED.due_date, made_date = EXCLUDED.made_date,
                made_by = EXCLUDED.made_by""", 0);
    private static final SetWrite PROMISE_OUTCOME = SetWrite.of(
            "INSERT INTO rpt_promise (promise_id, customer_id, currency, outcome, outcome_date, paid)",
            List.of(TEXT, TEXT, TEXT, TEXT, DATE, NUMERIC), """
            ON CONFLICT (promise_id) DO UPDATE SET outcome = EXCLUDED.outcome, outcome_date = EXCLUDED.outcome_date,
                paid = EXCLUDED.paid""", 0);
    private static final SetWrite CONTACT = SetWrite.of("""
            INSERT INTO rpt_contact (contact_id, customer_id, case_id, contacted_date, contacted_by, outcome)""",
            List.of(TEXT, TEXT, TEXT, DATE, TEXT, TEXT), "ON CONFLICT DO NOTHING", 0);
    private static final SetWrite ACTION = SetWrite.of(
            "INSERT INTO rpt_collection_action (customer_id, kind, business_date, actor)",
            List.of(TEXT, TEXT, DATE, TEXT), "");
    private static final SetWrite DISPUTE_OPENED = SetWrite.of("""
            INSERT INTO rpt_dispute (dispute_id, customer_id, kind, reason_code, currency, amount, opened_date)""",
            List.of(TEXT, TEXT, TEXT, TEXT, TEXT, NUMERIC, DATE), """
            ON CONFLICT (dispute_id) DO UPDATE SET kind = EXCLUDED.kind, reason_code = EXCLUDED.reason_code,
                currency = EXCLUDED.currency, amount = EXCLUDED.amount, opened_date = EXCLUDED.opened_date""", 0);
    // The first resolution counts for cycle time and acceptance; a withdrawal counts only if nothing was resolved.
    private static final SetWrite DISPUTE_RESOLVED = SetWrite.of(
            "INSERT INTO rpt_dispute (dispute_id, customer_id, resolved_date, outcome, credited)",
            List.of(TEXT, TEXT, DATE, TEXT, NUMERIC), """
            ON CONFLICT (dispute_id) DO UPDATE SET resolved_date = EXCLUDED.resolved_date, outcome = EXCLUDED.outcome,
                credited = EXCLUDED.credited
            WHERE rpt_dispute.resolved_date IS NULL OR rpt_dispute.outcome = 'WITHDRAWN'
               OR EXCLUDED.resolved_date < rpt_dispute.resolved_date""", 0);
    private static final SetWrite DISPUTE_WITHDRAWN = SetWrite.of(
            "INSERT INTO rpt_dispute (dispute_id, customer_id, resolved_date, outcome)",
            List.of(TEXT, TEXT, DATE, TEXT), """
            ON CONFLICT (dispute_id) DO UPDATE SET resolved_date = EXCLUDED.resolved_date, outcome = 'WITHDRAWN'
            WHERE rpt_dispute.resolved_date IS NULL""", 0);
    private static final SetWrite DISPUTE_OWNER = SetWrite.of(
            "INSERT INTO rpt_dispute (dispute_id, customer_id, owner)", List.of(TEXT, TEXT, TEXT), """
            ON CONFLICT (dispute_id) DO UPDATE SET owner = EXCLUDED.owner""", 0);

    /** A customer's invoice or payment. */
    public record Ref(String customerId, String id) {
    }

    /** The rows of one poll, by statement, and the customers whose aging they may change. */
    public static final class Batch {
        private final Map<SetWrite, List<Object[]>> rows = new LinkedHashMap<>();
        private final Set<String> agingChanged = new LinkedHashSet<>();
        private final Set<Ref> invoices = new LinkedHashSet<>();
        private final Set<Ref> returnedPayments = new LinkedHashSet<>();
        private final Set<String> unappliedChanged = new LinkedHashSet<>();
        private LocalDate earliestMoneyDate;
        private final Map<String, LocalDate> earliestMoneyDates = new LinkedHashMap<>();
        private int facts;

        private void add(SetWrite statement, Object[] row) {
            rows.computeIfAbsent(statement, s -> new ArrayList<>()).add(row);
            facts++;
        }

        /** Customers with a change to their open items, unapplied money or disputed amounts. */
        public Set<String> agingChanged() {
            return agingChanged;
        }

        /** (customerId, invoiceId) of every invoice whose issue, movements, cancel or dispute marks the poll holds. */
        public Set<Ref> invoices() {
            return invoices;
        }

        /** (customerId, paymentId) of every payment the poll returns: the invoices it paid change too. */
        public Set<Ref> returnedPayments() {
            return returnedPayments;
        }

        /**
         * Customers whose unapplied money may have changed: money received or credited or returned, applications and
         * unapplications, cancelled invoices (an invoice issued alone changes none).
         */
        public Set<String> unappliedChanged() {
            return unappliedChanged;
        }

        /**
         * The earliest business date of a fact of the poll that changes money figures (null: none): every month
         * ending on or after it may have changed.
         */
        public LocalDate earliestMoneyDate() {
            return earliestMoneyDate;
        }

        /**
         * Each customer's earliest business date of a fact of the poll that changes money figures: the months of
         * that customer ending on or after it may have changed, no earlier one.
         */
        public Map<String, LocalDate> earliestMoneyDates() {
            return earliestMoneyDates;
        }

        private void money(String customerId, LocalDate date) {
            agingChanged.add(customerId);
            if (date != null) {
                if (earliestMoneyDate == null || date.isBefore(earliestMoneyDate)) {
                    earliestMoneyDate = date;
                }
                earliestMoneyDates.merge(customerId, date, (a, b) -> a.isBefore(b) ? a : b);
            }
        }

        private void invoice(String customerId, String invoiceId, LocalDate date) {
            invoices.add(new Ref(customerId, invoiceId));
            money(customerId, date);
        }

        public int facts() {
            return facts;
        }

        public boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    public Batch batch() {
        return new Batch();
    }

    /** Adds the rows of one event; events that reporting does not count add none. */
    public void add(Batch batch, DomainEvent event) {
        switch (event) {
            case ReceivablesEvent e -> receivables(batch, e);
            case CollectionsEvent e -> collections(batch, e);
            case DisputesEvent e -> disputes(batch, e);
            case CreditEvent e -> credit(batch, e);
            default -> { }
        }
    }

    /**
     * Sends every statement of the batch at once (pipelined on the connection, one round trip): PostgreSQL runs them
     * in the order sent, so what follows on the connection sees them all.
     */
    public Uni<Void> write(SqlConnection tx, Batch batch) {
        if (batch.rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> writes = new ArrayList<>();
        batch.rows.forEach((statement, rows) -> writes.add(statement.execute(tx, rows)));
        return Uni.combine().all().unis(writes).discardItems();
    }

    private void receivables(Batch batch, ReceivablesEvent event) {
        String c = event.customerId();
        switch (event) {
            case ReceivablesEvent.CustomerUpdated e ->
                    batch.add(CUSTOMER, row(c, e.name(), e.currency(), e.paymentTermsDays()));
            case ReceivablesEvent.InvoiceIssued e -> {
                batch.add(INVOICE, row(c, e.invoiceId(), e.currency(), e.amount(), e.issueDate(), e.dueDate()));
                batch.invoice(c, e.invoiceId(), e.issueDate());
                movement(batch, c, e.invoiceId(), e.currency(), "ISSUED", null, null, e.amount(), e.issueDate());
            }
            case ReceivablesEvent.InvoiceCancelled e -> {
                batch.add(CANCEL, row(c, e.invoiceId(), e.cancelledDate()));
                batch.invoice(c, e.invoiceId(), e.cancelledDate());
                batch.unappliedChanged.add(c);
            }
            case ReceivablesEvent.CreditNoteIssued e -> {
                batch.add(SOURCE, row(c, "CREDIT_NOTE", e.creditNoteId(), e.currency(), e.amount(), e.issueDate()));
                batch.money(c, e.issueDate());
                batch.unappliedChanged.add(c);
            }
            case ReceivablesEvent.PaymentReceived e -> {
                batch.add(SOURCE, row(c, "PAYMENT", e.paymentId(), e.currency(), e.amount(), e.receivedDate()));
                batch.money(c, e.receivedDate());
                batch.unappliedChanged.add(c);
            }
            case ReceivablesEvent.PaymentApplied e -> movement(batch, c, e.invoiceId(), e.currency(), "APPLIED",
                    e.sourceKind().name(), e.sourceId(), e.amount().negate(), e.appliedDate());
            case ReceivablesEvent.PaymentUnapplied e -> movement(batch, c, e.invoiceId(), e.currency(), "UNAPPLIED",
                    e.sourceKind().name(), e.sourceId(), e.amount(), e.unappliedDate());
            case ReceivablesEvent.PaymentReturned e -> {
                batch.add(RETURN, row(c, e.paymentId(), e.returnedDate()));
                batch.returnedPayments.add(new Ref(c, e.paymentId()));
                batch.money(c, e.returnedDate());
                batch.unappliedChanged.add(c);
            }
            case ReceivablesEvent.InvoiceAdjusted e -> movement(batch, c, e.invoiceId(), e.currency(), "ADJUSTED",
                    null, e.adjustmentId(), e.amount(), e.adjustedDate());
            case ReceivablesEvent.InvoiceWrittenOff e -> movement(batch, c, e.invoiceId(), e.currency(),
                    "WRITTEN_OFF", null, e.writeOffId(), e.amount().negate(), e.writtenOffDate());
            case ReceivablesEvent.InvoiceWriteOffReversed e -> movement(batch, c, e.invoiceId(), e.currency(),
                    "WRITE_OFF_REVERSED", null, e.writeOffId(), e.amount(), e.reversedDate());
            case ReceivablesEvent.InvoiceDisputed e -> {
                batch.add(DISPUTE_MARK, row(c, e.invoiceId(), e.disputeId(), e.currency(), e.amount(),
                        e.disputedDate()));
                batch.invoice(c, e.invoiceId(), e.disputedDate());
            }
            case ReceivablesEvent.InvoiceDisputeCleared e -> {
                batch.add(DISPUTE_MARK, row(c, e.invoiceId(), e.disputeId(), e.currency(), e.amount().negate(),
                        e.clearedDate()));
                batch.invoice(c, e.invoiceId(), e.clearedDate());
            }
            // Delinquency, policies and write-off proposals change no amount; reporting computes its own aging.
            default -> { }
        }
    }

    private void movement(Batch batch, String customerId, String invoiceId, String currency, String kind,
                          String sourceKind, String sourceId, BigDecimal amount, LocalDate date) {
        batch.add(MOVEMENT, row(customerId, invoiceId, currency, kind, sourceKind,
                sourceId, amount, date));
        batch.invoice(customerId, invoiceId, date);
        if (kind.equals("APPLIED") || kind.equals("UNAPPLIED")) {
            batch.unappliedChanged.add(customerId);
        }
    }

    private void collections(Batch batch, CollectionsEvent event) {
        String c = event.customerId();
        switch (event) {
            case CollectionsEvent.CollectionCaseAssigned e ->
                    batch.add(ASSIGNMENT, row(c, e.caseId(), e.collector(), e.assignedDate()));
            case CollectionsEvent.PromiseToPayMade e -> batch.add(PROMISE_MADE, row(e.promiseId(), c,
                    e.caseId(), e.currency(), e.amount(), e.dueDate(), e.madeDate(), subject(e.by())));
            case CollectionsEvent.PromiseToPayKept e ->
                    batch.add(PROMISE_OUTCOME, row(e.promiseId(), c, e.currency(), "KEPT", e.asOf(), e.paid()));
            case CollectionsEvent.PromiseToPayBroken e ->
                    batch.add(PROMISE_OUTCOME, row(e.promiseId(), c, e.currency(), "BROKEN", e.asOf(), e.paid()));
            case CollectionsEvent.ContactLogged e -> batch.add(CONTACT, row(e.contactId(), c,
                    e.caseId(), e.contactedAt().atOffset(ZoneOffset.UTC).toLocalDate(),
                    subject(e.by()), e.outcome().name()));
            case CollectionsEvent.AccountEscalated e -> batch.add(ACTION, row(c, "ESCALATED",
                    e.escalatedDate(), subject(e.by())));
            case CollectionsEvent.WriteOffProposed e -> batch.add(ACTION, row(c, "WRITE_OFF_PROPOSED",
                    e.proposedDate(), subject(e.by())));
            default -> { }
        }
    }

    private void disputes(Batch batch, DisputesEvent event) {
        String c = event.customerId();
        switch (event) {
            case DisputesEvent.DisputeOpened e -> {
                BigDecimal amount = e.invoices().stream().map(DisputesEvent.DisputedInvoice::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                batch.add(DISPUTE_OPENED, row(e.disputeId(), c, e.kind().name(),
                        e.reasonCode(), e.currency(), amount, e.openedDate()));
            }
            case DisputesEvent.DisputeAssigned e -> batch.add(DISPUTE_OWNER, row(e.disputeId(), c, e.owner()));
            case DisputesEvent.DisputeResolved e -> {
                BigDecimal credited = e.invoices().stream().map(DisputesEvent.ResolvedInvoice::creditAmount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                batch.add(DISPUTE_RESOLVED, row(e.disputeId(), c, e.resolvedDate(), e.outcome().name(), credited));
            }
            case DisputesEvent.DisputeClosed e -> {
                if (e.closure() == DisputesEvent.Closure.WITHDRAWN) {
                    batch.add(DISPUTE_WITHDRAWN, row(e.disputeId(), c, e.closedDate(), "WITHDRAWN"));
                }
            }
            default -> { }
        }
    }

    private void credit(Batch batch, CreditEvent event) {
        String c = event.customerId();
        switch (event) {
            case CreditEvent.RiskClassChanged e -> batch.add(SEGMENT, row(c, e.changedDate(), e.newRiskClass()));
            case CreditEvent.CreditDecisionMade e -> {
                if (e.riskClass() != null && e.asOf() != null) {
                    batch.add(SEGMENT, row(c, e.asOf(), e.riskClass()));
                }
            }
            default -> { }
        }
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private static String subject(Actor actor) {
        return actor == null ? null : actor.subject();
    }
}
