package io.ledgerline.receivables.projection;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.eventstore.Projection;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.math.BigDecimal;
import java.util.List;

/**
 * Builds the account read models (customers, invoices, payments and credits) from the ledger's events. The runner
 * calls it with a batch of events in the global order inside one transaction that also moves its checkpoint.
 */
@ApplicationScoped
public class AccountReadModel implements Projection {

    public static final String NAME = "accounts";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> apply(session, AccountEvents.fromRecorded(e)))
                .collect().last().replaceWithVoid();
    }

    @Override
    public Uni<Void> reset(Mutiny.Session session) {
        return session.createNativeQuery("TRUNCATE customer_view, invoice_view, credit_view").executeUpdate().replaceWithVoid();
    }

    private Uni<Void> apply(Mutiny.Session session, ReceivablesEvent event) {
        String customer = event.customerId();
        return switch (event) {
            case ReceivablesEvent.CustomerUpdated e -> session.find(CustomerView.class, customer).chain(found -> {
                CustomerView view = found != null ? found : new CustomerView();
                view.customerId = customer;
                view.name = e.name();
                view.countryCode = e.countryCode();
                view.currency = e.currency();
                return found != null ? Uni.createFrom().voidItem() : session.persist(view);
            });
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
                yield session.persist(view);
            }
            case ReceivablesEvent.InvoiceCancelled e -> invoice(session, customer, e.invoiceId(), v -> v.recompute(true));
            case ReceivablesEvent.CreditNoteIssued e -> session.persist(credit(customer, CreditView.Kind.CREDIT_NOTE,
                    e.creditNoteId(), e.issueDate(), e.currency(), e.amount(), null, e.reason()));
            case ReceivablesEvent.PaymentReceived e -> session.persist(credit(customer, CreditView.Kind.PAYMENT,
                    e.paymentId(), e.receivedDate(), e.currency(), e.amount(), e.method().name(), e.reference()));
            case ReceivablesEvent.PaymentApplied e -> invoice(session, customer, e.invoiceId(), v -> {
                v.applied = v.applied.add(e.amount());
                v.recompute(false);
            }).chain(() -> credit(session, customer, e.sourceKind(), e.sourceId(), c -> c.unapplied = c.unapplied.subtract(e.amount())));
            case ReceivablesEvent.PaymentUnapplied e -> invoice(session, customer, e.invoiceId(), v -> {
                v.applied = v.applied.subtract(e.amount());
                v.recompute(false);
            }).chain(() -> credit(session, customer, e.sourceKind(), e.sourceId(), c -> c.unapplied = c.unapplied.add(e.amount())));
            case ReceivablesEvent.PaymentReturned e ->
                    credit(session, customer, SourceKind.PAYMENT, e.paymentId(), c -> c.status = CreditView.Status.RETURNED);
            case ReceivablesEvent.InvoiceAdjusted e -> invoice(session, customer, e.invoiceId(), v -> {
                v.adjustments = v.adjustments.add(e.amount());
                v.recompute(false);
            });
            case ReceivablesEvent.InvoiceWrittenOff e -> invoice(session, customer, e.invoiceId(), v -> {
                v.writtenOff = v.writtenOff.add(e.amount());
                v.recompute(false);
            });
            case ReceivablesEvent.InvoiceWriteOffReversed e -> invoice(session, customer, e.invoiceId(), v -> {
                v.writtenOff = v.writtenOff.subtract(e.amount());
                v.recompute(false);
            });
            case ReceivablesEvent.CashApplicationPolicyChanged e -> Uni.createFrom().voidItem();
            case ReceivablesEvent.AccountDelinquent e -> Uni.createFrom().voidItem();
            case ReceivablesEvent.AccountCured e -> Uni.createFrom().voidItem();
        };
    }

    private static Uni<Void> invoice(Mutiny.Session session, String customer, String invoiceId,
                                     java.util.function.Consumer<InvoiceView> change) {
        return session.find(InvoiceView.class, InvoiceView.key(customer, invoiceId)).invoke(change).replaceWithVoid();
    }

    private static Uni<Void> credit(Mutiny.Session session, String customer, SourceKind kind, String sourceId,
                                    java.util.function.Consumer<CreditView> change) {
        CreditView.Kind viewKind = CreditView.Kind.valueOf(kind.name());
        return session.find(CreditView.class, CreditView.key(customer, viewKind, sourceId))
                .invoke(change.andThen(CreditView::recompute)).replaceWithVoid();
    }

    private static CreditView credit(String customer, CreditView.Kind kind, String sourceId, java.time.LocalDate date,
                                     String currency, BigDecimal amount, String method, String reference) {
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
        return view;
    }
}
