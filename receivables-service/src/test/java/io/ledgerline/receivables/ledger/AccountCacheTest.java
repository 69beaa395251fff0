package io.ledgerline.receivables.ledger;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.ledger.AccountRepository.Loaded;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Ingest's cache is bounded by accounts and by the documents they hold, least recently used out first. */
class AccountCacheTest {

    private final List<String> evicted = new ArrayList<>();

    @Test
    void the_documents_bound_evicts_the_least_recently_used_accounts() {
        AccountCache cache = new AccountCache(100, 25, evicted::add);
        cache.put("A", loaded("A", 10));   // weight 11 (the account counts one)
        cache.put("B", loaded("B", 10));   // 22
        assertThat(cache.get("A")).isNotNull(); // A is now the most recently used
        cache.put("C", loaded("C", 5));    // 28 > 25: B, the least recently used, goes
        assertThat(evicted).containsExactly("B");
        assertThat(cache.get("B")).isNull();
        assertThat(cache.documents()).isEqualTo(17);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void an_account_put_again_is_weighed_again() {
        AccountCache cache = new AccountCache(100, 1_000, evicted::add);
        cache.put("A", loaded("A", 3));
        assertThat(cache.documents()).isEqualTo(4);
        cache.put("A", loaded("A", 8));
        assertThat(cache.documents()).isEqualTo(9);
        cache.remove("A");
        assertThat(cache.documents()).isZero();
        assertThat(cache.size()).isZero();
        assertThat(evicted).isEmpty();
    }

    @Test
    void the_count_bound_still_holds() {
        AccountCache cache = new AccountCache(2, 1_000, evicted::add);
        cache.put("A", loaded("A", 1));
        cache.put("B", loaded("B", 1));
        cache.put("C", loaded("C", 1));
        assertThat(evicted).containsExactly("A");
        assertThat(cache.size()).isEqualTo(2);
    }

    private static Loaded loaded(String customerId, int invoices) {
        Account account = new Account(customerId);
        for (int i = 0; i < invoices; i++) {
            account.evolve(new ReceivablesEvent.InvoiceIssued(customerId, "INV-" + i, LocalDate.of(2026, 10, 1),
                    LocalDate.of(2026, 10, 31), "EUR", new BigDecimal("10.00"), null, null));
        }
        return new Loaded(account, invoices);
    }
}
