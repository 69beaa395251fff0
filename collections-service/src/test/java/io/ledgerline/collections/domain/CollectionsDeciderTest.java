package io.ledgerline.collections.domain;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.collections.CollectionsEvent.CollectionCaseClosed;
import io.ledgerline.events.collections.CollectionsEvent.CollectionCaseOpened;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;
import io.ledgerline.events.collections.CollectionsEvent.DunningLetterIssued;
import io.ledgerline.events.collections.CollectionsEvent.DunningLevelReached;
import io.ledgerline.events.collections.CollectionsEvent.DunningPaused;
import io.ledgerline.events.collections.CollectionsEvent.DunningResumed;
import io.ledgerline.events.collections.CollectionsEvent.PauseScope;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static io.ledgerline.collections.domain.Facts.COLLECTOR;
import static io.ledgerline.collections.domain.Facts.CUSTOMER;
import static io.ledgerline.collections.domain.Facts.applied;
import static io.ledgerline.collections.domain.Facts.customer;
import static io.ledgerline.collections.domain.Facts.cured;
import static io.ledgerline.collections.domain.Facts.delinquent;
import static io.ledgerline.collections.domain.Facts.disputeOpened;
import static io.ledgerline.collections.domain.Facts.disputeResolved;
import static io.ledgerline.collections.domain.Facts.invoice;
import static io.ledgerline.collections.domain.Facts.payment;
import static io.ledgerline.collections.domain.Scenario.only;
import static org.assertj.core.api.Assertions.assertThat;

class CollectionsDeciderTest {

    static final LocalDate DUE = LocalDate.of(2026, 10, 31);
    static final LocalDate NOV_1 = DUE.plusDays(1);

