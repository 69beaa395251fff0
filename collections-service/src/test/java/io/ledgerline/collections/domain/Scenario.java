package io.ledgerline.collections.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Given/when/then for the collections decider: facts go through {@link CollectionsDecider#onFact} as the consumer
 * would feed them, commands and runs record what they decide, and {@link #recorded()} is everything so far.
 */
public final class Scenario {

    private final Policy policy;
    private final CollectionAccount account = new CollectionAccount(Facts.CUSTOMER);
    private final List<CollectionsEvent> recorded = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final CollectionsDecider.IdSource idSource = prefix -> prefix + "-" + ids.incrementAndGet();

    public Scenario(Policy policy) {
        this.policy = policy;
    }

    public static Scenario given(Policy policy, DomainEvent... facts) {
        Scenario scenario = new Scenario(policy);
        for (DomainEvent fact : facts) {
            scenario.fact(fact);
        }
        return scenario;
    }

    public List<CollectionsEvent> fact(DomainEvent fact) {
        account.absorb(fact);
        return record(CollectionsDecider.onFact(fact, new EventReference("test", "f-" + ids.incrementAndGet(),
                fact.getClass().getSimpleName()), account, policy, idSource));
    }

    public List<CollectionsEvent> run(LocalDate asOf) {
        return record(CollectionsDecider.run(asOf, asOf.atTime(12, 0).toInstant(ZoneOffset.UTC), account, policy,
                idSource));
    }

    public Decision command(CaseCommand command, LocalDate today, Actor by) {
        return command(command, today, today.atTime(10, 0).toInstant(ZoneOffset.UTC), by);
    }

    public Decision command(CaseCommand command, LocalDate today, Instant now, Actor by) {
        Decision decision = CollectionsDecider.decide(command, account, policy,
                new CollectionsDecider.Context(today, now, by, idSource));
        if (decision instanceof Decision.Accepted accepted) {
            record(accepted.events());
        }
        return decision;
    }

    /** The events of an accepted command; fails the test if it was rejected. */
    public List<CollectionsEvent> accepted(CaseCommand command, LocalDate today, Actor by) {
        Decision decision = command(command, today, by);
        if (decision instanceof Decision.Rejected rejected) {
            throw new AssertionError("expected the command to be accepted, but: " + rejected.rejection());
        }
        return ((Decision.Accepted) decision).events();
    }

    public Rejection rejected(CaseCommand command, LocalDate today, Actor by) {
        return rejected(command, today, today.atTime(10, 0).toInstant(ZoneOffset.UTC), by);
    }

    public Rejection rejected(CaseCommand command, LocalDate today, Instant now, Actor by) {
        Decision decision = command(command, today, now, by);
        if (decision instanceof Decision.Rejected rejected) {
            return rejected.rejection();
        }
        throw new AssertionError("expected a rejection, but got " + ((Decision.Accepted) decision).events());
    }

    private List<CollectionsEvent> record(List<CollectionsEvent> events) {
        events.forEach(account::evolve);
        recorded.addAll(events);
        return events;
    }

    public List<CollectionsEvent> recorded() {
        return recorded;
    }

    public CollectionAccount account() {
        return account;
    }

    public String openCaseId() {
        return account.file().openCase().caseId;
    }

    @SuppressWarnings("unchecked")
    public static <T extends CollectionsEvent> List<T> only(List<CollectionsEvent> events, Class<T> type) {
        return (List<T>) events.stream().filter(type::isInstance).toList();
    }
}
