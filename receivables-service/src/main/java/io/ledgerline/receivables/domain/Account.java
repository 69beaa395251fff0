package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one customer's receivables account, folded from its events. Entries are immutable records and the
 * maps keep arrival order, so {@link #copy()} is a cheap shallow copy: deciders work on a copy and never change the
 * state they were given.
 */
public final class Account {

    private final String customerId;
    private ReceivablesEvent.CustomerUpdated profile;
    private final Map<String, Invoice> invoices;
    private final Map<String, Payment> payments;
    private final Map<String, CreditNote> creditNotes;
    private final Map<ApplicationKey, Application> applications;

    public Account(String customerId) {
        this(customerId, null, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    private Account(String customerId, ReceivablesEvent.CustomerUpdated profile, Map<String, Invoice> invoices,
                    Map<String, Payment> payments, Map<String, CreditNote> creditNotes,
                    Map<ApplicationKey, Application> applications) {
        this.customerId = customerId;
        this.profile = profile;
        this.invoices = invoices;
        this.payments = payments;
        this.creditNotes = creditNotes;
        this.applications = applications;
    }

    public Account copy() {
        return new Account(customerId, profile, new LinkedHashMap<>(invoices), new LinkedHashMap<>(payments),
                new LinkedHashMap<>(creditNotes), new LinkedHashMap<>(applications));
    }

    /** An invoice as the ledger knows it; {@code applied} sums every payment and credit applied to it. */
    public record Invoice(ReceivablesEvent.InvoiceIssued issued, int sequence, BigDecimal adjustments,
                          BigDecimal writtenOff, BigDecimal applied, ReceivablesEvent.InvoiceCancelled cancelled) {

        public String id() {
            return issued.invoiceId();
        }

        public String currency() {
            return issued.currency();
        }

        public boolean isCancelled() {
            return cancelled != null;
        }

        /** What the invoice asks for after adjustments and write-offs: the most that can be applied to it. */
        public BigDecimal capacity() {
            return isCancelled() ? BigDecimal.ZERO.setScale(issued.amount().scale())
                    : issued.amount().add(adjustments).subtract(writtenOff);
        }

        public BigDecimal openAmount() {
            return capacity().subtract(applied);
        }

        /** Nothing has touched it: the only state in which the ERP may still cancel it. */
        public boolean isUntouched() {
            return applied.signum() == 0 && adjustments.signum() == 0 && writtenOff.signum() == 0;
        }

        Invoice withApplied(BigDecimal value) {
            return new Invoice(issued, sequence, adjustments, writtenOff, value, cancelled);
        }
    }

    public record Payment(ReceivablesEvent.PaymentReceived received, int sequence, BigDecimal applied,
                          ReceivablesEvent.PaymentReturned returned) {

        public String id() {
            return received.paymentId();
        }

        public boolean isReturned() {
            return returned != null;
        }

        /** Cash on the account not (yet) applied to any invoice; a returned payment holds none. */
        public BigDecimal unapplied() {
            return isReturned() ? BigDecimal.ZERO.setScale(received.amount().scale())
                    : received.amount().subtract(applied);
        }

        Payment withApplied(BigDecimal value) {
            return new Payment(received, sequence, value, returned);
        }
    }

    public record CreditNote(ReceivablesEvent.CreditNoteIssued issued, int sequence, BigDecimal applied) {

        public String id() {
            return issued.creditNoteId();
        }

        public BigDecimal unapplied() {
            return issued.amount().subtract(applied);
        }

        CreditNote withApplied(BigDecimal value) {
            return new CreditNote(issued, sequence, value);
        }
    }

    /** Which source (a payment or a credit note) is applied to which invoice. */
    public record ApplicationKey(SourceKind sourceKind, String sourceId, String invoiceId) {
    }

    public record Application(BigDecimal amount, ApplicationRule rule) {
    }

    /** Folds one event into this state. Events are facts: they were validated when decided, so nothing is checked. */
    public Account evolve(ReceivablesEvent event) {
        switch (event) {
            case ReceivablesEvent.CustomerUpdated e -> profile = e;
            case ReceivablesEvent.InvoiceIssued e -> {
                BigDecimal zero = zero(e.amount());
                invoices.put(e.invoiceId(), new Invoice(e, invoices.size(), zero, zero, zero, null));
            }
            case ReceivablesEvent.InvoiceCancelled e -> invoices.computeIfPresent(e.invoiceId(), (id, i) ->
                    new Invoice(i.issued(), i.sequence(), i.adjustments(), i.writtenOff(), i.applied(), e));
            case ReceivablesEvent.CreditNoteIssued e ->
                    creditNotes.put(e.creditNoteId(), new CreditNote(e, creditNotes.size(), zero(e.amount())));
            case ReceivablesEvent.PaymentReceived e ->
                    payments.put(e.paymentId(), new Payment(e, payments.size(), zero(e.amount()), null));
            case ReceivablesEvent.PaymentApplied e -> apply(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount(), e.rule());
            case ReceivablesEvent.PaymentUnapplied e ->
                    apply(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount().negate(), null);
            case ReceivablesEvent.PaymentReturned e -> payments.computeIfPresent(e.paymentId(), (id, p) ->
                    new Payment(p.received(), p.sequence(), p.applied(), e));
            case ReceivablesEvent.InvoiceAdjusted e -> invoices.computeIfPresent(e.invoiceId(), (id, i) ->
                    new Invoice(i.issued(), i.sequence(), i.adjustments().add(e.amount()), i.writtenOff(), i.applied(),
                            i.cancelled()));
            case ReceivablesEvent.InvoiceWrittenOff e -> invoices.computeIfPresent(e.invoiceId(), (id, i) ->
                    new Invoice(i.issued(), i.sequence(), i.adjustments(), i.writtenOff().add(e.amount()), i.applied(),
                            i.cancelled()));
            case ReceivablesEvent.InvoiceWriteOffReversed e -> invoices.computeIfPresent(e.invoiceId(), (id, i) ->
                    new Invoice(i.issued(), i.sequence(), i.adjustments(), i.writtenOff().subtract(e.amount()),
                            i.applied(), i.cancelled()));
            case ReceivablesEvent.AccountDelinquent e -> {
                // Delinquency is derived from the ledger and an as-of date; the account keeps no state for it.
            }
            case ReceivablesEvent.AccountCured e -> {
            }
        }
        return this;
    }

    private void apply(SourceKind kind, String sourceId, String invoiceId, BigDecimal delta, ApplicationRule rule) {
        ApplicationKey key = new ApplicationKey(kind, sourceId, invoiceId);
        Application before = applications.get(key);
        BigDecimal amount = before == null ? delta : before.amount().add(delta);
        if (amount.signum() == 0) {
            applications.remove(key);
        } else {
            applications.put(key, new Application(amount, rule != null ? rule : before.rule()));
        }
        invoices.computeIfPresent(invoiceId, (id, i) -> i.withApplied(i.applied().add(delta)));
        switch (kind) {
            case PAYMENT -> payments.computeIfPresent(sourceId, (id, p) -> p.withApplied(p.applied().add(delta)));
            case CREDIT_NOTE -> creditNotes.computeIfPresent(sourceId, (id, c) -> c.withApplied(c.applied().add(delta)));
        }
    }

    private static BigDecimal zero(BigDecimal like) {
        return BigDecimal.ZERO.setScale(like.scale());
    }

    public String customerId() {
        return customerId;
    }

    public ReceivablesEvent.CustomerUpdated profile() {
        return profile;
    }

    public Invoice invoice(String id) {
        return invoices.get(id);
    }

    public Payment payment(String id) {
        return payments.get(id);
    }

    public CreditNote creditNote(String id) {
        return creditNotes.get(id);
    }

    public Collection<Invoice> invoices() {
        return invoices.values();
    }

    public Collection<Payment> payments() {
        return payments.values();
    }

    public Collection<CreditNote> creditNotes() {
        return creditNotes.values();
    }

    public Map<ApplicationKey, Application> applications() {
        return Map.copyOf(applications);
    }

    public boolean isEmpty() {
        return profile == null && invoices.isEmpty() && payments.isEmpty() && creditNotes.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && customerId.equals(a.customerId) && Objects.equals(profile, a.profile)
                && invoices.equals(a.invoices) && payments.equals(a.payments) && creditNotes.equals(a.creditNotes)
                && applications.equals(a.applications);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, invoices.keySet(), payments.keySet());
    }

    @Override
    public String toString() {
        return "Account[" + customerId + ", invoices=" + invoices.values() + ", payments=" + payments.values()
                + ", creditNotes=" + creditNotes.values() + ", applications=" + applications + "]";
    }
}
