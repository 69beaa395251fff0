package io.ledgerline.disputes.domain;

import io.ledgerline.events.disputes.DisputesEvent;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** given(events).when(command).then(events) for the dispute decider. */
final class DisputeScenario {

    private final DisputePolicy policy;
    private Dispute state = Dispute.NONE;
    private Decision decision;

    private DisputeScenario(DisputePolicy policy) {
        this.policy = policy;
    }

    static DisputeScenario given(DisputesEvent... history) {
        return given(DisputePolicy.DEFAULT, history);
    }

    static DisputeScenario given(DisputePolicy policy, DisputesEvent... history) {
        DisputeScenario scenario = new DisputeScenario(policy);
        scenario.state = Dispute.replay(Arrays.asList(history));
        return scenario;
    }

    DisputeScenario when(DisputeCommand command) {
        decision = DisputeDecider.decide(command, state, policy);
        return this;
    }

    List<DisputesEvent> events() {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted) decision).events();
    }

    void then(DisputesEvent... expected) {
        assertThat(events()).containsExactly(expected);
    }

    void thenNothing() {
        assertThat(events()).isEmpty();
    }

    Rejection rejected() {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        return ((Decision.Rejected) decision).rejection();
    }

    void thenRejected(String code, String field) {
        Rejection r = rejected();
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.field()).isEqualTo(field);
    }

    Dispute stateAfter() {
        Dispute after = state;
        for (DisputesEvent e : events()) {
            after = after.evolve(e);
        }
        return after;
    }
}