    private Scenario delinquentCustomer() {
        return Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "1000.00", DUE), invoice("INV-2", "250.00", DUE.plusDays(10)),
                delinquent(NOV_1, DUE, "1000.00"));
    }

    @Nested
    class Cases {
        @Test
        void the_first_delinquency_opens_a_case_with_the_segments_strategy_and_a_second_does_not() {
            Scenario s = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                    invoice("INV-1", "1000.00", DUE));
            List<CollectionsEvent> opened = s.fact(delinquent(NOV_1, DUE, "1000.00"));
            assertThat(opened).singleElement().isInstanceOfSatisfying(CollectionCaseOpened.class, e -> {
                assertThat(e.strategy()).isEqualTo("standard");
                assertThat(e.daysPastDue()).isEqualTo(1);
                assertThat(e.asOf()).isEqualTo(NOV_1);
                assertThat(e.sourceEvent().source()).isEqualTo("test");
            });
            assertThat(s.fact(delinquent(NOV_1.plusDays(30), DUE, "1000.00"))).isEmpty();
        }

        @Test
        void a_us_customer_gets_the_consumer_strategy() {
            Scenario s = Scenario.given(Policies.standard(), customer("US", "America/New_York"),
                    invoice("INV-1", "100.00", DUE));
            assertThat(only(s.fact(delinquent(NOV_1, DUE, "100.00")), CollectionCaseOpened.class))
                    .singleElement().extracting(CollectionCaseOpened::strategy).isEqualTo("us-consumer");
        }

        @Test
        void cured_closes_the_case_and_the_next_delinquency_opens_a_new_one() {
            Scenario s = delinquentCustomer();
            String first = s.openCaseId();
            assertThat(s.fact(cured(NOV_1.plusDays(3)))).singleElement()
                    .isInstanceOfSatisfying(CollectionCaseClosed.class, e -> {
                        assertThat(e.caseId()).isEqualTo(first);
                        assertThat(e.reason()).isEqualTo(CollectionsEvent.CaseClosure.CURED);
                    });
            assertThat(s.fact(delinquent(NOV_1.plusDays(20), DUE.plusDays(10), "250.00")))
                    .singleElement().isInstanceOf(CollectionCaseOpened.class);
            assertThat(s.openCaseId()).isNotEqualTo(first);
        }
    }

    @Nested
    class Dunning {
        @Test
        void the_run_reaches_the_level_of_the_days_past_due_and_emails_the_accounts_payable_contact() {
            Scenario s = delinquentCustomer();
            List<CollectionsEvent> run = s.run(NOV_1.plusDays(1));
            assertThat(only(run, DunningLevelReached.class)).singleElement().satisfies(e -> {
                assertThat(e.level()).isEqualTo(1);
                assertThat(e.levelName()).isEqualTo("reminder");
                assertThat(e.daysPastDue()).isEqualTo(2);
            });
            assertThat(only(run, DunningLetterIssued.class)).singleElement().satisfies(letter -> {
                assertThat(letter.channel()).isEqualTo(CollectionsEvent.LetterChannel.EMAIL);
                assertThat(letter.recipient().email()).isEqualTo("ap@nordwind.example");
                assertThat(letter.language()).isEqualTo("de");
                // INV-2 is not due yet: only INV-1 is asked for.
                assertThat(letter.items()).singleElement().satisfies(item -> {
                    assertThat(item.invoiceId()).isEqualTo("INV-1");
                    assertThat(item.amount()).isEqualByComparingTo("1000.00");
                });
                assertThat(letter.totals()).singleElement().satisfies(t -> assertThat(t.amount()).isEqualByComparingTo("1000.00"));
            });
        }

        @Test
        void running_the_same_day_again_decides_nothing_more() {
            Scenario s = delinquentCustomer();
            s.run(NOV_1.plusDays(1));
            assertThat(s.run(NOV_1.plusDays(1))).isEmpty();
            assertThat(s.run(NOV_1.plusDays(5))).isEmpty();
        }

        @Test
        void a_late_run_reaches_the_highest_level_directly_and_does_only_its_actions() {
            Scenario s = delinquentCustomer();
            List<CollectionsEvent> run = s.run(DUE.plusDays(35));
            assertThat(only(run, DunningLevelReached.class)).singleElement()
                    .extracting(DunningLevelReached::level).isEqualTo(3);
            List<DunningLetterIssued> letters = only(run, DunningLetterIssued.class);
            assertThat(letters).extracting(DunningLetterIssued::channel)
                    .containsExactlyInAnyOrder(CollectionsEvent.LetterChannel.EMAIL, CollectionsEvent.LetterChannel.LETTER);
            // The final demand goes to the named escalation contact; by now INV-2 is past due too.
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.recipient().name()).isEqualTo("Max Roth");
                assertThat(l.items()).extracting(CollectionsEvent.DunnedItem::invoiceId).containsExactly("INV-1", "INV-2");
            });
        }

        @Test
        void never_chases_what_is_paid_or_covered_by_unapplied_cash() {
            Scenario s = delinquentCustomer();
            s.fact(payment("PAY-1", "1000.00", NOV_1));
            s.fact(applied("PAY-1", "INV-1", "600.00", NOV_1));
            // 400 open on INV-1, and 400 of the payment not applied yet: nothing is left to ask for.
            assertThat(s.run(NOV_1.plusDays(1))).isEmpty();
        }

        @Test
        void part_paid_items_are_asked_for_what_is_left() {
            Scenario s = delinquentCustomer();
            s.fact(payment("PAY-1", "600.00", NOV_1));
            s.fact(applied("PAY-1", "INV-1", "600.00", NOV_1));
            assertThat(only(s.run(NOV_1.plusDays(1)), DunningLetterIssued.class)).singleElement()
                    .satisfies(l -> assertThat(l.items().getFirst().amount()).isEqualByComparingTo("400.00"));
        }

        @Test
        void a_disputed_part_is_paused_left_out_of_letters_and_resumed_when_resolved() {
            Scenario s = delinquentCustomer();
            List<CollectionsEvent> paused = s.fact(disputeOpened("DSP-1", "INV-1", "300.00", NOV_1));
            assertThat(only(paused, DunningPaused.class)).singleElement().satisfies(p -> {
                assertThat(p.scope()).isEqualTo(PauseScope.PART_OF_INVOICE);
                assertThat(p.reasonCode()).isEqualTo("DISPUTE");
                assertThat(p.sourceId()).isEqualTo("DSP-1");
                assertThat(p.caseId()).isEqualTo(s.openCaseId());
            });
            assertThat(only(s.run(NOV_1.plusDays(1)), DunningLetterIssued.class)).singleElement()
                    .satisfies(l -> assertThat(l.totals().getFirst().amount()).isEqualByComparingTo("700.00"));
            assertThat(s.fact(disputeResolved("DSP-1", "INV-1", NOV_1.plusDays(4)))).singleElement()
                    .isInstanceOfSatisfying(DunningResumed.class, r -> assertThat(r.reasonCode()).isEqualTo("DISPUTE_RESOLVED"));
        }

        @Test
        void a_fully_disputed_account_reaches_no_level() {
            Scenario s = delinquentCustomer();
            s.fact(disputeOpened("DSP-1", "INV-1", "1000.00", NOV_1));
            // INV-2 falls due on 11-10: until then nothing may be asked for.
            assertThat(s.run(NOV_1.plusDays(9))).isEmpty();
        }

        @Test
        void each_item_is_sent_at_most_once_per_level() {
            Scenario s = delinquentCustomer();
            s.run(NOV_1.plusDays(1));
            // Level 2 lists INV-1 again (a new level) but its own letter only once.
            List<DunningLetterIssued> second = only(s.run(DUE.plusDays(16)), DunningLetterIssued.class);
            assertThat(second).singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(2));
            assertThat(s.run(DUE.plusDays(17))).isEmpty();
        }

        @Test
        void the_last_level_escalates_with_a_handover_file_and_proposes_write_offs() {
            Scenario s = delinquentCustomer();
            List<CollectionsEvent> run = s.run(DUE.plusDays(61));
            assertThat(only(run, CollectionsEvent.AccountEscalated.class)).singleElement().satisfies(e -> {
                assertThat(e.to()).isEqualTo(CollectionsEvent.EscalationTarget.AGENCY);
                assertThat(e.handedTo()).isEqualTo("Inkasso Nord GmbH");
                assertThat(e.handover().items()).hasSize(2);
                assertThat(e.handover().contacts()).hasSize(2);
            });
            assertThat(only(run, CollectionsEvent.WriteOffProposed.class)).hasSize(2)
                    .allSatisfy(w -> assertThat(w.by()).isNull());
            // Escalated: dunning stops.
            assertThat(s.run(DUE.plusDays(90))).isEmpty();
        }

        @Test
        void a_bounced_address_turns_the_next_email_into_a_call_task() {
            Scenario s = delinquentCustomer();
            String letterId = only(s.run(NOV_1.plusDays(1)), DunningLetterIssued.class).getFirst().letterId();
            List<CollectionsEvent> bounce = s.accepted(new CaseCommand.RecordBounce(CUSTOMER, letterId, "550 no such user",
                    NOV_1.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC)), NOV_1.plusDays(1), null);
            assertThat(only(bounce, CollectionsEvent.ContactLogged.class)).singleElement()
                    .satisfies(c -> assertThat(c.outcome()).isEqualTo(ContactOutcome.BOUNCED));
            // The same bounce reported twice is recorded once.
            assertThat(s.accepted(new CaseCommand.RecordBounce(CUSTOMER, letterId, "again", NOV_1.plusDays(1)
                    .atStartOfDay().toInstant(java.time.ZoneOffset.UTC)), NOV_1.plusDays(1), null)).isEmpty();
            List<CollectionsEvent> next = s.run(DUE.plusDays(16));
            assertThat(only(next, DunningLetterIssued.class)).isEmpty();
            assertThat(only(next, CollectionsEvent.CallTaskCreated.class)).extracting(CollectionsEvent.CallTaskCreated::reason)
                    .containsExactlyInAnyOrder("EMAIL_BOUNCED", "LEVEL_ACTION");
        }

        @Test
        void after_a_cease_request_no_dunning_letter_goes_out() {
            Scenario s = delinquentCustomer();
            s.accepted(new CaseCommand.ChangeContactPreferences(CUSTOMER, true, Set.of(), NOV_1, "letter"), NOV_1,
                    COLLECTOR);
            List<CollectionsEvent> run = s.run(NOV_1.plusDays(1));
            assertThat(only(run, DunningLevelReached.class)).hasSize(1);
            assertThat(only(run, DunningLetterIssued.class)).isEmpty();
        }
    }

    @Nested
    class Holds {
        @Test
        void a_backdated_account_hold_pauses_dunning_and_expires_by_itself() {
            Scenario s = delinquentCustomer();
            List<CollectionsEvent> placed = s.accepted(new CaseCommand.PlaceHold(CUSTOMER, PauseScope.ACCOUNT, null,
                    null, null, "HARDSHIP", "lost a big customer", NOV_1.minusDays(5), NOV_1.plusDays(10)),
                    NOV_1.plusDays(1), COLLECTOR);
            assertThat(only(placed, DunningPaused.class)).singleElement().satisfies(p -> {
                assertThat(p.from()).isEqualTo(NOV_1.minusDays(5));
                assertThat(p.by()).isEqualTo(COLLECTOR);
            });
            assertThat(s.run(NOV_1.plusDays(5))).isEmpty();
            List<CollectionsEvent> after = s.run(NOV_1.plusDays(11));
            assertThat(only(after, DunningResumed.class)).singleElement().satisfies(r -> {
                assertThat(r.reasonCode()).isEqualTo("EXPIRED");
                assertThat(r.resumedDate()).isEqualTo(NOV_1.plusDays(11));
            });
            assertThat(only(after, DunningLevelReached.class)).hasSize(1);
        }

        @Test
        void a_hold_needs_a_catalogued_reason_and_a_known_invoice() {
            Scenario s = delinquentCustomer();
            assertThat(s.rejected(new CaseCommand.PlaceHold(CUSTOMER, PauseScope.ACCOUNT, null, null, null, "DISPUTE",
                    null, null, null), NOV_1, COLLECTOR)).satisfies(r -> {
                assertThat(r.code()).isEqualTo("UNKNOWN_HOLD_REASON");
                assertThat(r.field()).isEqualTo("reasonCode");
            });
            assertThat(s.rejected(new CaseCommand.PlaceHold(CUSTOMER, PauseScope.INVOICE, "INV-9", null, null,
                    "LEGAL", null, null, null), NOV_1, COLLECTOR).code()).isEqualTo("UNKNOWN_INVOICE");
            assertThat(s.rejected(new CaseCommand.PlaceHold(CUSTOMER, PauseScope.ACCOUNT, null, null, null,
                    "LEGAL", null, NOV_1, NOV_1.minusDays(1)), NOV_1, COLLECTOR).field()).isEqualTo("to");
        }

        @Test
        void a_part_of_an_invoice_on_hold_is_left_out_and_a_released_hold_resumes() {
            Scenario s = delinquentCustomer();
            String holdId = only(s.accepted(new CaseCommand.PlaceHold(CUSTOMER, PauseScope.PART_OF_INVOICE, "INV-1",
                    "EUR", new BigDecimal("100.00"), "CUSTOMER_QUERY", null, null, null), NOV_1, COLLECTOR),
                    DunningPaused.class).getFirst().holdId();
            assertThat(only(s.run(NOV_1.plusDays(1)), DunningLetterIssued.class).getFirst().totals().getFirst().amount())
                    .isEqualByComparingTo("900.00");
            assertThat(s.accepted(new CaseCommand.ReleaseHold(CUSTOMER, holdId, "answered"), NOV_1.plusDays(2), COLLECTOR))
                    .singleElement().isInstanceOfSatisfying(DunningResumed.class, r -> assertThat(r.by()).isEqualTo(COLLECTOR));
            assertThat(s.rejected(new CaseCommand.ReleaseHold(CUSTOMER, holdId, null), NOV_1.plusDays(3), COLLECTOR).code())
                    .isEqualTo("HOLD_ALREADY_ENDED");
        }
    }

    @Nested
    class Contacts {
        @Test
        void an_inquiry_unanswered_for_24_hours_is_overdue_once() {
            Scenario s = delinquentCustomer();
            java.time.Instant received = NOV_1.atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
            s.command(new CaseCommand.LogContact(CUSTOMER, ContactChannel.EMAIL, ContactDirection.INBOUND,
                    ContactOutcome.DELIVERED, received, "Ana Ruiz", "why this invoice?", null, null), NOV_1,
                    received.plusSeconds(60), COLLECTOR);
            assertThat(only(s.run(NOV_1), CollectionsEvent.InquiryResponseOverdue.class)).isEmpty();
            assertThat(only(s.run(NOV_1.plusDays(1)), CollectionsEvent.InquiryResponseOverdue.class)).singleElement()
                    .satisfies(o -> assertThat(o.dueAt()).isEqualTo(received.plusSeconds(24 * 3600)));
            assertThat(only(s.run(NOV_1.plusDays(2)), CollectionsEvent.InquiryResponseOverdue.class)).isEmpty();
        }

        @Test
        void an_answer_within_the_window_keeps_the_inquiry_in_time() {
            Scenario s = delinquentCustomer();
            java.time.Instant received = NOV_1.atTime(9, 0).toInstant(java.time.ZoneOffset.UTC);
            s.command(new CaseCommand.LogContact(CUSTOMER, ContactChannel.EMAIL, ContactDirection.INBOUND,
                    ContactOutcome.DELIVERED, received, null, null, null, null), NOV_1, received, COLLECTOR);
            s.command(new CaseCommand.LogContact(CUSTOMER, ContactChannel.EMAIL, ContactDirection.OUTBOUND,
                    ContactOutcome.DELIVERED, received.plusSeconds(3600), null, "answered", null, null), NOV_1,
                    received.plusSeconds(3700), COLLECTOR);
            assertThat(only(s.run(NOV_1.plusDays(3)), CollectionsEvent.InquiryResponseOverdue.class)).isEmpty();
        }

        @Test
        void a_call_logged_late_counts_in_its_week_like_the_calls_logged_before_it() {
            Scenario s = delinquentCustomer();
            java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
            // Wednesday to Friday of the week of 2026-11-09, a call a day at 10:00: the three a week allowed.
            for (int day = 11; day <= 13; day++) {
                java.time.Instant at = java.time.ZonedDateTime.of(2026, 11, day, 10, 0, 0, 0, berlin).toInstant();
                assertThat(s.command(new CaseCommand.LogContact(CUSTOMER, ContactChannel.PHONE,
                        ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, at, null, null, null, null),
                        LocalDate.of(2026, 11, day), at.plusSeconds(60), COLLECTOR)).isInstanceOf(Decision.Accepted.class);
            }
            // On Friday afternoon a call dated Tuesday is logged: it would be the week's fourth.
            java.time.Instant tuesday = java.time.ZonedDateTime.of(2026, 11, 10, 10, 0, 0, 0, berlin).toInstant();
            java.time.Instant fridayAfternoon = java.time.ZonedDateTime.of(2026, 11, 13, 15, 0, 0, 0, berlin)
                    .toInstant();
            Rejection refused = s.rejected(new CaseCommand.LogContact(CUSTOMER, ContactChannel.PHONE,
                    ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, tuesday, null, null, null, null),
                    LocalDate.of(2026, 11, 13), fridayAfternoon, COLLECTOR);
            assertThat(refused.code()).isEqualTo("CONTACT_RULE_VIOLATED");
            assertThat(refused.rules()).containsExactly(ContactRules.B2B_WEEKLY_CALLS);
        }

        @Test
        void a_refused_contact_names_the_rule_and_a_supervisor_override_is_an_event() {
            Scenario s = delinquentCustomer();
            // Sunday 2026-11-01 in Berlin: outside business hours.
            java.time.Instant sunday = java.time.ZonedDateTime.of(2026, 11, 1, 11, 0, 0, 0,
                    java.time.ZoneId.of("Europe/Berlin")).toInstant();
            CaseCommand.LogContact call = new CaseCommand.LogContact(CUSTOMER, ContactChannel.PHONE,
                    ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, sunday, null, null, null, null);
            Rejection refused = s.rejected(call, NOV_1, sunday.plusSeconds(60), COLLECTOR);
            assertThat(refused.code()).isEqualTo("CONTACT_RULE_VIOLATED");
            assertThat(refused.rules()).containsExactly(ContactRules.B2B_BUSINESS_HOURS);
            CaseCommand.LogContact override = new CaseCommand.LogContact(CUSTOMER, ContactChannel.PHONE,
                    ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, sunday, null, null, null, "asked to call Sunday");
            assertThat(s.rejected(override, NOV_1, sunday.plusSeconds(60), COLLECTOR).code())
                    .isEqualTo("OVERRIDE_NEEDS_SUPERVISOR");
            Decision ok = s.command(override, NOV_1, sunday.plusSeconds(60), Facts.SUPERVISOR);
            assertThat(((Decision.Accepted) ok).events()).hasSize(2).first()
                    .isInstanceOfSatisfying(CollectionsEvent.ContactRuleOverridden.class, o -> {
                        assertThat(o.rules()).containsExactly(ContactRules.B2B_BUSINESS_HOURS);
                        assertThat(o.by()).isEqualTo(Facts.SUPERVISOR);
                        assertThat(o.pack()).isEqualTo("B2B_DEFAULT");
                    });
        }

        @Test
        void a_customers_own_opt_out_or_cease_request_is_never_overridden_not_even_by_a_supervisor() {
            Scenario s = delinquentCustomer();
            s.accepted(new CaseCommand.ChangeContactPreferences(CUSTOMER, false, Set.of(ContactChannel.PHONE), NOV_1,
                    "no more calls, please"), NOV_1, COLLECTOR);
            // Monday 2026-11-02, 10:00 in Berlin: within business hours; only the opt-out forbids the call.
            java.time.Instant monday = java.time.ZonedDateTime.of(2026, 11, 2, 10, 0, 0, 0,
                    java.time.ZoneId.of("Europe/Berlin")).toInstant();
            CaseCommand.LogContact override = new CaseCommand.LogContact(CUSTOMER, ContactChannel.PHONE,
                    ContactDirection.OUTBOUND, ContactOutcome.NO_ANSWER, monday, null, null, null, "urgent");
            Rejection refused = s.rejected(override, NOV_1.plusDays(1), monday.plusSeconds(60), Facts.SUPERVISOR);
            assertThat(refused.code()).isEqualTo("CONTACT_RULE_NOT_OVERRIDABLE");
            assertThat(refused.rules()).containsExactly(ContactRules.CHANNEL_OPT_OUT);
            // The same call by e-mail, a channel not opted out of, is the supervisor's to allow as before.
            assertThat(s.command(new CaseCommand.LogContact(CUSTOMER, ContactChannel.EMAIL, ContactDirection.OUTBOUND,
                    ContactOutcome.DELIVERED, monday, null, null, null, null), NOV_1.plusDays(1),
                    monday.plusSeconds(60), Facts.SUPERVISOR)).isInstanceOf(Decision.Accepted.class);
        }
    }
}
