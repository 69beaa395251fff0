package io.ledgerline.credit.domain;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What credit knows about one customer from the other services' topics: the open items and unapplied money of the
 * receivables ledger, how the customer has paid, open disputes, broken promises and escalations. Folded from the
 * consumed events in the order credit received them; each topic keeps one customer's events in order, and nothing
 * here depends on how the topics interleave (a dispute naming an invoice not seen yet simply excludes nothing until
 * the invoice arrives).
 *
 * <p>Folding never fails: an event that names a document credit has not seen (a topic read from the middle, say)
 * changes what it can and is otherwise ignored, so a consumer is never stopped by one customer's history.
 */
public final class UpstreamFacts {

    /** An invoice as the ledger has it now. {@code open} is what is still owed on it. */
    public static final class Invoice {
        public final String invoiceId;
        public final String currency;
        public final BigDecimal amount;
        public final LocalDate issueDate;
        public final LocalDate dueDate;
        public final String purchaseOrder;
        public final EventReference ref;
        BigDecimal open;
        boolean cancelled;
        LocalDate paidInFull;

        Invoice(ReceivablesEvent.InvoiceIssued e, EventReference ref) {
            this.invoiceId = e.invoiceId();
            this.currency = e.currency();
            this.amount = e.amount();
            this.issueDate = e.issueDate();
            this.dueDate = e.dueDate();
            this.purchaseOrder = e.purchaseOrder();
            this.ref = ref;
            this.open = e.amount();
        }

        private Invoice(Invoice other) {
            this.invoiceId = other.invoiceId;
            this.currency = other.currency;
            this.amount = other.amount;
            this.issueDate = other.issueDate;
            this.dueDate = other.dueDate;
            this.purchaseOrder = other.purchaseOrder;
            this.ref = other.ref;
            this.open = other.open;
            this.cancelled = other.cancelled;
            this.paidInFull = other.paidInFull;
        }

        public BigDecimal open() {
            return cancelled ? BigDecimal.ZERO : open;
        }

        public boolean cancelled() {
            return cancelled;
        }

        /** The day the last application brought the open amount to zero, or null while something is owed. */
        public LocalDate paidInFull() {
            return paidInFull;
        }
    }

    /** Money on the account: a payment or a credit note, and how much of it no invoice has taken. */
    public static final class Source {
        public final SourceKind kind;
        public final String sourceId;
        public final String currency;
        public final LocalDate date;
        BigDecimal unapplied;
        boolean returned;

        Source(SourceKind kind, String sourceId, String currency, BigDecimal amount, LocalDate date) {
            this.kind = kind;
            this.sourceId = sourceId;
            this.currency = currency;
            this.unapplied = amount;
            this.date = date;
        }

        private Source copy() {
            Source copy = new Source(kind, sourceId, currency, unapplied, date);
            copy.returned = returned;
            return copy;
        }

        public BigDecimal unapplied() {
            return returned ? BigDecimal.ZERO : unapplied;
        }
    }

    /** A dispute as the disputes service says: open or not, and the amount disputed on each invoice. */
    public static final class Dispute {
        public final String disputeId;
        String currency;
        Map<String, BigDecimal> invoices = new LinkedHashMap<>();
        boolean open;
        EventReference ref;

        Dispute(String disputeId) {
            this.disputeId = disputeId;
        }

        private Dispute copy() {
            Dispute copy = new Dispute(disputeId);
            copy.currency = currency;
            copy.invoices = new LinkedHashMap<>(invoices);
            copy.open = open;
            copy.ref = ref;
            return copy;
        }

        public boolean open() {
            return open;
        }

        public Map<String, BigDecimal> invoices() {
            return Collections.unmodifiableMap(invoices);
        }

        public EventReference ref() {
            return ref;
        }
    }

    /** Money applied from one payment to one invoice (net of unapplications), when, and how late that was. */
    public record Application(BigDecimal amount, LocalDate appliedDate, LocalDate dueDate) {
    }

    /** A dated fact another service reported (a broken promise, an escalation, a returned payment). */
    public record Dated(LocalDate date, EventReference ref, String text) {
    }

    private String name;
    private final Map<String, Invoice> invoices = new LinkedHashMap<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Application> applications = new HashMap<>();
    private final Map<String, Dispute> disputes = new LinkedHashMap<>();
    private final List<Dated> brokenPromises = new ArrayList<>();
    private final List<Dated> escalations = new ArrayList<>();
    private final List<Dated> returnedPayments = new ArrayList<>();
    private Dated delinquency;
    private LocalDate firstBusinessDate;
    private LocalDate latestBusinessDate;
    private long observed;

