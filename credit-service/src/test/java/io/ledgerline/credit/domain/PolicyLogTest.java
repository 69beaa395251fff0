package io.ledgerline.credit.domain;

import io.ledgerline.credit.domain.PolicyLog.Command;
import io.ledgerline.credit.domain.PolicyLog.Event;
import io.ledgerline.credit.domain.PolicyLog.ExchangeRatesImported;
import io.ledgerline.credit.domain.PolicyLog.ImportRates;
import io.ledgerline.credit.domain.PolicyLog.PolicyProposalRejected;
import io.ledgerline.credit.domain.PolicyLog.PolicyProposed;
import io.ledgerline.credit.domain.PolicyLog.PolicySwitchedOn;
import io.ledgerline.credit.domain.PolicyLog.Propose;
import io.ledgerline.credit.domain.PolicyLog.Recorded;
import io.ledgerline.credit.domain.PolicyLog.Refused;
import io.ledgerline.credit.domain.PolicyLog.Reject;
import io.ledgerline.credit.domain.PolicyLog.SwitchOn;
import io.ledgerline.events.common.Actor;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Given the policy log so far, when a command comes, then these events (or this refusal). */
class PolicyLogTest {

    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    static final Actor ANA = new Actor("analyst.kim", List.of("credit-analyst"));
    static final Actor INES = new Actor("manager.ines", List.of("credit-manager"));
    static final Actor OLAF = new Actor("manager.olaf", List.of("credit-manager"));

    private final List<Event> log = new ArrayList<>();

    private PolicyLogTest given(Event... events) {
        log.addAll(List.of(events));
        return this;
    }

    private PolicyLog.Outcome when(Command command) {
        return PolicyLog.decide(command, state());
    }

    private PolicyLog.State state() {
        return PolicyLog.evolve(Policies.defaultSettings(), log);
    }

    private static List<Event> recorded(PolicyLog.Outcome outcome) {
        assertThat(outcome).isInstanceOf(Recorded.class);
        return ((Recorded) outcome).events();
    }

    private static Rejection refused(PolicyLog.Outcome outcome) {
        assertThat(outcome).isInstanceOf(Refused.class);
        return ((Refused) outcome).rejection();
    }

    static PolicyProposed proposed(String id, Map<String, String> changes, Actor by) {
        return new PolicyProposed(id, changes, "stricter past due", TODAY, by);
    }

    @Nested
    class Proposals {

        @Test
        void a_valid_change_is_proposed_and_changes_nothing_yet() {
            var events = recorded(when(new Propose("P-1", Map.of("ledgerline.credit.rules.past-due.days", "15"),
                    "stricter", TODAY, ANA)));
            assertThat(events).containsExactly(new PolicyProposed("P-1", Map.of("rules.past-due.days", "15"),
                    "stricter", TODAY, ANA));
            given(events.toArray(Event[]::new));
            assertThat(state().policy().rules().pastDueDays()).isEqualTo(30);
        }

        @Test
        void a_change_that_makes_no_policy_is_refused_naming_the_setting() {
            Rejection r = refused(when(new Propose("P-1", Map.of("rules.past-due.days", "soon"), "x", TODAY, ANA)));
            assertThat(r.kind()).isEqualTo(Rejection.Kind.INVALID);
            assertThat(r.field()).isEqualTo("changes.rules.past-due.days");
        }

        @Test
        void only_policy_settings_can_be_proposed() {
            Rejection r = refused(when(new Propose("P-1", Map.of("files.cache-size", "5"), "x", TODAY, ANA)));
            assertThat(r.code()).isEqualTo("NOT_A_POLICY_SETTING");
            assertThat(r.field()).isEqualTo("changes.files.cache-size");
        }

