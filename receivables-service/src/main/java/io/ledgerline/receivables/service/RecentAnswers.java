package io.ledgerline.receivables.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest answer kept per customer, the most recently used up to a capacity (0 keeps none), for reads that are
 * answered again while what they were made from has not changed: the caller keeps the answer with whatever tells it
 * so (a version, a request's key) and checks that on each read. Thread-safe.
 */
final class RecentAnswers<A> {

    private final int capacity;
    private final Map<String, A> byCustomer;

    RecentAnswers(int capacity) {
        this.capacity = capacity;
        this.byCustomer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, A> eldest) {
                return size() > RecentAnswers.this.capacity;
            }
        };
    }

    synchronized A get(String customerId) {
        return byCustomer.get(customerId);
    }

    synchronized void put(String customerId, A answer) {
        if (capacity > 0) {
            byCustomer.put(customerId, answer);
        }
    }
}