    /** An independent copy: changing it leaves this one as it is. */
    public UpstreamFacts copy() {
        UpstreamFacts copy = new UpstreamFacts();
        copy.name = name;
        invoices.forEach((id, invoice) -> copy.invoices.put(id, new Invoice(invoice)));
        sources.forEach((id, source) -> copy.sources.put(id, source.copy()));
        copy.applications.putAll(applications);
        disputes.forEach((id, dispute) -> copy.disputes.put(id, dispute.copy()));
        copy.brokenPromises.addAll(brokenPromises);
        copy.escalations.addAll(escalations);
        copy.returnedPayments.addAll(returnedPayments);
        copy.delinquency = delinquency;
        copy.firstBusinessDate = firstBusinessDate;
        copy.latestBusinessDate = latestBusinessDate;
        copy.observed = observed;
        return copy;
    }

    /** Folds one consumed event in. */
    public void observe(Upstream upstream) {
        observed++;
        switch (upstream.event()) {
            case ReceivablesEvent e -> observe(e, upstream.ref());
            case CollectionsEvent e -> observe(e, upstream.ref());
            case DisputesEvent e -> observe(e, upstream.ref());
            default -> {
                // Credit's own events are not upstream facts.
            }
        }
    }

    private void observe(ReceivablesEvent event, EventReference ref) {
        switch (event) {
            case ReceivablesEvent.CustomerUpdated e -> name = e.name();
            case ReceivablesEvent.InvoiceIssued e -> {
                invoices.putIfAbsent(e.invoiceId(), new Invoice(e, ref));
                seen(e.issueDate());
            }
            case ReceivablesEvent.InvoiceCancelled e -> {
                Invoice invoice = invoices.get(e.invoiceId());
                if (invoice != null) {
                    invoice.cancelled = true;
                }
                seen(e.cancelledDate());
            }
            case ReceivablesEvent.CreditNoteIssued e -> {
                sources.putIfAbsent(sourceKey(SourceKind.CREDIT_NOTE, e.creditNoteId()),
                        new Source(SourceKind.CREDIT_NOTE, e.creditNoteId(), e.currency(), e.amount(), e.issueDate()));
                seen(e.issueDate());
            }
            case ReceivablesEvent.PaymentReceived e -> {
                sources.putIfAbsent(sourceKey(SourceKind.PAYMENT, e.paymentId()),
                        new Source(SourceKind.PAYMENT, e.paymentId(), e.currency(), e.amount(), e.receivedDate()));
                seen(e.receivedDate());
            }
            case ReceivablesEvent.PaymentApplied e -> {
                move(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount(), e.appliedDate());
                seen(e.appliedDate());
            }
            case ReceivablesEvent.PaymentUnapplied e -> {
                move(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount().negate(), e.unappliedDate());
                seen(e.unappliedDate());
            }
            case ReceivablesEvent.PaymentReturned e -> {
                Source source = sources.get(sourceKey(SourceKind.PAYMENT, e.paymentId()));
                if (source != null) {
                    source.returned = true;
                }
                returnedPayments.add(new Dated(e.returnedDate(), ref, e.reasonCode()));
                seen(e.returnedDate());
            }
            case ReceivablesEvent.InvoiceAdjusted e -> {
                changeOpen(e.invoiceId(), e.amount(), e.adjustedDate());
                seen(e.adjustedDate());
            }
            case ReceivablesEvent.InvoiceWrittenOff e -> {
                changeOpen(e.invoiceId(), e.amount().negate(), e.writtenOffDate());
                seen(e.writtenOffDate());
            }
            case ReceivablesEvent.InvoiceWriteOffReversed e -> {
                changeOpen(e.invoiceId(), e.amount(), e.reversedDate());
                seen(e.reversedDate());
            }
            case ReceivablesEvent.AccountDelinquent e -> {
                delinquency = new Dated(e.asOf(), ref, e.bucket() + ", " + e.daysPastDue() + " days past due");
                seen(e.asOf());
            }
            case ReceivablesEvent.AccountCured e -> {
                delinquency = null;
                seen(e.asOf());
            }
            // The disputes topic is where disputed amounts come from (receivables' marks mirror it); cash
            // application policy and write-off proposals change nothing credit weighs.
            case ReceivablesEvent.InvoiceDisputed e -> {
            }
            case ReceivablesEvent.InvoiceDisputeCleared e -> {
            }
            case ReceivablesEvent.CashApplicationPolicyChanged e -> {
            }
            case ReceivablesEvent.WriteOffProposalReceived e -> {
            }
            case ReceivablesEvent.WriteOffProposalDeclined e -> {
            }
            case ReceivablesEvent.WriteOffRequested e -> {
                // Waiting for a second person: nothing changes on the invoice until InvoiceWrittenOff.
            }
        }
    }

