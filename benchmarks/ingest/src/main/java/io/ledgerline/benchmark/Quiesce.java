package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Lets the machine's disk and PostgreSQL go quiet before a measured phase, and says what state it measured in (the
 * Java twin of {@code bench_quiesce} in benchmarks/common.sh).
 *
 * <p>Why: a stack's data folder written moments before (an earlier phase's or benchmark's gigabytes) is written back
 * by the kernel some 30 s later, and a COMMIT's WAL fsync then waits behind that writeback; a populated database's
 * first checkpoint and autovacuum/autoanalyze of the rows just written also run into the next window. Both made the
 * same measurement differ by more than half between runs (benchmarks/README.md, "Quiet before measuring"). So,
 * optionally {@code VACUUM (ANALYZE)} of the database just populated (what autovacuum would do during the window),
 * then {@code CHECKPOINT} (the next timed checkpoint is then {@code checkpoint_timeout} away), then {@code sync} and a
 * wait until the kernel's Dirty + Writeback is small or a timeout has passed. Nothing the services do is changed.
 */
public final class Quiesce {

    /** Dirty + Writeback at or below this counts as quiet. */
    private static final long QUIET_KB = 64 * 1024;

    private Quiesce() {
    }

    /** The kernel's dirty and under-writeback page cache, and the load average, at one moment. */
    public record State(long dirtyKb, long writebackKb, String load) {

        public static State now() {
            long dirty = -1;
            long writeback = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("Dirty:")) {
                        dirty = kb(line);
                    } else if (line.startsWith("Writeback:")) {
                        writeback = kb(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not Linux: unknown, said so in the text.
            }
            String load;
            try {
                String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                load = parts[0] + " " + parts[1] + " " + parts[2];
            } catch (IOException | RuntimeException e) {
                load = "?";
            }
            return new State(dirty, writeback, load);
        }

        private static long kb(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }

        boolean quiet() {
            return dirtyKb >= 0 && dirtyKb + writebackKb <= QUIET_KB;
        }

        /** "Dirty 12 MiB, Writeback 0 MiB, load 0.52 0.61 0.70". */
        public String describe() {
            return dirtyKb < 0 ? "Dirty ?, Writeback ?, load " + load
                    : String.format(Locale.ROOT, "Dirty %d MiB, Writeback %d MiB, load %s", dirtyKb / 1024,
                            writebackKb / 1024, load);
        }
    }

    /** What {@link #before} did and the state it left: printed and written beside the figure it preceded. */
    public record Result(double seconds, boolean vacuumed, State state) {

        public String describe() {
            return String.format(Locale.ROOT, "quiesced in %.1f s (%sCHECKPOINT, sync): %s%s", seconds,
                    vacuumed ? "VACUUM ANALYZE, " : "", state.describe(),
                    state.quiet() ? "" : " (not quiet within the timeout: other work was writing)");
        }
    }

    /**
     * Quiets the disk and the PostgreSQL at {@code jdbcUrl} before a measured phase: {@code VACUUM (ANALYZE)} of that
     * database first when {@code vacuum}, then {@code CHECKPOINT}, {@code sync}, and a wait of at most
     * {@code timeoutSeconds} for Dirty + Writeback to be small. Prints one line naming {@code before}.
     */
    public static Result before(String what, String jdbcUrl, String user, String password, boolean vacuum,
            int timeoutSeconds) {
        long started = System.nanoTime();
        boolean vacuumed = false;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            if (vacuum) {
                statement.execute("VACUUM (ANALYZE)");
                vacuumed = true;
            }
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            System.out.println("  (quiesce: " + e.getMessage() + "; measuring without it)");
        }
        long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        State state;
        while (true) {
            sync();
            state = State.now();
            if (state.quiet() || state.dirtyKb() < 0 || System.nanoTime() > deadline) {
                break;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        Result result = new Result((System.nanoTime() - started) / 1e9, vacuumed, state);
        System.out.println("  before " + what + ": " + result.describe());
        return result;
    }

    private static void sync() {
        try {
            Process p = new ProcessBuilder("sync").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.waitFor(120, TimeUnit.SECONDS);
        } catch (IOException e) {
            // No sync(1): the wait below still lets the kernel's own writeback drain.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
