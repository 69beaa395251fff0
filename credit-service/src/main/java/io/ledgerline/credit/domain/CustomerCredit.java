package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent;

import java.util.List;

/**
 * One customer as credit sees it: the facts the other services reported ({@link UpstreamFacts}) and credit's own file
 * ({@link CreditFile}). Decisions read both; each changes only by folding its own kind of event.
 */
public final class CustomerCredit {

    private final String customerId;
    private final UpstreamFacts facts;
    private final CreditFile file;

    public CustomerCredit(String customerId) {
        this(customerId, new UpstreamFacts(), new CreditFile(customerId));
    }

    public CustomerCredit(String customerId, UpstreamFacts facts, CreditFile file) {
        this.customerId = customerId;
        this.facts = facts;
        this.file = file;
    }

    public static CustomerCredit replay(String customerId, List<Upstream> upstream, List<CreditEvent> events) {
        CustomerCredit credit = new CustomerCredit(customerId);
        upstream.forEach(credit.facts::observe);
        events.forEach(credit.file::evolve);
        return credit;
    }

    /** An independent copy, to decide on without touching this one until the decision is committed. */
    public CustomerCredit copy() {
        return new CustomerCredit(customerId, facts.copy(), file.copy());
    }

    public String customerId() {
        return customerId;
    }

    public UpstreamFacts facts() {
        return facts;
    }

    public CreditFile file() {
        return file;
    }

    /** Nothing is known of this customer, neither from other services nor from credit's own decisions. */
    public boolean unknown() {
        return facts.observed() == 0 && file.isEmpty();
    }
}
