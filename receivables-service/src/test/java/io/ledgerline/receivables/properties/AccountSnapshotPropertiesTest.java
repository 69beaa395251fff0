package io.ledgerline.receivables.properties;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property 8: an account's JSON form (what a stream snapshot holds) gives back exactly the account: every field, the
 * arrival history the decider reads included, and the order of its entries. Checked on whole histories (contract
 * inputs and people's commands), so a snapshot taken anywhere in a stream decides everything after it exactly as the
 * account folded from the first event would.
 */
class AccountSnapshotPropertiesTest {

    private static final int TRIES = 300;

    @Provide
    Arbitrary<LedgerHistories.History> histories() {
        return LedgerHistories.histories();
    }

    @Property(tries = TRIES)
    void the_json_form_of_a_folded_account_reads_back_to_the_same_account(
            @ForAll("histories") LedgerHistories.History history) {
        LedgerHistories.Run run = LedgerHistories.run(AccountDecider.initialState(history.customerId()), history.actions());
        Account folded = AccountDecider.replay(history.customerId(), run.events());
        String json = folded.toJson();

        Account back = Account.fromJson(json);

        assertThat(back).isEqualTo(folded);
        // toJson writes every field, in order (hash maps sorted): equal text is the same state, history included.
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(folded.toJson()).as("the live account and its fold").isEqualTo(run.account().toJson());
        // The generator's health: a good share of histories reach each part of the state people's commands fill.
        for (String kind : List.of("InvoiceWrittenOff", "WriteOffRequested", "PaymentUnapplied",
                "CashApplicationPolicyChanged", "AccountDelinquent")) {
            boolean has = run.events().stream().anyMatch(e -> e.getClass().getSimpleName().equals(kind));
            Statistics.label(kind).collect(has);
            Statistics.label(kind).coverage(c -> c.check(true).percentage(p -> p >= 5));
        }
    }

    @Property(tries = TRIES)
    void deciding_from_a_snapshot_anywhere_is_deciding_from_the_first_event(
            @ForAll("histories") LedgerHistories.History history, @ForAll @IntRange(min = 0, max = 100) int splitPercent) {
        List<Object> actions = history.actions();
        int split = actions.size() * splitPercent / 100;
        LedgerHistories.Run before = LedgerHistories.run(AccountDecider.initialState(history.customerId()),
                actions.subList(0, split));

        Account snapshot = Account.fromJson(before.account().toJson());
        LedgerHistories.Run fromSnapshot = LedgerHistories.run(snapshot, actions.subList(split, actions.size()));
        LedgerHistories.Run straight = LedgerHistories.run(before.account(), actions.subList(split, actions.size()));

        assertThat(fromSnapshot.decisions()).isEqualTo(straight.decisions());
        assertThat(fromSnapshot.events()).isEqualTo(straight.events());
        assertThat(fromSnapshot.account().toJson()).isEqualTo(straight.account().toJson());
        List<ReceivablesEvent> all = new java.util.ArrayList<>(before.events());
        all.addAll(straight.events());
        assertThat(fromSnapshot.account().toJson())
                .isEqualTo(AccountDecider.replay(history.customerId(), all).toJson());
    }
}
