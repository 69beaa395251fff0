package io.ledgerline.reporting.properties;

import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small receivables ledger that publishes the events receivables does, keeping receivables' rules as far as its
 * events carry them: money is applied only up to what the invoice has open and the payment or credit note has left,
 * a cancel only when no money is applied (receivables refuses it otherwise), a return after the payment's
 * applications are undone, adjustments never below zero, write-offs out of what is open. Business dates never go
 * back, so the ledger as of a date is the ledger after the steps of that date. Amounts are cents.
 *
 * <p>Its own open amounts per currency are what receivables' account would say; reporting must say the same from the
 * events alone, in whatever order they come.
 */
final class LedgerModel {

    /** One operation, chosen by {@code kind}; {@code a}, {@code b} pick documents, {@code permille} an amount. */
    record Seed(int kind, int a, int b, int permille, int days) {
    }

    /** The events of one step and the day they are dated. */
    record Step(LocalDate date, List<ReceivablesEvent> events) {
    }

    static final List<String> CURRENCIES = List.of("EUR", "USD");

    private final String customer;
    private LocalDate today;
    private final Map<String, Invoice> invoices = new LinkedHashMap<>();
    private final Map<String, Source> sources = new LinkedHashMap<>();
    /** Net applied cents per (source id, invoice id). */
    private final Map<String, Map<String, Long>> applied = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<WriteOff> writeOffs = new ArrayList<>();
    private int sequence;

    private static final class Invoice {
        final String id;
        final String currency;
        long open;
        boolean cancelled;

        Invoice(String id, String currency, long open) {
            this.id = id;
            this.currency = currency;
            this.open = open;
        }
    }

    private static final class Source {
        final String id;
        final SourceKind kind;
        final String currency;
        final long amount;
        long unapplied;
        boolean returned;

        Source(String id, SourceKind kind, String currency, long amount) {
            this.id = id;
            this.kind = kind;
            this.currency = currency;
            this.amount = amount;
            this.unapplied = amount;
        }
    }

    private record WriteOff(String id, String invoiceId, String currency, long amount, boolean[] reversed) {
    }

    LedgerModel(String customer, LocalDate start) {
        this.customer = customer;
        this.today = start;
    }

    static LedgerModel run(String customer, LocalDate start, List<Seed> seeds) {
        LedgerModel model = new LedgerModel(customer, start);
        seeds.forEach(model::apply);
        return model;
    }

    List<Step> steps() {
        return steps;
    }

    LocalDate lastDate() {
        return today;
    }

    /** The open amount per currency as of the end of {@code date}: the model replayed up to that day. */
    static Map<String, BigDecimal> openAsOf(String customer, LocalDate start, List<Seed> seeds, LocalDate date) {
        LedgerModel model = new LedgerModel(customer, start);
        for (Seed seed : seeds) {
            if (model.today.plusDays(seed.days()).isAfter(date)) {
                break;
            }
            model.apply(seed);
        }
        return model.open();
    }

    Map<String, BigDecimal> open() {
        Map<String, Long> cents = new TreeMap<>();
        invoices.values().stream().filter(i -> !i.cancelled && i.open != 0)
                .forEach(i -> cents.merge(i.currency, i.open, Long::sum));
        Map<String, BigDecimal> open = new TreeMap<>();
        cents.forEach((currency, c) -> open.put(currency, BigDecimal.valueOf(c, 2)));
        return open;
    }

    Map<String, BigDecimal> unapplied() {
        Map<String, Long> cents = new TreeMap<>();
        sources.values().stream().filter(s -> !s.returned && s.unapplied != 0)
                .forEach(s -> cents.merge(s.currency, s.unapplied, Long::sum));
        Map<String, BigDecimal> unapplied = new TreeMap<>();
        cents.forEach((currency, c) -> unapplied.put(currency, BigDecimal.valueOf(c, 2)));
        return unapplied;
    }