        @Test
        void the_same_proposal_again_records_nothing_and_another_under_its_id_is_a_conflict() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), ANA));
            assertThat(recorded(when(new Propose("P-1", Map.of("rules.past-due.days", "15"), "x", TODAY, ANA))))
                    .isEmpty();
            assertThat(refused(when(new Propose("P-1", Map.of("rules.past-due.days", "20"), "x", TODAY, ANA))).code())
                    .isEqualTo("PROPOSAL_ID_IN_USE");
        }
    }

    @Nested
    class SwitchingOn {

        @Test
        void a_second_person_switches_it_on_and_the_policy_in_force_changes() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), ANA));
            var events = recorded(when(new SwitchOn("P-1", "tested with the what-if", TODAY, INES)));
            assertThat(events).singleElement().isInstanceOfSatisfying(PolicySwitchedOn.class, s -> {
                assertThat(s.by()).isEqualTo(INES);
                assertThat(s.proposedBy()).isEqualTo(ANA);
                assertThat(s.policyName()).isEqualTo("default-2026-12 + P-1");
            });
            given(events.toArray(Event[]::new));
            assertThat(state().policy().rules().pastDueDays()).isEqualTo(15);
            assertThat(state().policy().name()).isEqualTo("default-2026-12 + P-1");
            assertThat(state().proposals().get("P-1").status()).isEqualTo(PolicyLog.ProposalStatus.SWITCHED_ON);
        }

        @Test
        void the_proposer_can_never_switch_on_their_own_proposal() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), INES));
            Rejection r = refused(when(new SwitchOn("P-1", "mine", TODAY, INES)));
            assertThat(r.code()).isEqualTo("FOUR_EYES");
            assertThat(r.kind()).isEqualTo(Rejection.Kind.REFUSED);
        }

        @Test
        void a_rejected_proposal_cannot_be_switched_on_and_an_unknown_one_is_not_found() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), ANA),
                    new PolicyProposalRejected("P-1", "too strict", TODAY, OLAF));
            assertThat(refused(when(new SwitchOn("P-1", "anyway", TODAY, INES))).code())
                    .isEqualTo("PROPOSAL_NOT_PENDING");
            assertThat(refused(when(new SwitchOn("P-9", "x", TODAY, INES))).kind())
                    .isEqualTo(Rejection.Kind.NOT_FOUND);
        }

        @Test
        void switches_apply_in_order_the_later_winning() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), ANA),
                    new PolicySwitchedOn("P-1", Map.of("rules.past-due.days", "15"), "p1", "ok", TODAY, INES, ANA),
                    proposed("P-2", Map.of("rules.past-due.days", "45", "orders.expiry-days", "10"), ANA),
                    new PolicySwitchedOn("P-2", Map.of("rules.past-due.days", "45", "orders.expiry-days", "10"), "p2",
                            "ok", TODAY, OLAF, ANA));
            assertThat(state().policy().rules().pastDueDays()).isEqualTo(45);
            assertThat(state().policy().orders().expiryDays()).isEqualTo(10);
            assertThat(state().policy().name()).isEqualTo("p2");
        }

        @Test
        void rejecting_a_pending_proposal_records_who_and_why() {
            given(proposed("P-1", Map.of("rules.past-due.days", "15"), ANA));
            assertThat(recorded(when(new Reject("P-1", "too strict", TODAY, INES))))
                    .containsExactly(new PolicyProposalRejected("P-1", "too strict", TODAY, INES));
        }
    }

    @Nested
    class ExchangeRates {

        static ImportRates rates(String id, LocalDate rateDate, String usd) {
            return new ImportRates(id, "EUR", rateDate, Map.of("USD", new BigDecimal(usd), "GBP",
                    new BigDecimal("1.15")), "ECB", TODAY, INES);
        }

        @Test
        void imported_rates_replace_the_configured_table_and_convert_exposure() {
            var events = recorded(when(rates("FX-1", TODAY, "0.95")));
            assertThat(events).singleElement().isInstanceOf(ExchangeRatesImported.class);
            given(events.toArray(Event[]::new));
            Fx fx = state().policy().fx();
            assertThat(fx.rateDate()).isEqualTo(TODAY);
            assertThat(fx.convert(new BigDecimal("100.00"), "USD", "EUR").converted()).isEqualByComparingTo("95.00");
            // A currency the import does not name has no rate any more.
            assertThat(fx.knows("CHF")).isFalse();
        }

        @Test
        void older_rates_are_recorded_but_do_not_replace_newer_ones() {
            given(new ExchangeRatesImported("FX-2", "EUR", TODAY, Map.of("USD", new BigDecimal("0.95")), "ECB", TODAY,
                    INES));
            var events = recorded(when(rates("FX-1", TODAY.minusDays(3), "0.90")));
            given(events.toArray(Event[]::new));
            assertThat(state().policy().fx().rate("USD", "EUR")).isEqualByComparingTo("0.95");
            assertThat(state().imports()).containsKeys("FX-1", "FX-2");
        }

        @Test
        void bad_imports_are_refused_naming_the_field() {
            assertThat(refused(when(rates("FX-1", TODAY.plusDays(1), "0.95"))).field()).isEqualTo("rateDate");
            assertThat(refused(when(rates("FX-1", TODAY, "-1"))).field()).isEqualTo("rates.USD");
            assertThat(refused(when(new ImportRates("FX-1", "USD", TODAY, Map.of("EUR", BigDecimal.ONE), "x", TODAY,
                    INES))).field()).isEqualTo("base");
            assertThat(refused(when(new ImportRates("FX-1", "EUR", TODAY, Map.of("usd", BigDecimal.ONE), "x", TODAY,
                    INES))).code()).isEqualTo("INVALID_CURRENCY");
        }

        @Test
        void the_same_import_again_records_nothing_and_other_content_under_its_id_is_a_conflict() {
            given(recorded(when(rates("FX-1", TODAY, "0.95"))).toArray(Event[]::new));
            assertThat(recorded(when(rates("FX-1", TODAY, "0.950")))).isEmpty();
            assertThat(refused(when(rates("FX-1", TODAY, "0.96"))).code()).isEqualTo("IMPORT_ID_IN_USE");
        }
    }
}
