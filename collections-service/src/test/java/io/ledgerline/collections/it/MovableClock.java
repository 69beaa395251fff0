package io.ledgerline.collections.it;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The business clock of the tests: a day and time the test sets, so promises can fall due and SLAs pass without
 * waiting. {@link TestClockProducer} makes it the service's clock for the whole test application.
 */
public class MovableClock extends Clock {

    private volatile Instant now = Instant.parse("2026-11-10T10:00:00Z");

    static final MovableClock SHARED = new MovableClock();

    public void set(LocalDate day, int hour) {
        now = day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
