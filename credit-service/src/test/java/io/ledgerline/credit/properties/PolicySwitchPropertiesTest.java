package io.ledgerline.credit.properties;

import io.ledgerline.credit.domain.Policies;
import io.ledgerline.credit.domain.PolicyLog;
import io.ledgerline.events.common.Actor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of proposals, switches and rejections by random people: a change is in force only if it was
 * switched on by someone other than its proposer, and the policy in force is always the configuration with exactly
 * the switched-on changes applied in order.
 */
class PolicySwitchPropertiesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final List<Actor> PEOPLE = List.of(new Actor("kim", List.of("credit-analyst")),
            new Actor("ines", List.of("credit-manager")), new Actor("olaf", List.of("credit-manager")));

    @Property(tries = 300)
    void no_change_is_ever_in_force_without_a_second_person(@ForAll long seed,
                                                           @ForAll @IntRange(min = 1, max = 40) int steps) {
        Random random = new Random(seed);
        Map<String, String> configured = Policies.defaultSettings();
        List<PolicyLog.Event> log = new ArrayList<>();
        Map<String, Actor> proposer = new HashMap<>();
        for (int step = 0; step < steps; step++) {
            PolicyLog.State state = PolicyLog.evolve(configured, log);
            Actor who = PEOPLE.get(random.nextInt(PEOPLE.size()));
            String id = "P-" + random.nextInt(6);
            PolicyLog.Command command = switch (random.nextInt(3)) {
                case 0 -> new PolicyLog.Propose(id, Map.of("orders.expiry-days", Integer.toString(1 + random.nextInt(90))),
                        "why not", TODAY, who);
                case 1 -> new PolicyLog.SwitchOn(id, "tested", TODAY, who);
                default -> new PolicyLog.Reject(id, "no", TODAY, who);
            };
            if (PolicyLog.decide(command, state) instanceof PolicyLog.Recorded recorded) {
                for (PolicyLog.Event event : recorded.events()) {
                    if (event instanceof PolicyLog.PolicyProposed p) {
                        proposer.put(p.proposalId(), p.by());
                    }
                    log.add(event);
                }
            }
        }
        // Every switch was made by someone other than who proposed it, and the policy in force is made of them only.
        String expiry = configured.get("orders.expiry-days");
        for (PolicyLog.Event event : log) {
            if (event instanceof PolicyLog.PolicySwitchedOn s) {
                assertThat(s.by().subject()).isNotEqualTo(proposer.get(s.proposalId()).subject());
                assertThat(s.proposedBy()).isEqualTo(proposer.get(s.proposalId()));
                expiry = s.changes().get("orders.expiry-days");
            }
        }
        PolicyLog.State end = PolicyLog.evolve(configured, log);
        assertThat(end.policy().orders().expiryDays()).isEqualTo(Integer.parseInt(expiry));
        end.proposals().values().forEach(p -> {
            if (p.status() == PolicyLog.ProposalStatus.SWITCHED_ON) {
                assertThat(p.decided().by().subject()).isNotEqualTo(p.proposed().by().subject());
            }
        });
    }
}
