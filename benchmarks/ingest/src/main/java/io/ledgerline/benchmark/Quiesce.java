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
 * wait until the kernel's Dirty + Writeback is small or a timeout has passed, then a wait (at most
 * {@link #IDLE_TIMEOUT_SECONDS}) until the CPUs are idle: the batched INSERTs of the ceiling were once measured at load
 * 8.7 while the stack before them was still busy (24,918 rows/s against about 52,000 alone). Nothing the services do is
 * changed; what was reached is printed beside the figure.
 */
public final class Quiesce {

    /** Dirty + Writeback at or below this counts as quiet. */
    private static final long QUIET_KB = 64 * 1024;

    /** Share of all CPU time spent idle over one {@link #IDLE_SAMPLE_MILLIS} sample that counts as an idle machine. */
    static final double IDLE_SHARE = 0.85;

    /** How long one idle sample is (/proc/stat before and after). */
    static final long IDLE_SAMPLE_MILLIS = 1000;

    /** The longest wait for an idle machine: a shared machine may never get there, and the printed state says so. */
    static final int IDLE_TIMEOUT_SECONDS = 45;

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

    /**
     * The CPUs' idle share over the last sample before a measured phase ({@code idleShare} &lt; 0: unknown, no
     * /proc/stat), and how long the wait for it took.
     */
    public record Idle(double idleShare, double waitedSeconds) {

        boolean idle() {
            return idleShare < 0 || idleShare >= IDLE_SHARE;
        }

        /** "CPU 96 % idle over 1 s (waited 3.0 s)". */
        public String describe() {
            if (idleShare < 0) {
                return "CPU idle unknown";
            }
            return String.format(Locale.ROOT, "CPU %.0f %% idle over %d s (waited %.1f s)%s", idleShare * 100,
                    IDLE_SAMPLE_MILLIS / 1000, waitedSeconds, idle() ? ""
                            : String.format(Locale.ROOT, " (not %.0f %% idle within %d s: other work was running)",
                                    IDLE_SHARE * 100, IDLE_TIMEOUT_SECONDS));
        }
    }

    /** What {@link #before} did and the state it left: printed and written beside the figure it preceded. */
    public record Result(double seconds, boolean vacuumed, State state, Idle idle) {

        public String describe() {
            return String.format(Locale.ROOT, "quiesced in %.1f s (%sCHECKPOINT, sync, idle CPU): %s%s; %s", seconds,
                    vacuumed ? "VACUUM ANALYZE, " : "", state.describe(),
                    state.quiet() ? "" : " (not quiet within the timeout: other work was writing)", idle.describe());
        }
    }

    /**
     * Waits until the CPUs spent at least {@link #IDLE_SHARE} of one {@link #IDLE_SAMPLE_MILLIS} sample idle (the
     * "idle" column of /proc/stat's first line against all its columns), or {@link #IDLE_TIMEOUT_SECONDS} have gone.
     * Back-to-back samples: it costs one second on an idle machine.
     */
    public static Idle awaitIdle() {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(IDLE_TIMEOUT_SECONDS);
        long[] before = cpuTimes();
        double share = -1;
        while (before != null) {
            try {
                Thread.sleep(IDLE_SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long[] after = cpuTimes();
            if (after == null) {
                break;
            }
            long total = after[0] - before[0];
            share = total <= 0 ? 0 : (double) (after[1] - before[1]) / total;
            before = after;
            if (share >= IDLE_SHARE || System.nanoTime() > deadline) {
                break;
            }
        }
        return new Idle(share, (System.nanoTime() - started) / 1e9);
    }

    /** {total, idle} jiffies of all CPUs from /proc/stat's "cpu" line; null where there is none (not Linux). */
    static long[] cpuTimes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] fields = line.trim().split("\\s+");
                    long total = 0;
                    // user nice system idle iowait irq softirq steal (guest times are already in user and nice).
                    for (int n = 1; n < Math.min(fields.length, 9); n++) {
                        total += Long.parseLong(fields[n]);
                    }
                    return new long[] {total, Long.parseLong(fields[4])};
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: unknown, said so in the text.
        }
        return null;
    }

    /**
     * Quiets the disk and the PostgreSQL at {@code jdbcUrl} before a measured phase: {@code VACUUM (ANALYZE)} of that
     * database first when {@code vacuum}, then {@code CHECKPOINT}, {@code sync}, and a wait of at most
     * {@code timeoutSeconds} for Dirty + Writeback to be small, then {@link #awaitIdle()}. Prints one line naming
     * {@code before}.
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
        Idle idle = awaitIdle();
        Result result = new Result((System.nanoTime() - started) / 1e9, vacuumed, state, idle);
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
