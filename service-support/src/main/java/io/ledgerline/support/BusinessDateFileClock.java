package io.ledgerline.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A business clock whose "today" is the date written in a file (ISO {@code 2026-11-17}, surrounding blanks ignored),
 * re-read whenever the file changes, so a demo or a system test moves the business date of every running service at
 * once. The instant is the start of that day in the zone, as with a fixed clock. While the file is missing, empty or
 * unreadable the fallback answers (a fixed day or the system clock), so a service is never stuck on a bad edit.
 *
 * <p>Writers replace the file (write a temporary file, then rename it over), so a reader never sees half a date; the
 * file's modification time and identity tell the clock when to read it again, at most once per change.
 */
final class BusinessDateFileClock extends Clock {

    private record Seen(FileTime modified, Object fileKey, long size, LocalDate day) {
    }

    private final Path file;
    private final ZoneId zone;
    private final Clock fallback;
    private volatile Seen seen;

    BusinessDateFileClock(Path file, ZoneId zone, Clock fallback) {
        this.file = Objects.requireNonNull(file);
        this.zone = Objects.requireNonNull(zone);
        this.fallback = Objects.requireNonNull(fallback);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return other.equals(zone) ? this : new BusinessDateFileClock(file, other, fallback.withZone(other));
    }

    @Override
    public Instant instant() {
        LocalDate day = today();
        return day == null ? fallback.instant() : day.atStartOfDay(zone).toInstant();
    }

    /** The file's date, or null when it holds none. */
    LocalDate today() {
        // Asked first because a missing file is the usual case outside demos, and Files.exists answers it without
        // building an exception (readAttributes would throw one per business-date read: per ingested record).
        if (!Files.exists(file)) {
            return null;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException missing) {
            return null;
        }
        Seen last = seen;
        if (last != null && last.modified().equals(attributes.lastModifiedTime())
                && Objects.equals(last.fileKey(), attributes.fileKey()) && last.size() == attributes.size()) {
            return last.day();
        }
        LocalDate day;
        try {
            String text = Files.readString(file).strip();
            day = text.isEmpty() ? null : LocalDate.parse(text);
        } catch (IOException | DateTimeException unreadable) {
            day = null;
        }
        seen = new Seen(attributes.lastModifiedTime(), attributes.fileKey(), attributes.size(), day);
        return day;
    }

    @Override
    public String toString() {
        return "BusinessDateFileClock[" + file + ", " + zone + ", fallback " + fallback + "]";
    }
}
