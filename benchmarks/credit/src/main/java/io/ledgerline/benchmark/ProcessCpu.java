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

    /** The JIT counts as settled below this CPU per second of its compiler threads (5 % of one core). */
    static final double COMPILE_QUIET_MILLIS_PER_SECOND = 50;

    /** What a warm-up that waits for the JIT ran: its seconds, and the compiler threads' CPU per second in its last slice. */
    record CompileWarmup(int seconds, double lastSliceCompilerMillisPerSecond) {
    }

    /** One slice of such a warm-up: the load, for {@code seconds}; {@code index} counts the slices from 0. */
    @FunctionalInterface
    interface WarmupSlice {
        void run(int seconds, int index) throws Exception;
    }

    /**
     * Runs {@code slice} in slices of {@code sliceSeconds}: at least {@code minSeconds}, then until the process's JIT
     * compiler threads (C1, C2) used at most {@link #COMPILE_QUIET_MILLIS_PER_SECOND} of CPU per second over the last
     * slice, for at most {@code maxSeconds} in all. Prints each slice's compiler CPU, naming {@code what}. A warm-up
     * exists for the JIT (a request is a call to a running service, which is compiled); one that stops when the
     * compilers do is as long as that takes on this machine, no longer.
     */
    static CompileWarmup warmUntilCompiled(long pid, String what, int minSeconds, int maxSeconds, int sliceSeconds,
                                           WarmupSlice slice) throws Exception {
        int done = 0;
        double compilers = Double.NaN;
        for (int index = 0; done < maxSeconds; index++) {
            int seconds = Math.min(sliceSeconds, maxSeconds - done);
            Map<Long, ThreadTicks> before = threads(pid);
            long start = System.nanoTime();
            slice.run(seconds, index);
            double elapsed = (System.nanoTime() - start) / 1e9;
            compilers = compilerMillis(busiestThreads(before, threads(pid), elapsed));
            done += seconds;
            System.out.printf("Warm-up of %s: %d s; its JIT compilers used %.0f ms/s in the last %d s%n", what, done,
                    compilers, seconds);
            if (done >= minSeconds && compilers <= COMPILE_QUIET_MILLIS_PER_SECOND) {
                break;
            }
        }
        return new CompileWarmup(done, compilers);
    }

    /** The CPU of the JIT's compiler threads (C1, C2) in a {@link #busiestThreads} result, in its unit. */
    static double compilerMillis(List<Map.Entry<String, Double>> threads) {
        return threads.stream().filter(e -> isCompiler(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * Seconds of CPU the process's JIT compiler threads (C1, C2) used so far; a compiler thread that ended took its
     * time with it, as it does from the process's own.
     */
    static double compilerSeconds(long pid) {
        return threads(pid).values().stream().filter(t -> isCompiler(t.name())).mapToLong(ThreadTicks::ticks).sum()
                / TICKS_PER_SECOND;
    }

    /** HotSpot's "C1 CompilerThreadN" and "C2 CompilerThreadN", as /proc cuts them (15 characters). */
    private static boolean isCompiler(String threadName) {
        return threadName.startsWith("C1 Compiler") || threadName.startsWith("C2 Compiler");
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
