package io.ledgerline.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BusinessDateFileClockTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    @Test
    void todayIsTheDateInTheFileAndFollowsItWhenItIsReplaced() throws IOException {
        Path file = dir.resolve("today");
        Clock clock = new BusinessClock().clock(Optional.empty(), Optional.of(file.toString()), BERLIN);
        write(file, "2026-11-10\n");
        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2026, 11, 10));
        assertThat(clock.instant()).isEqualTo(LocalDate.of(2026, 11, 10).atStartOfDay(BERLIN).toInstant());

        write(file, "2026-11-17");
        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2026, 11, 17));
        write(file, "2026-11-18");
        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2026, 11, 18));
    }

    @Test
    void withoutADateInTheFileTheFixedDayOrTheSystemClockAnswers() throws IOException {
        Path file = dir.resolve("today");
        Clock fixed = new BusinessClock().clock(Optional.of(LocalDate.of(2026, 12, 1)), Optional.of(file.toString()), BERLIN);
        assertThat(LocalDate.now(fixed)).isEqualTo(LocalDate.of(2026, 12, 1));
        write(file, "not a date");
        assertThat(LocalDate.now(fixed)).isEqualTo(LocalDate.of(2026, 12, 1));
        write(file, "");
        assertThat(LocalDate.now(fixed)).isEqualTo(LocalDate.of(2026, 12, 1));
        write(file, "2026-11-17");
        assertThat(LocalDate.now(fixed)).isEqualTo(LocalDate.of(2026, 11, 17));
        Files.delete(file);
        assertThat(LocalDate.now(fixed)).isEqualTo(LocalDate.of(2026, 12, 1));

        Clock system = new BusinessClock().clock(Optional.empty(), Optional.of(file.toString()), ZoneOffset.UTC);
        assertThat(LocalDate.now(system)).isEqualTo(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void withoutAFileTheClockIsTheFixedOne() {
        Clock clock = new BusinessClock().clock(Optional.of(LocalDate.of(2026, 12, 1)), Optional.empty(), BERLIN);
        assertThat(clock).isEqualTo(Clock.fixed(LocalDate.of(2026, 12, 1).atStartOfDay(BERLIN).toInstant(), BERLIN));
    }

    /** As the local stack writes it: a temporary file renamed over the old one. */
    private static void write(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.getParent(), "today", ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
