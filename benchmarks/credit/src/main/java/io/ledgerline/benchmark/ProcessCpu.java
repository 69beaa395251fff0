package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time a process has used, from {@code /proc/<pid>/stat} (Linux): what a request costs, which a shared machine
 * changes far less than the rate. PostgreSQL is counted as its postmaster and every backend it started (live backends'
 * own time, plus what ended ones left in the postmaster's children's time).
 */
final class ProcessCpu {

    /** USER_HZ: the unit of /proc's times on every Linux of the usual architectures. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu() {
    }

    /** Seconds of CPU the process used so far (user + system), or NaN if /proc cannot tell. */
    static double seconds(long pid) {
        long[] t = times(pid);
        return t == null ? Double.NaN : (t[0] + t[1]) / TICKS_PER_SECOND;
    }

    /** Seconds of CPU the postmaster and its backends used so far, or NaN if /proc cannot tell. */
    static double treeSeconds(long postmaster) {
        long[] own = times(postmaster);
        if (own == null) {
            return Double.NaN;
        }
        long ticks = own[0] + own[1] + own[2] + own[3];
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                long[] child = times(pid);
                if (child != null && child[4] == postmaster) {
                    ticks += child[0] + child[1];
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime, ppid; null if the process is gone or /proc is not there. */
    private static long[] times(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return null;
        }
        // After the command name in parentheses (which may hold spaces): state, ppid, ... utime is field 14.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]), Long.parseLong(f[1])};
    }
}
