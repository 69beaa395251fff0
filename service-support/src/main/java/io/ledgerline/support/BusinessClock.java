package io.ledgerline.support;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The business clock: "today" for every time-driven decision (aging, delinquency, promises due, SLAs, reviews) and
 * every default as-of date. Inject {@link Clock} and take {@code LocalDate.now(clock)}. Set
 * {@code ledgerline.clock.today=2026-11-23} (env LEDGERLINE_CLOCK_TODAY) to run a demo or a test on a chosen day, or
 * {@code ledgerline.clock.today-file} (env LEDGERLINE_CLOCK_TODAY_FILE) to a file holding the day, which the running
 * service follows when it changes: how the local stack and the system test move the business date of every service
 * at once without restarting them. The file wins while it holds a date; without one, {@code today} or the system
 * clock answers.
 */
public class BusinessClock {

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "ledgerline.clock.today") Optional<LocalDate> today,
                @ConfigProperty(name = "ledgerline.clock.today-file") Optional<String> todayFile,
                @ConfigProperty(name = "ledgerline.clock.zone", defaultValue = "UTC") ZoneId zone) {
        Clock fixedOrSystem = today.map(day -> Clock.fixed(day.atStartOfDay(zone).toInstant(), zone))
                .orElseGet(() -> Clock.system(zone));
        return todayFile.filter(file -> !file.isBlank())
                .<Clock>map(file -> new BusinessDateFileClock(Path.of(file), zone, fixedOrSystem))
                .orElse(fixedOrSystem);
    }
}