    private void apply(Seed seed) {
        today = today.plusDays(seed.days());
        List<ReceivablesEvent> events = new ArrayList<>();
        switch (Math.floorMod(seed.kind(), 9)) {
            case 0, 1 -> issue(seed, events);
            case 2 -> receive(seed, events, SourceKind.PAYMENT);
            case 3 -> receive(seed, events, SourceKind.CREDIT_NOTE);
            case 4 -> applyMoney(seed, events);
            case 5 -> unapply(seed, events);
            case 6 -> adjustOrWriteOff(seed, events);
            case 7 -> cancel(seed, events);
            default -> returnOrReverse(seed, events);
        }
        if (!events.isEmpty()) {
            steps.add(new Step(today, events));
        }
    }

    private void issue(Seed seed, List<ReceivablesEvent> events) {
        String id = "I" + (++sequence);
        String currency = CURRENCIES.get(Math.floorMod(seed.a(), CURRENCIES.size()));
        long cents = 100 + Math.floorMod(seed.permille() * 997L, 500_000);
        invoices.put(id, new Invoice(id, currency, cents));
        events.add(new ReceivablesEvent.InvoiceIssued(customer, id, today, today.plusDays(Math.floorMod(seed.b(), 61)),
                currency, money(cents), null, null));
    }

    private void receive(Seed seed, List<ReceivablesEvent> events, SourceKind kind) {
        String id = (kind == SourceKind.PAYMENT ? "P" : "N") + (++sequence);
        String currency = CURRENCIES.get(Math.floorMod(seed.a(), CURRENCIES.size()));
        long cents = 100 + Math.floorMod(seed.permille() * 7919L, 300_000);
        sources.put(id, new Source(id, kind, currency, cents));
        events.add(kind == SourceKind.PAYMENT
                ? new ReceivablesEvent.PaymentReceived(customer, id, today, currency, money(cents), PaymentMethod.SEPA,
                "ref " + id, List.of())
                : new ReceivablesEvent.CreditNoteIssued(customer, id, today, currency, money(cents), null, "credit"));
    }

    private void applyMoney(Seed seed, List<ReceivablesEvent> events) {
        List<Source> withMoney = sources.values().stream().filter(s -> !s.returned && s.unapplied > 0).toList();
        if (withMoney.isEmpty()) {
            return;
        }
        Source source = withMoney.get(Math.floorMod(seed.a(), withMoney.size()));
        List<Invoice> open = invoices.values().stream()
                .filter(i -> !i.cancelled && i.open > 0 && i.currency.equals(source.currency)).toList();
        if (open.isEmpty()) {
            return;
        }
        Invoice invoice = open.get(Math.floorMod(seed.b(), open.size()));
        long cents = part(Math.min(source.unapplied, invoice.open), seed.permille());
        source.unapplied -= cents;
        invoice.open -= cents;
        applied.computeIfAbsent(source.id, s -> new HashMap<>()).merge(invoice.id, cents, Long::sum);
        events.add(new ReceivablesEvent.PaymentApplied(customer, source.kind, source.id, invoice.id, source.currency,
                money(cents), today, ApplicationRule.OLDEST_FIRST));
    }

    private void unapply(Seed seed, List<ReceivablesEvent> events) {
        List<Map.Entry<String, Map.Entry<String, Long>>> applications = new ArrayList<>();
        applied.forEach((source, byInvoice) -> byInvoice.forEach((invoice, cents) -> {
            if (cents > 0) {
                applications.add(Map.entry(source, Map.entry(invoice, cents)));
            }
        }));
        if (applications.isEmpty()) {
            return;
        }
        var chosen = applications.get(Math.floorMod(seed.a(), applications.size()));
        undo(sources.get(chosen.getKey()), invoices.get(chosen.getValue().getKey()),
                part(chosen.getValue().getValue(), seed.permille()), events);
    }

