package io.ledgerline.collections.domain;

import io.ledgerline.collections.domain.CaseFile.LoggedContact;
import io.ledgerline.collections.domain.ContactRules.Attempt;
import io.ledgerline.collections.domain.ContactRules.Purpose;
import io.ledgerline.collections.domain.ContactRules.Violation;
import io.ledgerline.collections.domain.Policy.ContactPack;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Regulation F (12 CFR 1006) rules of the US consumer pack, case by case from the rule text, in the consumer's
 * time zone: New York, including the days its clocks change (2026-03-08 and 2026-11-01).
 */
class RegulationFTest {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final Policy.ContactRuleSettings SETTINGS = Policies.standard().contactRules();

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(NEW_YORK).toInstant();
    }

    static LoggedContact call(String at, ContactOutcome outcome) {
        return new LoggedContact("c-" + at, "CASE-1", ContactChannel.PHONE, ContactDirection.OUTBOUND, outcome,
                local(at), null, null, Facts.COLLECTOR);
    }

    static List<String> rules(Attempt attempt, List<LoggedContact> history, boolean cease, Set<ContactChannel> optedOut) {
        return ContactRules.check(ContactPack.US_REG_F, SETTINGS, attempt, history, cease, optedOut,
                NEW_YORK.getId()).stream().map(Violation::rule).toList();
    }

    static List<String> callAt(String localTime, List<LoggedContact> history) {
        return rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND, local(localTime), null), history,
                false, Set.of());
    }

    @Nested
    class InconvenientTimes {
        @ParameterizedTest(name = "{0} local → {1}")
        @CsvSource({
                "2026-06-10T07:59, refused",
                "2026-06-10T08:00, allowed",
                "2026-06-10T21:00, allowed",
                "2026-06-10T21:01, refused",
                // Spring forward: 02:00 EST becomes 03:00 EDT.
                "2026-03-08T07:59, refused",
                "2026-03-08T08:00, allowed",
                "2026-03-08T21:00, allowed",
                "2026-03-08T21:01, refused",
                // Fall back: 02:00 EDT becomes 01:00 EST.
                "2026-11-01T07:59, refused",
                "2026-11-01T08:00, allowed",
                "2026-11-01T21:00, allowed",
                "2026-11-01T21:01, refused"})
        void calls_only_from_8_to_21_in_the_consumers_zone(String at, String verdict) {
            List<String> rules = callAt(at, List.of());
            if (verdict.equals("refused")) {
                assertThat(rules).containsExactly(ContactRules.REG_F_INCONVENIENT_TIME);
            } else {
                assertThat(rules).isEmpty();
            }
        }

        @Test
        void the_same_utc_instant_is_allowed_or_not_depending_on_the_day_of_the_dst_change() {
            // 12:30Z is 07:30 EST on the Saturday before spring forward, and 08:30 EDT on the Sunday itself.
            Instant saturday = Instant.parse("2026-03-07T12:30:00Z");
            Instant sunday = Instant.parse("2026-03-08T12:30:00Z");
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND, saturday, null), List.of(),
                    false, Set.of())).containsExactly(ContactRules.REG_F_INCONVENIENT_TIME);
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND, sunday, null), List.of(),
                    false, Set.of())).isEmpty();
            // 01:30Z on the day of fall back is 21:30 EDT of the evening before; 01:30Z a day later is 20:30 EST.
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND,
                    Instant.parse("2026-11-01T01:30:00Z"), null), List.of(), false, Set.of()))
                    .containsExactly(ContactRules.REG_F_INCONVENIENT_TIME);
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND,
                    Instant.parse("2026-11-02T01:30:00Z"), null), List.of(), false, Set.of())).isEmpty();
        }

        @Test
        void emails_are_timed_too_but_letters_are_not() {
            assertThat(rules(new Attempt(ContactChannel.EMAIL, ContactDirection.OUTBOUND, local("2026-06-10T22:00"),
                    null), List.of(), false, Set.of())).containsExactly(ContactRules.REG_F_INCONVENIENT_TIME);
            assertThat(rules(new Attempt(ContactChannel.LETTER, ContactDirection.OUTBOUND, local("2026-06-10T22:00"),
                    null), List.of(), false, Set.of())).isEmpty();
        }
    }

    @Nested
    class SevenInSeven {
        private List<LoggedContact> attempts(LocalDate first, int count) {
            List<LoggedContact> history = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                history.add(call(first.plusDays(i % 7) + "T1" + (i % 10) + ":00", ContactOutcome.NO_ANSWER));
            }
            return history;
        }

        @Test
        void the_eighth_attempt_within_seven_days_is_refused() {
            List<LoggedContact> seven = attempts(LocalDate.of(2026, 6, 1), 7);
            assertThat(callAt("2026-06-07T18:00", seven)).containsExactly(ContactRules.REG_F_7_IN_7);
            assertThat(callAt("2026-06-07T18:00", seven.subList(0, 6))).isEmpty();
        }

        @Test
        void attempts_older_than_seven_consecutive_days_no_longer_count() {
            // Seven attempts on June 1: June 8 is the eighth day, outside the window that began June 1.
            List<LoggedContact> onJuneFirst = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                onJuneFirst.add(call("2026-06-01T1" + i + ":00", ContactOutcome.NO_ANSWER));
            }
            assertThat(callAt("2026-06-07T12:00", onJuneFirst)).containsExactly(ContactRules.REG_F_7_IN_7);
            assertThat(callAt("2026-06-08T12:00", onJuneFirst)).isEmpty();
        }

        @Test
        void a_call_logged_late_counts_with_the_calls_made_after_it() {
            // Seven attempts on June 2; a call made on June 1, logged afterwards, makes eight within June 1..7.
            List<LoggedContact> onJuneSecond = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                onJuneSecond.add(call("2026-06-02T1" + i + ":00", ContactOutcome.NO_ANSWER));
            }
            assertThat(callAt("2026-06-01T12:00", onJuneSecond)).containsExactly(ContactRules.REG_F_7_IN_7);
            // May 26's seven days end on June 1: none of them.
            assertThat(callAt("2026-05-26T12:00", onJuneSecond)).isEmpty();
        }

        @Test
        void days_are_counted_in_the_consumers_zone_across_the_dst_change() {
            // Seven evening attempts at 20:30 New York time from Sunday 2026-03-08 (clocks spring forward) to 03-14:
            // in UTC each falls on the next day (00:30Z), so a UTC count would see all seven in 03-09..03-15.
            List<LoggedContact> evenings = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                evenings.add(call(LocalDate.of(2026, 3, 8).plusDays(i) + "T20:30", ContactOutcome.NO_ANSWER));
            }
            assertThat(callAt("2026-03-14T20:59", evenings)).containsExactly(ContactRules.REG_F_7_IN_7);
            // Local days 03-09..03-15 hold six of them: the morning of 03-15 is allowed.
            assertThat(callAt("2026-03-15T08:00", evenings)).isEmpty();
        }
    }

    @Nested
    class AfterAConversation {
        @Test
        void no_call_within_seven_days_after_a_telephone_conversation() {
            List<LoggedContact> talked = List.of(call("2026-06-01T10:00", ContactOutcome.REACHED));
            assertThat(callAt("2026-06-01T15:00", talked)).containsExactly(ContactRules.REG_F_AFTER_CONVERSATION);
            assertThat(callAt("2026-06-07T20:00", talked)).containsExactly(ContactRules.REG_F_AFTER_CONVERSATION);
            assertThat(callAt("2026-06-08T08:00", talked)).isEmpty();
        }

        @Test
        void a_call_that_reached_no_one_is_no_conversation() {
            assertThat(callAt("2026-06-02T10:00", List.of(call("2026-06-01T10:00", ContactOutcome.NO_ANSWER),
                    call("2026-06-01T11:00", ContactOutcome.LEFT_MESSAGE)))).isEmpty();
        }

        @Test
        void the_seven_days_are_local_days_over_the_fall_back_change() {
            List<LoggedContact> talked = List.of(call("2026-10-26T20:30", ContactOutcome.REACHED));
            assertThat(callAt("2026-11-01T20:59", talked)).containsExactly(ContactRules.REG_F_AFTER_CONVERSATION);
            assertThat(callAt("2026-11-02T08:00", talked)).isEmpty();
        }
    }

    @Nested
    class CeaseAndOptOuts {
        @Test
        void after_a_cease_request_only_the_permitted_written_notices() {
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND, local("2026-06-10T10:00"),
                    null), List.of(), true, Set.of())).containsExactly(ContactRules.REG_F_CEASE);
            assertThat(rules(new Attempt(ContactChannel.LETTER, ContactDirection.OUTBOUND, local("2026-06-10T10:00"),
                    null), List.of(), true, Set.of())).containsExactly(ContactRules.REG_F_CEASE);
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.OUTBOUND, local("2026-06-10T10:00"),
                    Purpose.TERMINATION_NOTICE), List.of(), true, Set.of())).containsExactly(ContactRules.REG_F_CEASE);
            for (Purpose purpose : Purpose.values()) {
                assertThat(rules(new Attempt(ContactChannel.LETTER, ContactDirection.OUTBOUND,
                        local("2026-06-10T10:00"), purpose), List.of(), true, Set.of())).isEmpty();
            }
        }

        @Test
        void an_opted_out_channel_is_refused_and_inbound_contacts_never_are() {
            assertThat(rules(new Attempt(ContactChannel.EMAIL, ContactDirection.OUTBOUND, local("2026-06-10T10:00"),
                    null), List.of(), false, Set.of(ContactChannel.EMAIL))).containsExactly(ContactRules.CHANNEL_OPT_OUT);
            assertThat(rules(new Attempt(ContactChannel.PHONE, ContactDirection.INBOUND, local("2026-06-10T23:00"),
                    null), List.of(), true, Set.of(ContactChannel.PHONE))).isEmpty();
        }
    }

    @Test
    void the_b2b_pack_allows_business_hours_on_business_days_and_three_calls_a_week() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        java.util.function.BiFunction<String, List<LoggedContact>, List<String>> b2b = (at, history) ->
                ContactRules.check(ContactPack.B2B_DEFAULT, SETTINGS, new Attempt(ContactChannel.PHONE,
                        ContactDirection.OUTBOUND, LocalDateTime.parse(at).atZone(berlin).toInstant(), null), history,
                        false, Set.of(), berlin.getId()).stream().map(Violation::rule).toList();
        assertThat(b2b.apply("2026-06-10T08:00", List.of())).isEmpty();
        assertThat(b2b.apply("2026-06-10T17:59", List.of())).isEmpty();
        assertThat(b2b.apply("2026-06-10T18:00", List.of())).containsExactly(ContactRules.B2B_BUSINESS_HOURS);
        assertThat(b2b.apply("2026-06-13T10:00", List.of())).containsExactly(ContactRules.B2B_BUSINESS_HOURS);
        List<LoggedContact> three = List.of(
                new LoggedContact("a", null, ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER,
                        LocalDateTime.parse("2026-06-08T10:00").atZone(berlin).toInstant(), null, null, null),
                new LoggedContact("b", null, ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER,
                        LocalDateTime.parse("2026-06-09T10:00").atZone(berlin).toInstant(), null, null, null),
                new LoggedContact("c", null, ContactChannel.PHONE, ContactDirection.OUTBOUND, ContactOutcome.REACHED,
                        LocalDateTime.parse("2026-06-10T10:00").atZone(berlin).toInstant(), null, null, null));
        assertThat(b2b.apply("2026-06-11T10:00", three)).containsExactly(ContactRules.B2B_WEEKLY_CALLS);
        assertThat(b2b.apply("2026-06-15T10:00", three)).isEmpty();
    }
}
