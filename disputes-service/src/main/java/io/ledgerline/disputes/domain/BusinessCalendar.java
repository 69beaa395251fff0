package io.ledgerline.disputes.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

/**
 * Business days: every day but Saturdays, Sundays and the configured holidays. SLAs count in business days, so a
 * case opened on a Friday before a holiday weekend is not breached by the time anyone is back at work.
 */
public record BusinessCalendar(Set<LocalDate> holidays) {

    public static final BusinessCalendar WEEKENDS_ONLY = new BusinessCalendar(Set.of());

    public BusinessCalendar {
        holidays = Set.copyOf(new TreeSet<>(holidays));
    }

    public boolean isBusinessDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /**
     * The day {@code days} business days after {@code start}: the start day itself does not count, as for any
     * "answer within 10 business days". Zero days is the start day.
     */
    public LocalDate plusBusinessDays(LocalDate start, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("business days cannot be negative: " + days);
        }
        LocalDate day = start;
        int left = days;
        while (left > 0) {
            day = day.plusDays(1);
            if (isBusinessDay(day)) {
                left--;
            }
        }
        return day;
    }

    /** Business days after {@code from} up to and including {@code to}; zero when {@code to} is not after it. */
    public int businessDaysBetween(LocalDate from, LocalDate to) {
        int count = 0;
        for (LocalDate day = from.plusDays(1); !day.isAfter(to); day = day.plusDays(1)) {
            if (isBusinessDay(day)) {
                count++;
            }
        }
        return count;
    }
}
