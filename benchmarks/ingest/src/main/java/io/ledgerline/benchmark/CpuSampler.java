package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each part of the stack over a phase, from Linux's /proc (read only), to show where a bottleneck
 * is rather than guess: on a 2-core machine, whichever process uses the cores is what limits ingest.
 * Parts: receivables-service, PostgreSQL (all its processes, including backends that exited, via the postmaster's
 * reaped-children time), the Kafka broker, this benchmark, and, when the whole local stack runs, each other service
 * of this checkout by its name and the stack's launcher. Elsewhere than Linux it reports nothing.
 */
final class CpuSampler {

    static final String SERVICE = "receivables-service";
    static final String POSTGRES = "PostgreSQL";
    static final String KAFKA = "Kafka broker";
    static final String BENCHMARK = "benchmark (producer + consumers)";
    static final String LAUNCHER = "stack launcher (token issuer)";
    /** A service's fast-jar in this checkout: {@code <module>/target/quarkus-app/quarkus-run.jar}. */
    private static final java.util.regex.Pattern SERVICE_JAR =
            java.util.regex.Pattern.compile("([a-z-]+-service)/target/quarkus-app/quarkus-run\\.jar");
    /** Everything else that ran meanwhile (on a shared machine: other builds and tests). */
    static final String OTHER = "other processes";

    /**
     * Writes CPU seconds per part into properties (a phase run in another process, e.g. in a stack of its own, hands
     * its figures to the report this way); {@link #load} reads them back in the same order.
     */
    static void store(java.util.Properties p, Map<String, Double> cpuSeconds) {
        java.util.List<String> parts = new java.util.ArrayList<>(cpuSeconds.keySet());
        p.setProperty("cpu.parts", String.join("|", parts));
        for (int i = 0; i < parts.size(); i++) {
            p.setProperty("cpu." + i, Double.toString(cpuSeconds.get(parts.get(i))));
        }
    }

    static Map<String, Double> load(java.util.Properties p) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        String names = p.getProperty("cpu.parts", "");
        if (!names.isEmpty()) {
            String[] parts = names.split("\\|");
            for (int i = 0; i < parts.length; i++) {
                cpu.put(parts[i], Double.parseDouble(p.getProperty("cpu." + i)));
            }
        }
        return cpu;
    }

    /** CPU seconds per part, plus the machine's busy and total time. */
    record Snapshot(Map<String, Double> seconds, double machineBusy, double machineTotal, long nanos) {
    }

    private final double ticksPerSecond = clockTicks();
    private final long self = ProcessHandle.current().pid();
    /**
     * Only this stack's processes count (their command lines name this checkout): on a shared machine other people's
     * brokers, databases and services come and go, and summing theirs would make the figures meaningless.
     */
    private final String root = Path.of(System.getProperty("ledgerline.root", "")).toAbsolutePath().normalize()
            .toString();

    Snapshot take() {
        Map<String, Double> parts = new LinkedHashMap<>();
        for (String part : new String[] {SERVICE, POSTGRES, KAFKA, BENCHMARK}) {
            parts.put(part, 0.0);
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                String part = partOf(p);
                if (part != null) {
                    parts.merge(part, cpuSeconds(p), Double::sum);
                }
            });
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc unreadable: no breakdown.
        }
        double busy = 0;
        double total = 0;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                double v = Long.parseLong(cpu[i]) / ticksPerSecond;
                total += v;
                // idle (4th) and iowait (5th) are the time nothing ran.
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No machine figure.
        }
        return new Snapshot(parts, busy, total, System.nanoTime());
    }

    /** CPU seconds used between two snapshots, per part, and the machine's busy share (0..1 of all cores). */
    static Map<String, Double> between(Snapshot from, Snapshot to) {
        Map<String, Double> used = new LinkedHashMap<>();
        to.seconds().forEach((part, s) -> used.put(part, Math.max(0, s - from.seconds().getOrDefault(part, 0.0))));
        double parts = used.values().stream().mapToDouble(Double::doubleValue).sum();
        double machine = to.machineBusy() - from.machineBusy();
        if (machine > 0) {
            used.put(OTHER, Math.max(0, machine - parts));
        }
        return used;
    }

    static double machineBusyShare(Snapshot from, Snapshot to) {
        double total = to.machineTotal() - from.machineTotal();
        return total <= 0 ? Double.NaN : (to.machineBusy() - from.machineBusy()) / total;
    }

    private String partOf(Path proc) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid == self) {
            return BENCHMARK;
        }
        try {
            String comm = Files.readString(proc.resolve("comm")).trim();
            String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            if (comm.equals("postgres")) {
                // The postmaster names its data folder; its backends are its children.
                return cmdline.contains(root) || ours(parentOf(proc)) ? POSTGRES : null;
            }
            if (!cmdline.contains(root)) {
                return null;
            }
            if (cmdline.contains("kafka.Kafka")) {
                return KAFKA;
            }
            java.util.regex.Matcher jar = SERVICE_JAR.matcher(cmdline);
            if (jar.find()) {
                return jar.group(1);
            }
            if (cmdline.contains("io.ledgerline.localstack.LocalStack")) {
                return LAUNCHER;
            }
        } catch (IOException | RuntimeException e) {
            // The process exited meanwhile.
        }
        return null;
    }

    private boolean ours(Path proc) {
        try {
            return proc != null && new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
                    .contains(root);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Path parentOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Path.of("/proc", f[1]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime + cutime + cstime (fields 14-17 of /proc/pid/stat), in seconds. */
    private double cpuSeconds(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // The command name (field 2) may hold spaces; fields after it start past the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // f[0] is field 3 (state): utime is field 14 = f[11].
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return ticks / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            getconf.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException | InterruptedException e) {
            // USER_HZ is 100 on every mainstream Linux architecture.
            return 100;
        }
    }
}
