package io.ledgerline.collections.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What collections knows of one customer from the other services' topics: master data and contacts, the invoices
 * with what is open on each, the money received and where it went, delinquency as receivables last said it, and the
 * risk class from credit. Every amount is a sum of dated movements, so the same facts give the same ledger whatever
 * order they arrived in across topics.
 */
public final class Ledger {

    /** One invoice as receivables keeps it; open = amount + adjustments − applied − written off (0 once cancelled). */
    public static final class Item {
        public final String invoiceId;
        public LocalDate issueDate;
        public LocalDate dueDate;
        public String currency;
        public BigDecimal amount = BigDecimal.ZERO;
        public BigDecimal adjustments = BigDecimal.ZERO;
        public BigDecimal applied = BigDecimal.ZERO;
        public BigDecimal writtenOff = BigDecimal.ZERO;
        public boolean cancelled;

        Item(String invoiceId) {
            this.invoiceId = invoiceId;
        }

        public BigDecimal open() {
            if (cancelled) {
                return BigDecimal.ZERO;
            }
            return amount.add(adjustments).subtract(applied).subtract(writtenOff).max(BigDecimal.ZERO);
        }

        Item copy() {
            Item c = new Item(invoiceId);
            c.issueDate = issueDate;
            c.dueDate = dueDate;
            c.currency = currency;
            c.amount = amount;
            c.adjustments = adjustments;
            c.applied = applied;
            c.writtenOff = writtenOff;
            c.cancelled = cancelled;
            return c;
        }
    }

    /** Money of the customer: a payment or a credit note, and how much of it is not applied to an invoice. */
    public static final class Source {
        public final SourceKind kind;
        public final String sourceId;
        public String currency;
        public BigDecimal amount = BigDecimal.ZERO;
        public BigDecimal applied = BigDecimal.ZERO;
        public boolean returned;

        Source(SourceKind kind, String sourceId) {
            this.kind = kind;
            this.sourceId = sourceId;
        }

        public BigDecimal unapplied() {
            return returned ? BigDecimal.ZERO : amount.subtract(applied).max(BigDecimal.ZERO);
        }

        Source copy() {
            Source c = new Source(kind, sourceId);
            c.currency = currency;
            c.amount = amount;
            c.applied = applied;
            c.returned = returned;
            return c;
        }
    }

    /** One application (positive) or its reversal (negative) of money to an invoice, on a date. */
    public record Application(SourceKind kind, String sourceId, String invoiceId, String currency, BigDecimal amount,
                              LocalDate date) {
    }

    public final String customerId;
    public String name;
    public String countryCode;
    public String timeZone;
    public List<Contact> contacts = List.of();
    public String riskClass;
    /** As receivables said it last (by as-of date): null when cured or never delinquent. */
    public ReceivablesEvent.AccountDelinquent delinquency;
    public LocalDate curedAsOf;
    private final Map<String, Item> items = new LinkedHashMap<>();
    private final Map<String, Source> sources = new HashMap<>();
    private final List<Application> applications = new ArrayList<>();

    public Ledger(String customerId) {
        this.customerId = customerId;
    }

    public Collection<Item> items() {
        return items.values();
    }

    public Item item(String invoiceId) {
        return items.get(invoiceId);
    }

    public List<Application> applications() {
        return applications;
    }

    /** Unapplied cash and credits per currency: money the customer has already sent that no invoice took yet. */
    public Map<String, BigDecimal> unappliedByCurrency() {
        Map<String, BigDecimal> byCurrency = new TreeMap<>();
        for (Source source : sources.values()) {
            if (source.currency != null && source.unapplied().signum() > 0) {
                byCurrency.merge(source.currency, source.unapplied(), BigDecimal::add);
            }
        }
        return byCurrency;
    }

    public boolean knowsCustomer() {
        return name != null || !items.isEmpty();
    }

