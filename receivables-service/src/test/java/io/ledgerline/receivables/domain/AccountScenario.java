package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given/when/then for the account decider: a test reads as the business rule it checks. */
final class AccountScenario {

    private final Account state;
    private Decision decision;

    private AccountScenario(Account state) {
        this.state = state;
    }

    /** The account after these inputs were each decided and their events folded in. */
    static AccountScenario given(IngestEvent... history) {
        Account account = AccountDecider.initialState(history.length == 0 ? "C-1" : history[0].customerId());
        for (IngestEvent input : history) {
            Decision d = AccountDecider.decide(input, account);
            assertThat(d).as("given %s", input).isInstanceOf(Decision.Accepted.class);
            ((Decision.Accepted) d).events().forEach(account::evolve);
        }
        return new AccountScenario(account);
    }

    AccountScenario when(IngestEvent input) {
        Account before = state.copy();
        decision = AccountDecider.decide(input, state);
        assertThat(state).as("decide must not change the state it was given").isEqualTo(before);
        return this;
    }

    AccountScenario then(ReceivablesEvent... expected) {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        assertThat(((Decision.Accepted) decision).events()).containsExactly(expected);
        return this;
    }

    List<ReceivablesEvent> events() {
        assertThat(decision).isInstanceOf(Decision.Accepted.class);
        return ((Decision.Accepted) decision).events();
    }

    void thenNothingHappens() {
        then();
    }

    void thenRejected(String code, String field) {
        assertThat(decision).isInstanceOf(Decision.Rejected.class);
        Rejection rejection = ((Decision.Rejected) decision).rejection();
        assertThat(rejection.code()).isEqualTo(code);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.detail()).isNotBlank();
    }

    /** The state after the decision's events, for assertions on balances. */
    Account thenState() {
        Account after = state.copy();
        events().forEach(after::evolve);
        return after;
    }
}
