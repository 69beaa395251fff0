package io.ledgerline.receivables.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The business clock: "today" for aging, delinquency and every default as-of date. Set
 * {@code ledgerline.clock.today=2026-11-23} (env LEDGERLINE_CLOCK_TODAY) to run a demo or a test on a chosen day.
 */
public class BusinessClock {

    @Produces
    @Singleton
    Clock clock(@ConfigProperty(name = "ledgerline.clock.today") Optional<LocalDate> today,
                @ConfigProperty(name = "ledgerline.clock.zone", defaultValue = "UTC") ZoneId zone) {
        return today.map(day -> Clock.fixed(day.atStartOfDay(zone).toInstant(), zone))
                .orElseGet(() -> Clock.system(zone == null ? ZoneOffset.UTC : zone));
    }
}
