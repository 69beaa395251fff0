package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.creditNote;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static io.ledgerline.receivables.domain.Samples.paymentWithReference;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract: records for one customer on different topics may arrive in any order, and the ledger must come out
 * the same. Every interleaving of the invoices topic with the payments topic is tried.
 */
class ArrivalOrderTest {

    @Test
    void every_interleaving_of_invoices_and_payments_ends_in_the_same_account() {
        List<IngestEvent> invoicesTopic = List.of(
                invoice("INV-1", "1250.00", "2026-10-01", "2026-10-31"),
                creditNote("CN-1", "300.00", "INV-1"),
                invoice("INV-2", "400.00", "2026-09-01", "2026-09-30"),
                invoice("INV-3", "75.50", "2026-10-05", "2026-11-04"));
        List<IngestEvent> paymentsTopic = List.of(
                payment("PAY-1", "1000.00", allocate("INV-1", "1000.00")),
                paymentWithReference("PAY-2", "75.50", "INV-3"),
                payment("PAY-3", "500.00"));

        List<List<IngestEvent>> orders = interleavings(invoicesTopic, paymentsTopic);
        assertThat(orders).hasSize(35);
        Account expected = fold(orders.getFirst());
        for (List<IngestEvent> order : orders) {
            Account account = fold(order);
            assertThat(account.sameLedgerAs(expected))
                    .as("arrival order %s gives%n%s%ninstead of%n%s", order.stream().map(IngestEvent::businessId).toList(),
                            account, expected)
                    .isTrue();
        }
        assertThat(expected.invoice("INV-1").openAmount()).isZero();
        assertThat(expected.invoice("INV-3").openAmount()).isZero();
    }

    private static Account fold(List<IngestEvent> order) {
        Account account = AccountDecider.initialState(Samples.CUSTOMER);
        for (IngestEvent input : order) {
            if (AccountDecider.decide(input, account) instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
            }
        }
        return account;
    }

    static <T> List<List<T>> interleavings(List<T> a, List<T> b) {
        List<List<T>> result = new ArrayList<>();
        interleave(a, 0, b, 0, new ArrayList<>(), result);
        return result;
    }

    private static <T> void interleave(List<T> a, int i, List<T> b, int j, List<T> prefix, List<List<T>> out) {
        if (i == a.size() && j == b.size()) {
            out.add(List.copyOf(prefix));
            return;
        }
        if (i < a.size()) {
            prefix.add(a.get(i));
            interleave(a, i + 1, b, j, prefix, out);
            prefix.removeLast();
        }
        if (j < b.size()) {
            prefix.add(b.get(j));
            interleave(a, i, b, j + 1, prefix, out);
            prefix.removeLast();
        }
    }
}