    private void undo(Source source, Invoice invoice, long cents, List<ReceivablesEvent> events) {
        source.unapplied += cents;
        invoice.open += cents;
        applied.get(source.id).merge(invoice.id, -cents, Long::sum);
        events.add(new ReceivablesEvent.PaymentUnapplied(customer, source.kind, source.id, invoice.id,
                source.currency, money(cents), today, "moved"));
    }

    private void adjustOrWriteOff(Seed seed, List<ReceivablesEvent> events) {
        List<Invoice> live = invoices.values().stream().filter(i -> !i.cancelled).toList();
        if (live.isEmpty()) {
            return;
        }
        Invoice invoice = live.get(Math.floorMod(seed.a(), live.size()));
        if (seed.b() % 2 == 0) {
            // Raise by up to 50.00, or lower by part of what is open.
            long cents = seed.permille() % 2 == 0 ? 1 + seed.permille() * 5L : -part(invoice.open, seed.permille());
            if (cents == 0 || invoice.open + cents < 0) {
                return;
            }
            invoice.open += cents;
            events.add(new ReceivablesEvent.InvoiceAdjusted(customer, invoice.id, "ADJ" + (++sequence),
                    invoice.currency, money(cents), today, "adjusted", "clerk"));
        } else if (invoice.open > 0) {
            long cents = part(invoice.open, seed.permille());
            invoice.open -= cents;
            String id = "W" + (++sequence);
            writeOffs.add(new WriteOff(id, invoice.id, invoice.currency, cents, new boolean[1]));
            events.add(new ReceivablesEvent.InvoiceWrittenOff(customer, invoice.id, id, invoice.currency, money(cents),
                    today, "small balance", "sam", false, "SUPERVISOR", "SMALL_BALANCE"));
        }
    }

    private void cancel(Seed seed, List<ReceivablesEvent> events) {
        List<Invoice> cancellable = invoices.values().stream().filter(i -> !i.cancelled)
                .filter(i -> applied.values().stream().noneMatch(m -> m.getOrDefault(i.id, 0L) > 0)).toList();
        if (cancellable.isEmpty()) {
            return;
        }
        Invoice invoice = cancellable.get(Math.floorMod(seed.a(), cancellable.size()));
        invoice.cancelled = true;
        events.add(new ReceivablesEvent.InvoiceCancelled(customer, invoice.id, today, "ordered by mistake"));
    }

    private void returnOrReverse(Seed seed, List<ReceivablesEvent> events) {
        if (seed.b() % 2 == 0) {
            List<Source> payments = sources.values().stream()
                    .filter(s -> s.kind == SourceKind.PAYMENT && !s.returned).toList();
            if (payments.isEmpty()) {
                return;
            }
            Source payment = payments.get(Math.floorMod(seed.a(), payments.size()));
            applied.getOrDefault(payment.id, Map.of()).forEach((invoiceId, cents) -> {
                if (cents > 0) {
                    undo(payment, invoices.get(invoiceId), cents, events);
                }
            });
            payment.returned = true;
            events.add(new ReceivablesEvent.PaymentReturned(customer, payment.id, today, payment.currency,
                    money(payment.amount), "AC04", "account closed"));
        } else {
            List<WriteOff> reversible = writeOffs.stream()
                    .filter(w -> !w.reversed()[0] && !invoices.get(w.invoiceId()).cancelled).toList();
            if (reversible.isEmpty()) {
                return;
            }
            WriteOff writeOff = reversible.get(Math.floorMod(seed.a(), reversible.size()));
            writeOff.reversed()[0] = true;
            invoices.get(writeOff.invoiceId()).open += writeOff.amount();
            events.add(new ReceivablesEvent.InvoiceWriteOffReversed(customer, writeOff.invoiceId(), writeOff.id(),
                    writeOff.currency(), money(writeOff.amount()), today, "paid after all", "sam"));
        }
    }

    /** Between 1 cent and all of {@code cents}. */
    private static long part(long cents, int permille) {
        return Math.max(1, Math.min(cents, cents * (1 + Math.floorMod(permille, 1000)) / 1000));
    }

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
