package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer statement for a period: per currency the opening balance, every movement that changed what the customer
 * owes (in business-date order), the closing balance, and the aging at the period's end. Applications move money
 * between items but not the balance, so they are not movements here.
 */
public record Statement(String customerId, LocalDate from, LocalDate to, List<CurrencyStatement> currencies,
                        Aging.Report aging, List<DisputedItem> disputes) {

    /**
     * An invoice part disputed at the period's end (flows.md §2): still owed and in the balance, shown so the
     * customer sees their dispute is known. Credits granted for disputes appear as CREDIT_NOTE movements.
     */
    public record DisputedItem(String invoiceId, String disputeId, String currency, BigDecimal amount) {
    }

    /** {@code amount} is signed: positive raises what the customer owes (debit), negative lowers it (credit). */
    public record Movement(LocalDate date, String type, String reference, String description, BigDecimal amount,
                           BigDecimal balance) {
    }

    public record CurrencyStatement(String currency, BigDecimal openingBalance, List<Movement> movements,
                                    BigDecimal closingBalance) {
    }

    private record Change(LocalDate date, String currency, String type, String reference, String description,
                          BigDecimal amount) {
    }

    public static Statement of(String customerId, List<ReceivablesEvent> history, LocalDate from, LocalDate to,
                               Aging.Buckets buckets) {
        return of(customerId, history, from, to, new LedgerRules(0, Map.of(), buckets));
    }

    /** The statement with the texts {@code rules} gives a customer for write-offs (its reason catalogue). */
    public static Statement of(String customerId, List<ReceivablesEvent> history, LocalDate from, LocalDate to,
                               LedgerRules rules) {
        Aging.Buckets buckets = rules.buckets();
        Map<String, BigDecimal> opening = new TreeMap<>();
        Map<String, List<Change>> within = new TreeMap<>();
        for (Change change : changes(history, rules)) {
            if (change.date().isBefore(from)) {
                opening.merge(change.currency(), change.amount(), BigDecimal::add);
            } else if (!change.date().isAfter(to)) {
                within.computeIfAbsent(change.currency(), c -> new ArrayList<>()).add(change);
                opening.putIfAbsent(change.currency(), Currencies.normalize(BigDecimal.ZERO, change.currency()));
            }
        }
        List<CurrencyStatement> currencies = new ArrayList<>();
        opening.forEach((currency, open) -> {
            List<Change> changes = within.getOrDefault(currency, List.of()).stream()
                    .sorted(java.util.Comparator.comparing(Change::date)).toList();
            BigDecimal balance = open;
            List<Movement> movements = new ArrayList<>();
            for (Change c : changes) {
                balance = balance.add(c.amount());
                movements.add(new Movement(c.date(), c.type(), c.reference(), c.description(), c.amount(), balance));
            }
            currencies.add(new CurrencyStatement(currency, open, movements, balance));
        });
        Account atEnd = BusinessDate.accountAsOf(customerId, history, to);
        List<DisputedItem> disputes = new ArrayList<>();
        for (Account.Invoice invoice : atEnd.invoices()) {
            atEnd.marks().on(invoice.id()).forEach((disputeId, amount) ->
                    disputes.add(new DisputedItem(invoice.id(), disputeId, invoice.currency(), amount)));
        }
        return new Statement(customerId, from, to, currencies, Aging.of(atEnd, to, Aging.Basis.DUE_DATE, buckets),
                List.copyOf(disputes));
    }

    /**
     * What each event does to the balance, if anything. A cancellation takes back what its invoice had asked for.
     * Descriptions are what the customer may read: their invoice's description, their payment's reference, the ERP's
     * credit-note reason; never a clerk's internal note on an adjustment, write-off or reversal, nor a bank's return
     * reason. A write-off says its reason code's customer text from the catalogue.
     */
    private static List<Change> changes(List<ReceivablesEvent> history, LedgerRules rules) {
        Map<String, ReceivablesEvent.InvoiceIssued> invoices = new java.util.HashMap<>();
        List<Change> changes = new ArrayList<>();
        for (ReceivablesEvent event : history) {
            switch (event) {
                case ReceivablesEvent.InvoiceIssued e -> {
                    invoices.put(e.invoiceId(), e);
                    changes.add(new Change(e.issueDate(), e.currency(), "INVOICE", e.invoiceId(), e.description(), e.amount()));
                }
                case ReceivablesEvent.InvoiceCancelled e -> {
                    var invoice = invoices.get(e.invoiceId());
                    changes.add(new Change(e.cancelledDate(), invoice.currency(), "CANCELLATION", e.invoiceId(),
                            "Invoice cancelled", invoice.amount().negate()));
                }
                case ReceivablesEvent.CreditNoteIssued e -> changes.add(new Change(e.issueDate(), e.currency(),
                        "CREDIT_NOTE", e.creditNoteId(), e.reason(), e.amount().negate()));
                case ReceivablesEvent.PaymentReceived e -> changes.add(new Change(e.receivedDate(), e.currency(),
                        "PAYMENT", e.paymentId(), e.reference(), e.amount().negate()));
                case ReceivablesEvent.PaymentReturned e -> changes.add(new Change(e.returnedDate(), e.currency(),
                        "PAYMENT_RETURNED", e.paymentId(), "Payment returned", e.amount()));
                case ReceivablesEvent.InvoiceAdjusted e -> changes.add(new Change(e.adjustedDate(), e.currency(),
                        "ADJUSTMENT", e.invoiceId(), e.amount().signum() > 0 ? "Invoice amount increased"
                        : "Invoice amount reduced", e.amount()));
                case ReceivablesEvent.InvoiceWrittenOff e -> changes.add(new Change(e.writtenOffDate(), e.currency(),
                        "WRITE_OFF", e.invoiceId(), e.automatic() && e.reasonCode() == null
                        ? rules.customerTextOf("SMALL_BALANCE") : rules.customerTextOf(e.reasonCode()),
                        e.amount().negate()));
                case ReceivablesEvent.InvoiceWriteOffReversed e -> changes.add(new Change(e.reversedDate(), e.currency(),
                        "WRITE_OFF_REVERSED", e.invoiceId(), "Write-off reversed", e.amount()));
                default -> {
                    // Applications, master data, policy and delinquency do not change what is owed.
                }
            }
        }
        return changes;
    }

    /** The statement as CSV for a spreadsheet: one line per movement, with opening and closing lines per currency. */
    public String toCsv() {
        StringBuilder csv = new StringBuilder("currency,date,type,reference,description,debit,credit,balance\n");
        for (CurrencyStatement c : currencies) {
            csv.append(c.currency()).append(',').append(from).append(",OPENING_BALANCE,,,,,")
                    .append(c.openingBalance().toPlainString()).append('\n');
            for (Movement m : c.movements()) {
                boolean debit = m.amount().signum() > 0;
                csv.append(c.currency()).append(',').append(m.date()).append(',').append(m.type()).append(',')
                        .append(cell(m.reference())).append(',').append(cell(m.description())).append(',')
                        .append(debit ? m.amount().toPlainString() : "").append(',')
                        .append(debit ? "" : m.amount().negate().toPlainString()).append(',')
                        .append(m.balance().toPlainString()).append('\n');
            }
            csv.append(c.currency()).append(',').append(to).append(",CLOSING_BALANCE,,,,,")
                    .append(c.closingBalance().toPlainString()).append('\n');
        }
        // Disputed parts at the period's end: no debit or credit (they are in the balance already), the amount in
        // the description.
        for (DisputedItem d : disputes) {
            csv.append(d.currency()).append(',').append(to).append(",DISPUTED,").append(cell(d.invoiceId()))
                    .append(',').append(cell("dispute " + d.disputeId() + ": " + d.amount().toPlainString() + " "
                            + d.currency() + " disputed")).append(",,,\n");
        }
        return csv.toString();
    }

    /**
     * The characters a spreadsheet program may read as the start of a formula or command (OWASP CSV injection): = + -
     * @, TAB and CR, LF, and their full-width forms (＝ ＋ － ＠), which some programs normalise to the ASCII ones.
     */
    private static final String FORMULA_STARTS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";

    /**
     * RFC 4180 quoting, and a leading apostrophe against spreadsheet formula injection from free text. Leading
     * spaces do not hide a trigger: some programs trim them before deciding whether a cell is a formula.
     */
    static String cell(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.stripLeading();
        boolean formula = !trimmed.isEmpty() && FORMULA_STARTS.indexOf(trimmed.charAt(0)) >= 0
                || !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0;
        String safe = formula ? "'" + text : text;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
