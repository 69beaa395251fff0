package io.ledgerline.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the launcher does with its child processes: stop them politely, and measure them. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** SIGTERM, then SIGKILL if the process (and its own children) hasn't exited within {@code grace}. */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.printf("  pid %d did not stop within %d s; killing it%n", process.pid(), grace.toSeconds());
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * Memory of a process and its descendants in MiB, from /proc (Linux); -1 where /proc isn't there. Each process
     * counts its proportional set size (PSS: its own pages, plus shared pages divided among the processes sharing
     * them), so PostgreSQL's shared buffers are counted once for the server, not once per backend, and the parts add
     * up to what the stack takes. Where PSS is not available, the resident set size (RSS) stands in.
     */
    static long residentMib(long pid) {
        List<Long> pids = Stream.concat(Stream.of(pid),
                ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList();
        long kib = 0;
        for (long each : pids) {
            long value = memoryKib(each);
            if (value < 0) {
                return -1;
            }
            kib += value;
        }
        return kib / 1024;
    }

    /** Memory (PSS) of this JVM (the launcher) in MiB; -1 where /proc isn't there. */
    static long ownResidentMib() {
        long kib = memoryKib(ProcessHandle.current().pid());
        return kib < 0 ? -1 : kib / 1024;
    }

    private static long memoryKib(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            long pss = lines.filter(line -> line.startsWith("Pss:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst().orElse(-1);
            if (pss >= 0) {
                return pss;
            }
        } catch (IOException | RuntimeException noRollup) {
            // Older kernels: fall back to the resident set.
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> line.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong)
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The last lines of a log, to show why a child failed without sending the user digging. */
    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }
}
