package io.ledgerline.disputes.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessCalendarTest {

    @Test
    void ten_business_days_skip_two_weekends() {
        // Friday 6 November 2026 + 10 business days = Friday 20 November.
        assertThat(BusinessCalendar.WEEKENDS_ONLY.plusBusinessDays(LocalDate.of(2026, 11, 6), 10))
                .isEqualTo(LocalDate.of(2026, 11, 20));
        // Opened on a Saturday: the count starts on Monday.
        assertThat(BusinessCalendar.WEEKENDS_ONLY.plusBusinessDays(LocalDate.of(2026, 11, 7), 1))
                .isEqualTo(LocalDate.of(2026, 11, 9));
    }

    @Test
    void configured_holidays_do_not_count() {
        var calendar = new BusinessCalendar(Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25),
                LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1)));
        // Monday 21 December + 5 business days: 22, 23, (24, 25 holidays, 26-27 weekend), 28, 29, 30.
        assertThat(calendar.plusBusinessDays(LocalDate.of(2026, 12, 21), 5)).isEqualTo(LocalDate.of(2026, 12, 30));
        // + 6: the 31st and 1 January are holidays, 2-3 January a weekend.
        assertThat(calendar.plusBusinessDays(LocalDate.of(2026, 12, 21), 6)).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(calendar.businessDaysBetween(LocalDate.of(2026, 12, 30), LocalDate.of(2027, 1, 5))).isEqualTo(2);
    }

    @Test
    void the_sla_breach_is_counted_over_weekends_and_holidays() {
        var policy = new DisputePolicy(java.util.Map.of("PRICE", 10, "SHORT_PAYMENT", 10), "SHORT_PAYMENT",
                java.util.List.of(), "desk", java.util.Map.of(), java.math.BigDecimal.TEN, "leads",
                new BusinessCalendar(Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))));
        var opened = DisputeScenario.given(policy).when(new DisputeCommand.OpenDeduction("DED-1", "C-1", "INV-1",
                "PAY-1", "EUR", java.math.BigDecimal.TEN, java.math.BigDecimal.ONE, LocalDate.of(2026, 12, 18))).events();
        var event = (io.ledgerline.events.disputes.DisputesEvent.DisputeOpened) opened.getFirst();
        // Friday 18 December + 10 business days, without the 24th and 25th: Tuesday 5 January.
        assertThat(event.slaDueDate()).isEqualTo(LocalDate.of(2027, 1, 5));
        DisputeScenario.given(policy, opened.toArray(io.ledgerline.events.disputes.DisputesEvent[]::new))
                .when(new DisputeCommand.CheckSla("DED-1", LocalDate.of(2027, 1, 5))).thenNothing();
    }

    @Test
    void a_case_due_before_a_weekend_or_holidays_is_late_on_the_next_business_day_not_before() {
        var policy = new DisputePolicy(java.util.Map.of("PRICE", 10, "SHORT_PAYMENT", 10), "SHORT_PAYMENT",
                java.util.List.of(), "desk", java.util.Map.of(), java.math.BigDecimal.TEN, "leads",
                new BusinessCalendar(Set.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))));
        // Friday 6 November + 10 business days: due Friday 20 November.
        var opened = DisputeScenario.given(policy).when(new DisputeCommand.OpenDeduction("DED-1", "C-1", "INV-1",
                "PAY-1", "EUR", java.math.BigDecimal.TEN, java.math.BigDecimal.ONE, LocalDate.of(2026, 11, 6))).events()
                .toArray(io.ledgerline.events.disputes.DisputesEvent[]::new);
        assertThat(((io.ledgerline.events.disputes.DisputesEvent.DisputeOpened) opened[0]).slaDueDate())
                .isEqualTo(LocalDate.of(2026, 11, 20));
        // The daily run on Saturday and Sunday: no business day has passed since the due date.
        DisputeScenario.given(policy, opened).when(new DisputeCommand.CheckSla("DED-1", LocalDate.of(2026, 11, 21)))
                .thenNothing();
        DisputeScenario.given(policy, opened).when(new DisputeCommand.CheckSla("DED-1", LocalDate.of(2026, 11, 22)))
                .thenNothing();
        var monday = (io.ledgerline.events.disputes.DisputesEvent.DisputeEscalated) DisputeScenario.given(policy, opened)
                .when(new DisputeCommand.CheckSla("DED-1", LocalDate.of(2026, 11, 23))).events().getFirst();
        assertThat(monday.reason()).endsWith("1 business day late");

        // Wednesday 9 December + 10 business days: due Wednesday 23 December; the 24th and 25th are holidays, the
        // 26th and 27th a weekend: late on Monday the 28th.
        var december = DisputeScenario.given(policy).when(new DisputeCommand.OpenDeduction("DED-2", "C-1", "INV-2",
                "PAY-2", "EUR", java.math.BigDecimal.TEN, java.math.BigDecimal.ONE, LocalDate.of(2026, 12, 9))).events()
                .toArray(io.ledgerline.events.disputes.DisputesEvent[]::new);
        for (int day = 24; day <= 27; day++) {
            DisputeScenario.given(policy, december)
                    .when(new DisputeCommand.CheckSla("DED-2", LocalDate.of(2026, 12, day))).thenNothing();
        }
        var late = (io.ledgerline.events.disputes.DisputesEvent.DisputeEscalated) DisputeScenario.given(policy, december)
                .when(new DisputeCommand.CheckSla("DED-2", LocalDate.of(2026, 12, 28))).events().getFirst();
        assertThat(late.slaDueDate()).isEqualTo(LocalDate.of(2026, 12, 23));
        assertThat(late.reason()).endsWith("1 business day late");
    }
}
