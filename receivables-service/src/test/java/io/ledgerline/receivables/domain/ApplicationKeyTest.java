package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.receivables.domain.Account.ApplicationKey;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long account's applications are keyed by (payment, invoice) pairs with numbered ids; with the record's generated
 * hash they collided by the hundred (one account's 2,100 keys gave 550 hashes) and every lookup walked a tree.
 */
class ApplicationKeyTest {

    @Test
    void numbered_payments_applied_to_numbered_invoices_keep_apart() {
        Set<ApplicationKey> keys = new HashSet<>();
        Set<Integer> hashes = new HashSet<>();
        for (int payment = 0; payment < 60; payment++) {
            for (int invoice = payment; invoice < payment + 35; invoice++) {
                ApplicationKey key = new ApplicationKey(SourceKind.PAYMENT,
                        String.format("PAY-run1-%05d-%04d", 17, payment), String.format("INV-run1-%05d-%04d", 17, invoice));
                keys.add(key);
                hashes.add(key.hashCode());
            }
        }
        assertThat(keys).hasSize(2_100);
        assertThat(hashes.size()).as("distinct hashes of 2,100 keys").isGreaterThanOrEqualTo(2_090);
    }

    @Test
    void equal_keys_hash_alike_and_the_kind_tells_a_payment_from_a_credit_note() {
        ApplicationKey payment = new ApplicationKey(SourceKind.PAYMENT, "X-1", "INV-1");
        assertThat(payment).isEqualTo(new ApplicationKey(SourceKind.PAYMENT, "X-1", "INV-1"));
        assertThat(payment.hashCode()).isEqualTo(new ApplicationKey(SourceKind.PAYMENT, "X-1", "INV-1").hashCode());
        assertThat(payment).isNotEqualTo(new ApplicationKey(SourceKind.CREDIT_NOTE, "X-1", "INV-1"));
        assertThat(payment.hashCode()).isNotEqualTo(new ApplicationKey(SourceKind.CREDIT_NOTE, "X-1", "INV-1").hashCode());
    }
}
