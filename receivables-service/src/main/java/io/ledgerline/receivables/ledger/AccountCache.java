package io.ledgerline.receivables.ledger;

import io.ledgerline.receivables.ledger.AccountRepository.Loaded;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Ingest's cache of accounts, most recently used kept, bounded by the number of accounts and by the documents they
 * hold (invoices, payments, credit notes): an account's memory grows with its documents (about 1 KB each with what
 * cash application derives from them, see the module README's sizing rule), so a count of accounts alone says
 * nothing about the heap it takes. An account's weight is taken when it is put (ingest changes cached accounts in
 * place, and puts them again after every commit), so the total lags by at most one poll's new documents.
 * Not thread-safe: the repository guards it.
 */
final class AccountCache {

    private final int maxAccounts;
    private final long maxDocuments;
    private final Consumer<String> evicted;
    private final LinkedHashMap<String, Loaded> accounts = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, Integer> weights = new HashMap<>();
    private long documents;

    AccountCache(int maxAccounts, long maxDocuments, Consumer<String> evicted) {
        this.maxAccounts = Math.max(maxAccounts, 0);
        this.maxDocuments = Math.max(maxDocuments, 0);
        this.evicted = evicted;
    }

    Loaded get(String customerId) {
        return accounts.get(customerId);
    }

    /** Keeps the account as the most recent, then evicts the least recently used ones beyond either bound. */
    void put(String customerId, Loaded loaded) {
        accounts.put(customerId, loaded);
        int weight = weightOf(loaded);
        Integer before = weights.put(customerId, weight);
        documents += weight - (before == null ? 0 : before);
        Iterator<Map.Entry<String, Loaded>> eldest = accounts.entrySet().iterator();
        while ((accounts.size() > maxAccounts || documents > maxDocuments) && eldest.hasNext()) {
            String id = eldest.next().getKey();
            eldest.remove();
            Integer w = weights.remove(id);
            documents -= w == null ? 0 : w;
            evicted.accept(id);
        }
    }

    void remove(String customerId) {
        if (accounts.remove(customerId) != null) {
            Integer w = weights.remove(customerId);
            documents -= w == null ? 0 : w;
        }
    }

    int size() {
        return accounts.size();
    }

    /** The documents of the accounts kept, as weighed when each was put. */
    long documents() {
        return documents;
    }

    private static int weightOf(Loaded loaded) {
        // One for the account itself, so that empty accounts still count.
        return 1 + loaded.account().documentCount();
    }
}
