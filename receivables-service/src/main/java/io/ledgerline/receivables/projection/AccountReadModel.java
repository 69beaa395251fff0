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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the account read models (customers, invoices, payments and credits) from the ledger's events. The runner
 * hands it a batch in the global order inside the transaction that also moves its checkpoint. A batch costs a
 * handful of statements whatever its size: the invoices and credits it touches are read in one query per table,
 * every event of the batch is applied to them in memory (so a row moved by many events is written once, with their
 * sum), and each table gets one set-based upsert for the whole batch ({@link ReadModelRows}). Open amounts and
 * statuses are worked out here, in Java, in one place ({@link InvoiceView#recompute}, {@link CreditView#recompute}).
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
        return List.of("customer_view", "invoice_view", "credit_view", "account_view");
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> recorded) {
        List<ReceivablesEvent> events = AccountEvents.fromRecorded(recorded);
        // The newest version of each account in this batch (the global order keeps each stream's own order).
        Map<String, Long> versions = new HashMap<>();
        for (RecordedEvent event : recorded) {
            versions.put(event.partitionKey(), event.version());
        }
        Set<String> invoices = new LinkedHashSet<>();
        Set<String> credits = new LinkedHashSet<>();
        for (ReceivablesEvent event : events) {
            String c = event.customerId();
            switch (event) {
                case ReceivablesEvent.InvoiceCancelled e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                case ReceivablesEvent.InvoiceAdjusted e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                case ReceivablesEvent.InvoiceWrittenOff e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                case ReceivablesEvent.InvoiceWriteOffReversed e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                case ReceivablesEvent.PaymentApplied e -> {
                    invoices.add(InvoiceView.key(c, e.invoiceId()));
                    credits.add(creditKey(c, e.sourceKind(), e.sourceId()));
                }
                case ReceivablesEvent.PaymentUnapplied e -> {
                    invoices.add(InvoiceView.key(c, e.invoiceId()));
                    credits.add(creditKey(c, e.sourceKind(), e.sourceId()));
                }
                case ReceivablesEvent.PaymentReturned e -> credits.add(creditKey(c, SourceKind.PAYMENT, e.paymentId()));
                case ReceivablesEvent.InvoiceDisputed e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                case ReceivablesEvent.InvoiceDisputeCleared e -> invoices.add(InvoiceView.key(c, e.invoiceId()));
                default -> {
                    // New documents create their rows; the rest leave the read models alone.
                }
            }
        }
        // Customers and account versions are written whole, so they are not read first; invoices and credits are
        // read (one query per table), changed in memory by every event of the batch, and written back in one
        // statement per table (ReadModelRows).
        return load(session, InvoiceView.class, invoices, v -> v.id)
                .chain(invoiceRows -> load(session, CreditView.class, credits, v -> v.id)
                        .chain(creditRows -> {
                            Batch batch = new Batch(new HashMap<>(), invoiceRows, creditRows);
                            events.forEach(batch::apply);
                            return ReadModelRows.upsertCustomers(session, batch.customers.values())
                                    .chain(() -> ReadModelRows.upsertInvoices(session, batch.invoices.values()))
                                    .chain(() -> ReadModelRows.upsertCredits(session, batch.credits.values()))
                                    .chain(() -> ReadModelRows.upsertAccountVersions(session, versions));
                        }));
    }

    /**
     * The rows with these ids, read through Hibernate and detached at once: they are written back by
     * {@link ReadModelRows}, never by a flush, so Hibernate neither checks them for changes nor updates them row by row.
     */
    private static <T> Uni<Map<String, T>> load(Mutiny.Session session, Class<T> type, Set<String> ids,
                                                Function<T, String> idOf) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(new HashMap<>());
        }
        return session.find(type, ids.toArray()).map(found -> {
            Map<String, T> byId = new HashMap<>();
            for (T row : found) {
                if (row != null) {
                    session.detach(row);
                    byId.put(idOf.apply(row), row);
                }
            }
            return byId;
        });
    }

    private static String creditKey(String customer, SourceKind kind, String sourceId) {
        return CreditView.key(customer, CreditView.Kind.valueOf(kind.name()), sourceId);
    }

    /** The rows of one batch in memory; rows created here are found by later events of the same batch. */
    private static final class Batch {
        final Map<String, CustomerView> customers;
        final Map<String, InvoiceView> invoices;
        final Map<String, CreditView> credits;

        Batch(Map<String, CustomerView> customers, Map<String, InvoiceView> invoices, Map<String, CreditView> credits) {
            this.customers = customers;
            this.invoices = invoices;
            this.credits = credits;
        }

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
                    invoices.put(view.id, view);
                }
                case ReceivablesEvent.InvoiceCancelled e -> invoice(customer, e.invoiceId()).recompute(true);
                case ReceivablesEvent.CreditNoteIssued e -> credit(customer, CreditView.Kind.CREDIT_NOTE,
                        e.creditNoteId(), e.issueDate(), e.currency(), e.amount(), null, e.reason());
                case ReceivablesEvent.PaymentReceived e -> credit(customer, CreditView.Kind.PAYMENT, e.paymentId(),
                        e.receivedDate(), e.currency(), e.amount(), e.method().name(), e.reference());
                case ReceivablesEvent.PaymentApplied e -> move(customer, e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount());
                case ReceivablesEvent.PaymentUnapplied e ->
                        move(customer, e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount().negate());
                case ReceivablesEvent.PaymentReturned e -> {
                    CreditView view = credits.get(creditKey(customer, SourceKind.PAYMENT, e.paymentId()));
                    view.status = CreditView.Status.RETURNED;
                    view.recompute();
                }
                case ReceivablesEvent.InvoiceAdjusted e -> {
                    InvoiceView view = invoice(customer, e.invoiceId());
                    view.adjustments = view.adjustments.add(e.amount());
                    view.recompute(false);
                }
                case ReceivablesEvent.InvoiceWrittenOff e -> {
                    InvoiceView view = invoice(customer, e.invoiceId());
                    view.writtenOff = view.writtenOff.add(e.amount());
                    view.recompute(false);
                }
                case ReceivablesEvent.InvoiceWriteOffReversed e -> {
                    InvoiceView view = invoice(customer, e.invoiceId());
                    view.writtenOff = view.writtenOff.subtract(e.amount());
                    view.recompute(false);
                }
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
                case ReceivablesEvent.InvoiceDisputed e -> {
                    InvoiceView view = invoice(customer, e.invoiceId());
                    if (view != null) {
                        view.disputed = view.disputed.add(e.amount());
                    }
                }
                case ReceivablesEvent.InvoiceDisputeCleared e -> {
                    InvoiceView view = invoice(customer, e.invoiceId());
                    if (view != null) {
                        view.disputed = view.disputed.subtract(e.amount()).max(BigDecimal.ZERO);
                    }
                }
                case ReceivablesEvent.WriteOffProposalReceived e -> {
                }
                case ReceivablesEvent.WriteOffProposalDeclined e -> {
                }
            }
        }

        /** Money moves between a source and an invoice: applied (positive) or unapplied (negative). */
        private void move(String customer, SourceKind kind, String sourceId, String invoiceId, BigDecimal amount) {
            InvoiceView invoice = invoice(customer, invoiceId);
            invoice.applied = invoice.applied.add(amount);
            invoice.recompute(false);
            CreditView credit = credits.get(creditKey(customer, kind, sourceId));
            credit.unapplied = credit.unapplied.subtract(amount);
            credit.recompute();
        }

        private InvoiceView invoice(String customer, String invoiceId) {
            return invoices.get(InvoiceView.key(customer, invoiceId));
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
            credits.put(view.id, view);
        }
    }
}
