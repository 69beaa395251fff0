package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Ticks of CPU (user + system) each thread of the process has used so far, by thread id, with its name
     * ({@code /proc/<pid>/task/<tid>/stat}; the name as the kernel keeps it, at most 15 characters). Empty if /proc
     * cannot tell.
     */
    static Map<Long, ThreadTicks> threads(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                threads.put(Long.parseLong(task.getFileName().toString()),
                        new ThreadTicks(name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return threads;
    }

    /** A thread's name and the ticks of CPU it has used so far. */
    record ThreadTicks(String name, long ticks) {
    }

    /**
     * CPU milliseconds per second of each group of threads (threads of the same name with their numbers taken off,
     * e.g. every {@code vert.x-eventloop-thread-N}) between two {@link #threads} readings {@code seconds} apart,
     * highest first; threads started in between count from zero.
     */
    static List<Map.Entry<String, Double>> busiestThreads(Map<Long, ThreadTicks> before, Map<Long, ThreadTicks> after,
                                                         double seconds) {
        Map<String, Double> byName = new HashMap<>();
        after.forEach((tid, now) -> {
            ThreadTicks then = before.get(tid);
            long ticks = now.ticks() - (then == null ? 0 : then.ticks());
            if (ticks > 0) {
                byName.merge(now.name().replaceAll("[-#]?\\d+$", ""), ticks * 1000 / TICKS_PER_SECOND / seconds,
                        Double::sum);
            }
        });
        List<Map.Entry<String, Double>> sorted = new ArrayList<>(byName.entrySet());
        sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        return sorted;
    }

    /** The CPU of the JIT's compiler threads (C1, C2) in a {@link #busiestThreads} result, in its unit. */
    static double compilerMillis(List<Map.Entry<String, Double>> threads) {
        return threads.stream().filter(e -> e.getKey().startsWith("C1 Compiler") || e.getKey().startsWith("C2 Compiler"))
                .mapToDouble(Map.Entry::getValue).sum();
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
