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
}