    private void observe(CollectionsEvent event, EventReference ref) {
        switch (event) {
            case CollectionsEvent.PromiseToPayBroken e -> {
                brokenPromises.add(new Dated(e.asOf(), ref, "promise " + e.promiseId() + " to pay " + e.promised()
                        + " " + e.currency() + " by " + e.dueDate() + " was broken (paid " + e.paid() + ")"));
                seen(e.asOf());
            }
            case CollectionsEvent.AccountEscalated e -> {
                escalations.add(new Dated(e.escalatedDate(), ref, "account handed to "
                        + e.to().name().toLowerCase(java.util.Locale.ROOT) + " (" + e.handedTo() + "): " + e.reason()));
                seen(e.escalatedDate());
            }
            default -> {
                // Dunning, contacts and kept promises change nothing credit decides on.
            }
        }
    }

    private void observe(DisputesEvent event, EventReference ref) {
        switch (event) {
            case DisputesEvent.DisputeOpened e -> {
                Dispute dispute = disputes.computeIfAbsent(e.disputeId(), Dispute::new);
                dispute.currency = e.currency();
                dispute.invoices = new LinkedHashMap<>();
                e.invoices().forEach(i -> dispute.invoices.merge(i.invoiceId(), i.amount(), BigDecimal::add));
                dispute.open = true;
                dispute.ref = ref;
                seen(e.openedDate());
            }
            case DisputesEvent.DisputeReopened e -> {
                Dispute dispute = disputes.computeIfAbsent(e.disputeId(), Dispute::new);
                dispute.currency = e.currency();
                dispute.invoices = new LinkedHashMap<>();
                e.invoices().forEach(i -> dispute.invoices.merge(i.invoiceId(), i.amount(), BigDecimal::add));
                dispute.open = true;
                dispute.ref = ref;
                seen(e.reopenedDate());
            }
            case DisputesEvent.DisputeResolved e -> {
                disputes.computeIfAbsent(e.disputeId(), Dispute::new).open = false;
                seen(e.resolvedDate());
            }
            case DisputesEvent.DisputeClosed e -> {
                disputes.computeIfAbsent(e.disputeId(), Dispute::new).open = false;
                seen(e.closedDate());
            }
            default -> {
            }
        }
    }

    /** The business date an event speaks for (its document, decision or as-of date), or null when it has none. */
    public static LocalDate businessDateOf(io.ledgerline.events.DomainEvent event) {
        return switch (event) {
            case ReceivablesEvent.InvoiceIssued e -> e.issueDate();
            case ReceivablesEvent.InvoiceCancelled e -> e.cancelledDate();
            case ReceivablesEvent.CreditNoteIssued e -> e.issueDate();
            case ReceivablesEvent.PaymentReceived e -> e.receivedDate();
            case ReceivablesEvent.PaymentApplied e -> e.appliedDate();
            case ReceivablesEvent.PaymentUnapplied e -> e.unappliedDate();
            case ReceivablesEvent.PaymentReturned e -> e.returnedDate();
            case ReceivablesEvent.InvoiceAdjusted e -> e.adjustedDate();
            case ReceivablesEvent.InvoiceWrittenOff e -> e.writtenOffDate();
            case ReceivablesEvent.InvoiceWriteOffReversed e -> e.reversedDate();
            case ReceivablesEvent.AccountDelinquent e -> e.asOf();
            case ReceivablesEvent.AccountCured e -> e.asOf();
            case CollectionsEvent.PromiseToPayBroken e -> e.asOf();
            case CollectionsEvent.AccountEscalated e -> e.escalatedDate();
            case DisputesEvent.DisputeOpened e -> e.openedDate();
            case DisputesEvent.DisputeReopened e -> e.reopenedDate();
            case DisputesEvent.DisputeResolved e -> e.resolvedDate();
            case DisputesEvent.DisputeClosed e -> e.closedDate();
            default -> null;
        };
    }

