package io.ledgerline.credit.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given/when/then for one customer's credit: given what other services reported and what credit recorded, when a
 * command (or more upstream events) arrives, then these events are recorded, or this rejection.
 */
final class CreditScenario {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Actor ANALYST = new Actor("analyst.kim", List.of("credit-analyst"));
    static final Actor OTHER_ANALYST = new Actor("analyst.lee", List.of("credit-analyst"));
    static final Actor MANAGER = new Actor("manager.ines", List.of("credit-manager"));

    final String customerId;
    final CreditPolicy policy;
    final CustomerCredit credit;
    CreditDecider.GroupContext group;
    List<CreditEvent> recorded = List.of();
    Rejection rejection;

    private CreditScenario(String customerId, CreditPolicy policy) {
        this.customerId = customerId;
        this.policy = policy;
        this.credit = new CustomerCredit(customerId);
    }

    static CreditScenario customer(String customerId) {
        return new CreditScenario(customerId, Policies.defaults());
    }

    static CreditScenario customer(String customerId, CreditPolicy policy) {
        return new CreditScenario(customerId, policy);
    }

    static Upstream upstream(DomainEvent event) {
        String area = EventTypes.areaOf(event.getClass());
        return new Upstream(new EventReference(area + "-service", UUID.randomUUID().toString(),
                "io.ledgerline." + area + "." + event.getClass().getSimpleName() + ".v1"), event);
    }

    /** Other services' events, folded in (and whatever credit decided on them recorded too). */
    CreditScenario given(DomainEvent... events) {
        List<Upstream> consumed = new ArrayList<>();
        for (DomainEvent e : events) {
            consumed.add(upstream(e));
        }
        CreditDecider.observe(credit, consumed, policy, TODAY);
        return this;
    }

    /** Credit's own past decisions. */
    CreditScenario givenCredit(CreditEvent... events) {
        for (CreditEvent e : events) {
            credit.file().evolve(e);
        }
        return this;
    }

    /** Earlier commands, which must have been accepted. */
    CreditScenario givenCommand(CreditCommand command) {
        Decision decision = CreditDecider.handle(command, credit, group, policy);
        assertThat(decision).as("given %s", command).isInstanceOf(Decision.Accepted.class);
        return this;
    }

    CreditScenario when(CreditCommand command) {
        switch (CreditDecider.handle(command, credit, group, policy)) {
            case Decision.Accepted a -> {
                recorded = a.events();
                rejection = null;
            }
            case Decision.Rejected r -> {
                recorded = List.of();
                rejection = r.rejection();
            }
        }
        return this;
    }

    CreditScenario whenUpstream(DomainEvent... events) {
        List<Upstream> consumed = new ArrayList<>();
        for (DomainEvent e : events) {
            consumed.add(upstream(e));
        }
        recorded = CreditDecider.observe(credit, consumed, policy, TODAY);
        rejection = null;
        return this;
    }

    @SuppressWarnings("unchecked")
    <E extends CreditEvent> E the(Class<E> type) {
        List<CreditEvent> found = recorded.stream().filter(type::isInstance).toList();
        assertThat(found).as("%s among %s", type.getSimpleName(), recorded).hasSize(1);
        return (E) found.getFirst();
    }

    List<Class<?>> types() {
        return recorded.stream().<Class<?>>map(Object::getClass).toList();
    }

    Exposure exposure() {
        return Exposure.of(credit, policy, TODAY, "EUR");
    }
}
