package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given/when/then for the account decider: a test reads as the business rule it checks. */
final class AccountScenario {

    private final Account state;
    private final LedgerRules rules;
    private Decision decision;

    private AccountScenario(Account state, LedgerRules rules) {
        this.state = state;
        this.rules = rules;
    }

    /** The account after these inputs (contract events or ledger commands) were each decided and folded in. */
    static AccountScenario given(Object... history) {
        return givenUnder(LedgerRules.DEFAULT, history);
    }

    static AccountScenario givenUnder(LedgerRules rules, Object... history) {
        Account account = AccountDecider.initialState(Samples.CUSTOMER);
        for (Object input : history) {
            Decision d = decide(input, account, rules);
            assertThat(d).as("given %s", input).isInstanceOf(Decision.Accepted.class);
            ((Decision.Accepted) d).events().forEach(account::evolve);
        }
        return new AccountScenario(account, rules);
    }

    private static Decision decide(Object input, Account account, LedgerRules rules) {
        return switch (input) {
            case IngestEvent e -> AccountDecider.decide(e, account, rules);
            case LedgerCommand c -> AccountDecider.decide(c, account, rules);
            default -> throw new IllegalArgumentException("not an input: " + input);
        };
    }

    AccountScenario when(Object input) {
        Account before = state.copy();
        decision = decide(input, state, rules);
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

    /** The state as given, before any {@code when}. */
    Account thenStateAfterNothing() {
        return state.copy();
    }

    /** The state after the decision's events, for assertions on balances. */
    Account thenState() {
        Account after = state.copy();
        events().forEach(after::evolve);
        return after;
    }
}
