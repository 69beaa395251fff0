package io.ledgerline.receivables.projection;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the account read models (customers, invoices, payments and credits) from the ledger's events. The runner
 * hands it a batch in the global order inside the transaction that also moves its checkpoint.
 * <p>
 * Set-based, and nothing is read first: every event of the batch is applied in memory, in order, and each table gets
 * one or two statements for the whole batch ({@link ReadModelRows}):
 * <ul>
 * <li>a document issued in this batch is built whole here (with whatever later events of the batch did to it) and
 * inserted;</li>
 * <li>a document issued in an earlier batch gets its changes summed per row (applied, adjustments, written off,
 * disputed, unapplied; cancelled or returned, which stick) and applied by one {@code UPDATE ... FROM} per table, which
 * works out the open amount and the status from the new amounts in the same statement;</li>
 * <li>customers and account versions are written whole ({@code INSERT ... ON CONFLICT DO UPDATE}).</li>
 * </ul>
 * Open amounts and statuses follow the same rules as {@link InvoiceView#recompute} and {@link CreditView#recompute}
 * (written once more in SQL in {@link ReadModelRows}): both depend only on the row's final amounts and on whether it
 * was ever cancelled (returned), never on the order of the changes in between, which is what makes summing them
 * exact. The one exception, a dispute clearance larger than what is marked (clamped at zero), is clamped once on the
 * sum; the ledger never clears more than it marked.
 */
@ApplicationScoped
public class AccountReadModel implements Projection {

    public static final String NAME = "accounts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> tables() {
        return List.of("customer_view", "invoice_view", "credit_view", "account_view", "open_invoice_totals");
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> recorded) {
        return prepare(recorded).writeTo(session);
    }

    /**
     * Decodes and sums the batch in memory and spells its statements: everything but the writes, which the step
     * returned runs. Depends on the events only, so a rebuild prepares its next batch while this one is written.
     */
    @Override
    public Prepared prepare(List<RecordedEvent> recorded) {
        // The newest version of each account in this batch (the global order keeps each stream's own order).
        Map<String, Long> versions = new HashMap<>();
        Batch batch = new Batch();
        for (RecordedEvent event : recorded) {
            versions.put(event.partitionKey(), event.version());
            batch.apply(AccountEvents.fromRecorded(event));
        }
        List<ReadModelRows.Statement> statements = ReadModelRows.statements(new ReadModelRows.Rows(
                batch.customers.values(), batch.newInvoices.values(), batch.invoiceChanges.values(),
                batch.newCredits.values(), batch.creditChanges.values(), versions));
        return session -> ReadModelRows.write(session, statements);
    }

    /** Its statements find rows by primary key only (upserts and {@code UPDATE ... FROM} by id). */
    @Override
    public boolean rebuildsWithoutSecondaryIndexes() {
        return true;
    }

    /** Its rows come from the events' payloads alone: a rebuild reads the events without their metadata. */
    @Override
    public boolean readsMetadata() {
        return false;
    }

    private static String creditKey(String customer, SourceKind kind, String sourceId) {
        return CreditView.key(customer, CreditView.Kind.valueOf(kind.name()), sourceId);
    }

    /** What the batch's events do to an invoice issued before the batch: sums, and whether it was cancelled. */
    static final class InvoiceChange {
        final String id;
        BigDecimal adjustments = BigDecimal.ZERO;
        BigDecimal writtenOff = BigDecimal.ZERO;
        BigDecimal applied = BigDecimal.ZERO;
        BigDecimal disputed = BigDecimal.ZERO;
        boolean cancelled;
        /** False while only dispute marks touched it: those leave an invoice the read model does not have alone. */
        boolean mustExist;

        InvoiceChange(String id) {
            this.id = id;
        }
    }

    /** What the batch's events do to a payment or credit note received before the batch. */
    static final class CreditChange {
        final String id;
        BigDecimal unapplied = BigDecimal.ZERO;
        boolean returned;

        CreditChange(String id) {
            this.id = id;
        }
    }

    /** The batch's rows and changes in memory; documents issued in the batch are found by its later events. */
    private static final class Batch {
        final Map<String, CustomerView> customers = new LinkedHashMap<>();
        final Map<String, InvoiceView> newInvoices = new LinkedHashMap<>();
        final Map<String, CreditView> newCredits = new LinkedHashMap<>();
        final Map<String, InvoiceChange> invoiceChanges = new LinkedHashMap<>();
        final Map<String, CreditChange> creditChanges = new LinkedHashMap<>();

        void apply(ReceivablesEvent event) {
            String customer = event.customerId();
            switch (event) {
                case ReceivablesEvent.CustomerUpdated e -> {
                    CustomerView view = customers.computeIfAbsent(customer, id -> {
                        CustomerView fresh = new CustomerView();
                        fresh.customerId = id;
                        return fresh;
                    });
                    view.name = e.name();
                    view.countryCode = e.countryCode();
                    view.currency = e.currency();
                }
                case ReceivablesEvent.InvoiceIssued e -> {
                    InvoiceView view = new InvoiceView();
                    view.id = InvoiceView.key(customer, e.invoiceId());
                    view.customerId = customer;
                    view.invoiceId = e.invoiceId();
                    view.issueDate = e.issueDate();
                    view.dueDate = e.dueDate();
                    view.currency = e.currency();
                    view.amount = e.amount();
                    view.adjustments = BigDecimal.ZERO;
                    view.writtenOff = BigDecimal.ZERO;
                    view.applied = BigDecimal.ZERO;
                    view.purchaseOrder = e.purchaseOrder();
                    view.description = e.description();
                    view.recompute(false);
                    newInvoices.put(view.id, view);
                }
                case ReceivablesEvent.InvoiceCancelled e -> {
                    String id = InvoiceView.key(customer, e.invoiceId());
                    InvoiceView view = newInvoices.get(id);
                    if (view != null) {
                        view.recompute(true);
                    } else {
                        invoiceChange(id).cancelled = true;
                    }
                }
                case ReceivablesEvent.CreditNoteIssued e -> credit(customer, CreditView.Kind.CREDIT_NOTE,
                        e.creditNoteId(), e.issueDate(), e.currency(), e.amount(), null, e.reason());
                case ReceivablesEvent.PaymentReceived e -> credit(customer, CreditView.Kind.PAYMENT, e.paymentId(),
                        e.receivedDate(), e.currency(), e.amount(), e.method().name(), e.reference());
                case ReceivablesEvent.PaymentApplied e -> move(customer, e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount());
                case ReceivablesEvent.PaymentUnapplied e ->
                        move(customer, e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount().negate());
                case ReceivablesEvent.PaymentReturned e -> {
                    String id = creditKey(customer, SourceKind.PAYMENT, e.paymentId());
                    CreditView view = newCredits.get(id);
                    if (view != null) {
                        view.status = CreditView.Status.RETURNED;
                        view.recompute();
                    } else {
                        creditChange(id).returned = true;
                    }
                }
                case ReceivablesEvent.InvoiceAdjusted e -> {
                    String id = InvoiceView.key(customer, e.invoiceId());
                    InvoiceView view = newInvoices.get(id);
                    if (view != null) {
                        view.adjustments = view.adjustments.add(e.amount());
                        view.recompute(false);
                    } else {
                        InvoiceChange change = invoiceChange(id);
                        change.adjustments = change.adjustments.add(e.amount());
                    }
                }
                case ReceivablesEvent.InvoiceWrittenOff e -> writtenOff(customer, e.invoiceId(), e.amount());
                case ReceivablesEvent.InvoiceWriteOffReversed e -> writtenOff(customer, e.invoiceId(), e.amount().negate());
                case ReceivablesEvent.WriteOffRequested e -> {
                    // A request changes nothing owed until it is approved (an InvoiceWrittenOff).
                }
                case ReceivablesEvent.CashApplicationPolicyChanged e -> {
                }
                case ReceivablesEvent.AccountDelinquent e -> {
                }
                case ReceivablesEvent.AccountCured e -> {
                }
                // A disputed amount stays owed: only the invoice's disputed part moves. Write-off proposals change no
                // row here (WriteOffProposalReadModel keeps them).
                case ReceivablesEvent.InvoiceDisputed e -> disputed(customer, e.invoiceId(), e.amount());
                case ReceivablesEvent.InvoiceDisputeCleared e -> disputed(customer, e.invoiceId(), e.amount().negate());
                case ReceivablesEvent.WriteOffProposalReceived e -> {
                }
                case ReceivablesEvent.WriteOffProposalDeclined e -> {
                }
            }
        }

        private InvoiceChange invoiceChange(String id) {
            InvoiceChange change = invoiceChanges.computeIfAbsent(id, InvoiceChange::new);
            change.mustExist = true;
            return change;
        }

        private CreditChange creditChange(String id) {
            return creditChanges.computeIfAbsent(id, CreditChange::new);
        }

        private void writtenOff(String customer, String invoiceId, BigDecimal amount) {
            String id = InvoiceView.key(customer, invoiceId);
            InvoiceView view = newInvoices.get(id);
            if (view != null) {
                view.writtenOff = view.writtenOff.add(amount);
                view.recompute(false);
            } else {
                InvoiceChange change = invoiceChange(id);
                change.writtenOff = change.writtenOff.add(amount);
            }
        }

        private void disputed(String customer, String invoiceId, BigDecimal amount) {
            String id = InvoiceView.key(customer, invoiceId);
            InvoiceView view = newInvoices.get(id);
            if (view != null) {
                view.disputed = view.disputed.add(amount).max(BigDecimal.ZERO);
            } else {
                // Not mustExist: a mark on an invoice the read models do not have is ignored, as it always was.
                InvoiceChange change = invoiceChanges.computeIfAbsent(id, InvoiceChange::new);
                change.disputed = change.disputed.add(amount);
            }
        }

        /** Money moves between a source and an invoice: applied (positive) or unapplied (negative). */
        private void move(String customer, SourceKind kind, String sourceId, String invoiceId, BigDecimal amount) {
            String invoiceKey = InvoiceView.key(customer, invoiceId);
            InvoiceView invoice = newInvoices.get(invoiceKey);
            if (invoice != null) {
                invoice.applied = invoice.applied.add(amount);
                invoice.recompute(false);
            } else {
                InvoiceChange change = invoiceChange(invoiceKey);
                change.applied = change.applied.add(amount);
            }
            String creditKey = creditKey(customer, kind, sourceId);
            CreditView credit = newCredits.get(creditKey);
            if (credit != null) {
                credit.unapplied = credit.unapplied.subtract(amount);
                credit.recompute();
            } else {
                CreditChange change = creditChange(creditKey);
                change.unapplied = change.unapplied.subtract(amount);
            }
        }

        private void credit(String customer, CreditView.Kind kind, String sourceId, LocalDate date, String currency,
                            BigDecimal amount, String method, String reference) {
            CreditView view = new CreditView();
            view.id = CreditView.key(customer, kind, sourceId);
            view.customerId = customer;
            view.kind = kind;
            view.sourceId = sourceId;
            view.documentDate = date;
            view.currency = currency;
            view.amount = amount;
            view.unapplied = amount;
            view.status = CreditView.Status.UNAPPLIED;
            view.method = method;
            view.reference = reference;
            newCredits.put(view.id, view);
        }
    }
}
