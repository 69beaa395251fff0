package io.ledgerline.reporting.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeriodTest {

    @Test
    void monthsQuartersYearsAndCustomDays() {
        assertThat(Period.parse("2026-02")).isEqualTo(new Period("2026-02", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28)));
        assertThat(Period.parse("2026-Q4").start()).isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(Period.parse("2026-Q4").end()).isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(Period.parse("2026-Q4").months()).isEqualTo(3);
        assertThat(Period.parse("2026").days()).isEqualTo(365);
        assertThat(Period.parse("2026-10-01_2026-10-15").days()).isEqualTo(15);
        assertThatThrownBy(() -> Period.parse("2026-13")).hasMessageContaining("2026-13");
        assertThatThrownBy(() -> Period.parse("October")).hasMessageContaining("a period is");
        assertThatThrownBy(() -> Period.parse("2026-10-15_2026-10-01")).hasMessageContaining("ends on or after");
    }

    @Test
    void theQuarterAndYearOfADayAndARangeOfDays() {
        assertThat(Period.quarterOf(LocalDate.of(2026, 8, 20))).isEqualTo(
                new Period("2026-Q3", LocalDate.of(2026, 7, 1), LocalDate.of(2026, 9, 30)));
        assertThat(Period.quarterOf(LocalDate.of(2026, 8, 20)).days()).isEqualTo(92);
        assertThat(Period.yearOf(LocalDate.of(2028, 2, 29)).days()).isEqualTo(366);
        Period range = Period.range(LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 20));
        assertThat(range.name()).isEqualTo("2026-08-01_2026-08-20");
        assertThat(Period.parse(range.name())).isEqualTo(range);
        assertThat(range.days()).isEqualTo(20);
        assertThat(range.months()).isEqualTo(1);
        // A range across a month end touches two calendar months (the monthly-average CEI divides by 2).
        assertThat(Period.range(LocalDate.of(2026, 10, 15), LocalDate.of(2026, 11, 14)).months()).isEqualTo(2);
        // Year to date on 23 November: 327 days.
        assertThat(Period.yearOf(LocalDate.of(2026, 11, 23)).asOf(LocalDate.of(2026, 11, 23)).days()).isEqualTo(327);
    }

    @Test
    void aPeriodAsOfADayInsideItIsCutThereAndItsCountbackStartsWithThatPartMonth() {
        Period november = Period.parse("2026-11").asOf(LocalDate.of(2026, 11, 23));

        assertThat(november.end()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(november.countbackMonths(3)).extracting(Period::name).containsExactly("2026-11", "2026-10", "2026-09");
        assertThat(november.countbackMonths(3).getFirst().days()).isEqualTo(23);
        assertThat(Period.parse("2026-10").asOf(LocalDate.of(2026, 11, 23)).end()).isEqualTo(LocalDate.of(2026, 10, 31));
    }

    @Test
    void bucketsAreParsedAndRefusedWithAReason() {
        assertThat(AgingBuckets.parse("0,30,60").names()).containsExactly("current", "1-30", "31-60", "60+");
        assertThat(AgingBuckets.parse("15,45").names()).containsExactly("0-15", "16-45", "45+");
        assertThatThrownBy(() -> AgingBuckets.parse("30,10")).hasMessageContaining("ascending");
        assertThatThrownBy(() -> AgingBuckets.parse("a,b")).hasMessageContaining("whole numbers");
    }
}