    private void move(SourceKind kind, String sourceId, String invoiceId, BigDecimal amount, LocalDate date) {
        Source source = sources.get(sourceKey(kind, sourceId));
        if (source != null) {
            source.unapplied = source.unapplied.subtract(amount);
        }
        Invoice invoice = invoices.get(invoiceId);
        if (invoice != null) {
            changeOpen(invoiceId, amount.negate(), date);
            if (kind == SourceKind.PAYMENT) {
                applications.merge(sourceId + " " + invoiceId, new Application(amount, date, invoice.dueDate),
                        (was, now) -> new Application(was.amount().add(now.amount()),
                                now.amount().signum() > 0 ? now.appliedDate() : was.appliedDate(), was.dueDate()));
            }
        }
    }

    private void changeOpen(String invoiceId, BigDecimal change, LocalDate date) {
        Invoice invoice = invoices.get(invoiceId);
        if (invoice == null) {
            return;
        }
        invoice.open = invoice.open.add(change);
        invoice.paidInFull = invoice.open.signum() == 0 && change.signum() < 0 ? date
                : invoice.open.signum() == 0 ? invoice.paidInFull : null;
    }

    private void seen(LocalDate date) {
        if (date == null) {
            return;
        }
        if (firstBusinessDate == null || date.isBefore(firstBusinessDate)) {
            firstBusinessDate = date;
        }
        if (latestBusinessDate == null || date.isAfter(latestBusinessDate)) {
            latestBusinessDate = date;
        }
    }

    private static String sourceKey(SourceKind kind, String id) {
        return kind + " " + id;
    }

    public String name() {
        return name;
    }

    public Collection<Invoice> invoices() {
        return Collections.unmodifiableCollection(invoices.values());
    }

    public Invoice invoice(String invoiceId) {
        return invoices.get(invoiceId);
    }

    public Collection<Source> sources() {
        return Collections.unmodifiableCollection(sources.values());
    }

    public Collection<Application> applications() {
        return Collections.unmodifiableCollection(applications.values());
    }

    public Collection<Dispute> disputes() {
        return Collections.unmodifiableCollection(disputes.values());
    }

    public List<Dated> brokenPromises() {
        return Collections.unmodifiableList(brokenPromises);
    }

    public List<Dated> escalations() {
        return Collections.unmodifiableList(escalations);
    }

    public List<Dated> returnedPayments() {
        return Collections.unmodifiableList(returnedPayments);
    }

    /** The latest AccountDelinquent while the account is delinquent; null once cured (or never delinquent). */
    public Dated delinquency() {
        return delinquency;
    }

    public LocalDate firstBusinessDate() {
        return firstBusinessDate;
    }

    public LocalDate latestBusinessDate() {
        return latestBusinessDate;
    }

    /** How many upstream events were folded in: the version of these facts. */
    public long observed() {
        return observed;
    }

    /** The invoice a purchase order turned into, if the ERP has invoiced it. */
    public Invoice invoiceNaming(String orderId) {
        for (Invoice invoice : invoices.values()) {
            if (orderId.equals(invoice.purchaseOrder)) {
                return invoice;
            }
        }
        return null;
    }

    /** The open disputed amount on one invoice, never more than what is open on it. */
    public BigDecimal disputedOn(Invoice invoice) {
        BigDecimal disputed = BigDecimal.ZERO;
        for (Dispute dispute : disputes.values()) {
            if (dispute.open) {
                disputed = disputed.add(dispute.invoices.getOrDefault(invoice.invoiceId, BigDecimal.ZERO));
            }
        }
        return invoice.open().signum() > 0 ? disputed.min(invoice.open()) : BigDecimal.ZERO;
    }

    /**
     * What is disputed and still open on each invoice, per currency: the sum of the open disputes' amounts on an
     * invoice, never more than the invoice's open amount (a disputed amount that has since been paid or credited
     * excludes nothing).
     */
    public Map<String, BigDecimal> disputedOpen() {
        Map<String, BigDecimal> perInvoice = new HashMap<>();
        for (Dispute dispute : disputes.values()) {
            if (dispute.open) {
                dispute.invoices.forEach((invoiceId, amount) -> perInvoice.merge(invoiceId, amount, BigDecimal::add));
            }
        }
        Map<String, BigDecimal> perCurrency = new LinkedHashMap<>();
        perInvoice.forEach((invoiceId, disputed) -> {
            Invoice invoice = invoices.get(invoiceId);
            if (invoice != null && invoice.open().signum() > 0) {
                perCurrency.merge(invoice.currency, disputed.min(invoice.open()), BigDecimal::add);
            }
        });
        return perCurrency;
    }
}
