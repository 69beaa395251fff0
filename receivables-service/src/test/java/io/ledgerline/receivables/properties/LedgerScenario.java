package io.ledgerline.receivables.properties;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One customer's contract inputs as the three ingest topics deliver them (each topic in its own order), plus two
 * cross-topic arrival orders and an as-of date. {@link #toString()} prints the inputs one per line in a short form, so
 * a shrunk counterexample can be read (and turned into an example test) without a debugger.
 *
 * @param order      which topic each arrival takes its next record from (0 customers, 1 invoices, 2 payments; an
 *                   exhausted topic passes to the next one); records left when the list ends follow topic by topic
 * @param otherOrder a second arrival order of the same records
 * @param asOf       a business date inside the year, for as-of views
 */
record LedgerScenario(String customerId, List<IngestEvent> customersTopic, List<IngestEvent> invoicesTopic,
                      List<IngestEvent> paymentsTopic, List<Integer> order, List<Integer> otherOrder, LocalDate asOf) {

    List<IngestEvent> arrival() {
        return interleave(order);
    }

    List<IngestEvent> otherArrival() {
        return interleave(otherOrder);
    }

    /**
     * Whether the contract itself lets arrival order decide: a remittance line in a foreign currency (refused only if
     * its invoice is already known), or a cancel of an invoice that a remittance line names (refused only if that
     * payment arrived first). A cancel of an invoice that only Ledgerline's own rules put money on is not: that money
     * moves, and the ledger comes out the same either way (ingest-v1, clarified 2026-12-01).
     */
    boolean orderSensitiveByContract() {
        java.util.Map<String, String> currencies = new java.util.HashMap<>();
        java.util.Set<String> cancelled = new java.util.HashSet<>();
        for (IngestEvent e : invoicesTopic) {
            if (e instanceof IngestEvent.InvoiceCancelled c) {
                cancelled.add(c.invoiceId());
            }
            if (e instanceof IngestEvent.InvoiceIssued i) {
                currencies.putIfAbsent(i.invoiceId(), i.currency());
            }
        }
        return paymentsTopic.stream().anyMatch(e -> e instanceof IngestEvent.PaymentReceived p && p.allocations() != null
                && p.allocations().stream().anyMatch(line -> cancelled.contains(line.invoiceId())
                || currencies.containsKey(line.invoiceId()) && !currencies.get(line.invoiceId()).equals(p.currency())));
    }

    /** Whether some invoice is cancelled: the property counts how often such scenarios are tried. */
    boolean hasCancel() {
        return invoicesTopic.stream().anyMatch(IngestEvent.InvoiceCancelled.class::isInstance);
    }

    int size() {
        return customersTopic.size() + invoicesTopic.size() + paymentsTopic.size();
    }

    private List<IngestEvent> interleave(List<Integer> choices) {
        List<List<IngestEvent>> topics = List.of(customersTopic, invoicesTopic, paymentsTopic);
        int[] next = new int[topics.size()];
        List<IngestEvent> arrival = new ArrayList<>(size());
        for (int choice : choices) {
            for (int k = 0; k < topics.size(); k++) {
                int topic = (choice + k) % topics.size();
                if (next[topic] < topics.get(topic).size()) {
                    arrival.add(topics.get(topic).get(next[topic]++));
                    break;
                }
            }
        }
        for (int topic = 0; topic < topics.size(); topic++) {
            arrival.addAll(topics.get(topic).subList(next[topic], topics.get(topic).size()));
        }
        return arrival;
    }

    @Override
    public String toString() {
        return "LedgerScenario " + customerId + ", as of " + asOf
                + "\n  customers: " + lines(customersTopic)
                + "\n  invoices:  " + lines(invoicesTopic)
                + "\n  payments:  " + lines(paymentsTopic)
                + "\n  arrival:       " + ids(arrival())
                + "\n  other arrival: " + ids(otherArrival());
    }

    private static String lines(List<IngestEvent> topic) {
        return topic.isEmpty() ? "-" : topic.stream().map(LedgerScenario::describe)
                .collect(Collectors.joining("\n             "));
    }

    private static String ids(List<IngestEvent> arrival) {
        return arrival.stream().map(LedgerScenario::tag).collect(Collectors.joining(" "));
    }

    /** A short name per input, so two arrival orders can be compared at a glance. */
    static String tag(IngestEvent input) {
        return switch (input) {
            case IngestEvent.CustomerUpdated c -> "cust:" + c.name();
            case IngestEvent.InvoiceCancelled c -> "cancel:" + c.invoiceId();
            case IngestEvent.PaymentReturned r -> "return:" + r.paymentId();
            default -> input.businessId();
        };
    }

    static String describe(IngestEvent input) {
        return switch (input) {
            case IngestEvent.CustomerUpdated c -> "customer " + c.name() + " " + c.countryCode() + " " + c.timeZone();
            case IngestEvent.InvoiceIssued i -> "invoice " + i.invoiceId() + " " + i.amount().toPlainString() + " "
                    + i.currency() + " issued " + i.issueDate() + " due " + i.dueDate();
            case IngestEvent.InvoiceCancelled c -> "cancel " + c.invoiceId() + " on " + c.cancelledDate() + " (" + c.reason() + ")";
            case IngestEvent.CreditNoteIssued c -> "credit " + c.creditNoteId() + " " + c.amount().toPlainString() + " "
                    + c.currency() + " on " + c.issueDate() + (c.invoiceId() == null ? "" : " for " + c.invoiceId());
            case IngestEvent.PaymentReceived p -> "payment " + p.paymentId() + " " + p.amount().toPlainString() + " "
                    + p.currency() + " on " + p.receivedDate() + " ref \"" + p.reference() + "\""
                    + (p.allocations() == null ? "" : " remit " + p.allocations().stream().map(LedgerScenario::line)
                    .collect(Collectors.joining(", ", "[", "]")));
            case IngestEvent.PaymentReturned r -> "return " + r.paymentId() + " on " + r.returnedDate() + " ("
                    + r.reasonCode() + ")";
        };
    }

    private static String line(PaymentAllocation allocation) {
        return allocation.invoiceId() + " " + allocation.amount().toPlainString();
    }
}