    /** Folds one fact from receivables, credit or disputes; facts this ledger has no use for change nothing. */
    public void absorb(DomainEvent fact) {
        switch (fact) {
            case ReceivablesEvent.CustomerUpdated e -> {
                name = e.name();
                countryCode = e.countryCode();
                timeZone = e.timeZone();
                contacts = e.contacts() == null ? List.of() : List.copyOf(e.contacts());
            }
            case ReceivablesEvent.InvoiceIssued e -> {
                Item item = items.computeIfAbsent(e.invoiceId(), Item::new);
                item.issueDate = e.issueDate();
                item.dueDate = e.dueDate();
                item.currency = e.currency();
                item.amount = e.amount();
            }
            case ReceivablesEvent.InvoiceCancelled e -> items.computeIfAbsent(e.invoiceId(), Item::new).cancelled = true;
            case ReceivablesEvent.InvoiceAdjusted e -> {
                Item item = items.computeIfAbsent(e.invoiceId(), Item::new);
                item.adjustments = item.adjustments.add(e.amount());
            }
            case ReceivablesEvent.InvoiceWrittenOff e -> {
                Item item = items.computeIfAbsent(e.invoiceId(), Item::new);
                item.writtenOff = item.writtenOff.add(e.amount());
            }
            case ReceivablesEvent.InvoiceWriteOffReversed e -> {
                Item item = items.computeIfAbsent(e.invoiceId(), Item::new);
                item.writtenOff = item.writtenOff.subtract(e.amount());
            }
            case ReceivablesEvent.PaymentReceived e -> {
                Source source = source(SourceKind.PAYMENT, e.paymentId());
                source.currency = e.currency();
                source.amount = e.amount();
            }
            case ReceivablesEvent.CreditNoteIssued e -> {
                Source source = source(SourceKind.CREDIT_NOTE, e.creditNoteId());
                source.currency = e.currency();
                source.amount = e.amount();
            }
            case ReceivablesEvent.PaymentReturned e -> source(SourceKind.PAYMENT, e.paymentId()).returned = true;
            case ReceivablesEvent.PaymentApplied e -> move(e.sourceKind(), e.sourceId(), e.invoiceId(), e.currency(),
                    e.amount(), e.appliedDate());
            case ReceivablesEvent.PaymentUnapplied e -> move(e.sourceKind(), e.sourceId(), e.invoiceId(), e.currency(),
                    e.amount().negate(), e.unappliedDate());
            case ReceivablesEvent.AccountDelinquent e -> {
                if (latest(e.asOf())) {
                    delinquency = e;
                    curedAsOf = null;
                }
            }
            case ReceivablesEvent.AccountCured e -> {
                if (latest(e.asOf())) {
                    delinquency = null;
                    curedAsOf = e.asOf();
                }
            }
            case CreditEvent.RiskClassChanged e -> riskClass = e.newRiskClass();
            case CreditEvent.CreditDecisionMade e -> {
                if (e.riskClass() != null) {
                    riskClass = e.riskClass();
                }
            }
            default -> {
                // Disputes become holds (the decider's business); other facts are not needed here.
            }
        }
    }

    /** Delinquency news on or after the last we know of wins: receivables decides it as of dates that only grow. */
    private boolean latest(LocalDate asOf) {
        LocalDate known = delinquency != null ? delinquency.asOf() : curedAsOf;
        return known == null || !asOf.isBefore(known);
    }

    private Source source(SourceKind kind, String id) {
        return sources.computeIfAbsent(kind + ":" + id, k -> new Source(kind, id));
    }

    private void move(SourceKind kind, String sourceId, String invoiceId, String currency, BigDecimal amount,
                      LocalDate date) {
        Item item = items.computeIfAbsent(invoiceId, Item::new);
        item.applied = item.applied.add(amount);
        Source source = source(kind, sourceId);
        source.applied = source.applied.add(amount);
        if (source.currency == null) {
            source.currency = currency;
        }
        applications.add(new Application(kind, sourceId, invoiceId, currency, amount, date));
    }

    /** Past-due amount per currency as receivables last said it (empty when cured). */
    public BigDecimal pastDueTotal() {
        if (delinquency == null) {
            return BigDecimal.ZERO;
        }
        return delinquency.pastDueAmounts().stream().map(ReceivablesEvent.CurrencyAmount::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    public Ledger copy() {
        Ledger c = new Ledger(customerId);
        c.name = name;
        c.countryCode = countryCode;
        c.timeZone = timeZone;
        c.contacts = contacts;
        c.riskClass = riskClass;
        c.delinquency = delinquency;
        c.curedAsOf = curedAsOf;
        items.forEach((k, v) -> c.items.put(k, v.copy()));
        sources.forEach((k, v) -> c.sources.put(k, v.copy()));
        c.applications.addAll(applications);
        return c;
    }
}
