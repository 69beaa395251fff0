package io.ledgerline.collections.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;

import java.util.List;

/**
 * One customer as collections sees it: the ledger copied from the other services' facts, and the case file of its
 * own decisions. Both are folds, so loading it is replaying the customer's facts and events.
 */
public final class CollectionAccount {

    private final Ledger ledger;
    private final CaseFile file;

    public CollectionAccount(String customerId) {
        this(new Ledger(customerId), new CaseFile(customerId));
    }

    private CollectionAccount(Ledger ledger, CaseFile file) {
        this.ledger = ledger;
        this.file = file;
    }

    public static CollectionAccount replay(String customerId, List<? extends DomainEvent> facts,
                                           List<CollectionsEvent> events) {
        CollectionAccount account = new CollectionAccount(customerId);
        facts.forEach(account::absorb);
        events.forEach(account::evolve);
        return account;
    }

    public String customerId() {
        return ledger.customerId;
    }

    public Ledger ledger() {
        return ledger;
    }

    public CaseFile file() {
        return file;
    }

    public void absorb(DomainEvent fact) {
        ledger.absorb(fact);
    }

    public void evolve(CollectionsEvent event) {
        file.evolve(event);
    }

    public boolean isEmpty() {
        return !ledger.knowsCustomer() && file.cases.isEmpty();
    }

    public CollectionAccount copy() {
        return new CollectionAccount(ledger.copy(), file.copy());
    }
}
