package io.ledgerline.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How long the machine itself stopped running anything, measured beside a benchmark's rows: a small process of its
 * own (this class's {@link #main}: nothing allocated in its loops, so its collector hardly runs) has a thread pinned
 * to each CPU and one the scheduler places, all at the highest scheduling priority they may have (nice -20), each
 * sleeping 1 ms at a time and reporting every wake-up more than {@value #THRESHOLD_MS} ms late. Nothing of the
 * benchmark runs in it, so a pinned thread late is time when its CPU ran nothing (a virtual machine's CPU not run by
 * its host, the kernel), and the unpinned one late is a thread held up wherever it was: either holds up the measured
 * processes' threads alike. Busy cores alone do not (beside three CPU burners on the two cores none was 10 ms late
 * when this was written). A row's tail can then be read beside the stalls in the same seconds (benchmarks/README.md,
 * "The machine's own stalls"). Both processes read {@link System#nanoTime()}, which HotSpot takes from the machine's
 * monotonic clock.
 * <p>
 * The same process probes the disk: every {@value #DISK_EVERY_MS} ms it rewrites one block of a small file of its own
 * on the file system the stacks keep their data on and waits for it to reach the disk, as a database's COMMIT waits
 * for its WAL; a sync longer than the threshold is recorded. A slow commit beside a slow sync waited for the disk, not
 * for a CPU (benchmarks/README.md, "The disk's own stalls").
 */
public final class MachineStalls {

    /** The pinned sleepers' lines, the unpinned one's, and the disk probe's. */
    private static final String CPU = "C";
    private static final String HELD = "T";
    private static final String DISK = "D";

    /** The disk probe: one block written in place and synced, every {@value #DISK_EVERY_MS} ms. */
    private static final int DISK_BLOCK = 8192;
    private static final long DISK_EVERY_MS = 10;
    /** The probe's file cycles over this many bytes, written and synced once at its start (no allocation later). */
    private static final int DISK_FILE = 1 << 20;

    /** Wake-ups later than this are recorded. */
    public static final long THRESHOLD_MS = 10;

    /** What the meter is, for a report's method section (see {@link #methodNote()}). */
    private static final String NOTE = "- Machine stalls: while the benchmark runs, a small process of its own has one"
            + " thread per CPU, pinned to it, and one more left to the scheduler, each sleeping 1 ms at a time at the"
            + " highest priority it may have and reporting each wake-up more than " + THRESHOLD_MS + " ms late. A"
            + " row's \"machine stall\" cell gives the pinned ones' longest delay and count (\"CPU\": a CPU of the"
            + " machine not running anything, which whatever was on it waits through) and the unpinned one's (\"a"
            + " thread\": held up while the CPUs may have run others, as any of the measured processes' threads can"
            + " be). Busy cores alone delay such a thread by a few milliseconds; a row's max as long as a delay beside"
            + " it is the machine's, not the code's (benchmarks/README.md, \"The machine's own stalls\"). \"disk\":"
            + " a thread of the same process writes one " + DISK_BLOCK / 1024 + " KiB block in place in a file of its"
            + " own on the benchmark's file system (the databases' and the broker's) every " + DISK_EVERY_MS + " ms"
            + " and waits for it to reach the disk (fdatasync, as a COMMIT's WAL flush does); the cell gives the"
            + " syncs that took more than " + THRESHOLD_MS + " ms, the longest and how many: a commit in the same"
            + " moment waits at least as long.\n";

    private static final MachineStalls SHARED = new MachineStalls();

    /** Late wake-ups: when a sleeper woke (System.nanoTime), how late it was (ns), 1 if the unpinned one, else 0. */
    private final List<long[]> stalls = new ArrayList<>();
    private volatile String priority = "not started";
    private volatile boolean started;
    /** When the disk probe stopped (System.nanoTime), or Long.MAX_VALUE while it runs or never ran. */
    private volatile long diskStoppedAt = Long.MAX_VALUE;

    private MachineStalls() {
    }

    /** The meter of this JVM, started on first use. */
    public static MachineStalls shared() {
        SHARED.start();
        return SHARED;
    }

    private synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process meter = new ProcessBuilder(java, "-Xmx16m", "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), MachineStalls.class.getName(), probeDirectory().toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Thread reader = new Thread(() -> read(meter), "machine-stalls");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            priority = "not measured (" + e.getMessage() + ")";
        }
    }

    /** Reads the meter's lines: how its sleepers run first, then "woke-at-ns late-ns" per stall. */
    private void read(Process meter) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(meter.getInputStream()))) {
            String first = lines.readLine();
            priority = first == null ? "not measured (the meter ended)" : first;
            for (String line; (line = lines.readLine()) != null; ) {
                String[] fields = line.split(" ");
                if (fields[0].equals(DISK) && Long.parseLong(fields[2]) < 0) {
                    diskStoppedAt = Long.parseLong(fields[1]);
                    continue;
                }
                synchronized (stalls) {
                    stalls.add(new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2]),
                            fields[0].equals(HELD) ? 1 : fields[0].equals(DISK) ? 2 : 0});
                }
            }
        } catch (IOException | RuntimeException e) {
            priority = "stopped (" + e + ")";
        }
    }

    /**
     * The meter: one thread per CPU, each pinned to its CPU, and one unpinned; prints what they got, then one line per
     * late wake-up of any of them; ends when its standard input closes (the benchmark's JVM ended). One per CPU because
     * a stall can be one CPU's alone (a virtual CPU its host does not run): a single sleeper sees only the CPU it
     * happens to be on.
     */
    public static void main(String[] args) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; end of input is the benchmark's end
                }
            } catch (IOException ignored) {
                // the same: the benchmark is gone
            }
            System.exit(0);
        }, "stdin");
        watch.setDaemon(true);
        watch.start();
        int cpus = Runtime.getRuntime().availableProcessors();
        List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(cpus + 1);
        // The first line is what they got; no stall line may come before it.
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int cpu = 0; cpu < cpus; cpu++) {
            int pinned = cpu;
            Thread sleeper = new Thread(() -> {
                got.add(settle(pinned));
                ready.countDown();
                awaitQuietly(go);
                sleep(CPU);
            }, "cpu-" + cpu);
            sleeper.start();
        }
        // And one the scheduler places where it likes, as it places the services' threads: a thread can be held up
        // while its CPU runs others, which the pinned ones (always on their own CPU) do not see.
        Thread roaming = new Thread(() -> {
            got.add("and one unpinned, " + settle(-1));
            ready.countDown();
            awaitQuietly(go);
            sleep(HELD);
        }, "any-cpu");
        roaming.start();
        awaitQuietly(ready);
        String disk = args.length == 0 ? "no disk probe" : startDiskProbe(Path.of(args[0]), go);
        System.out.println(got.stream().sorted().distinct().collect(java.util.stream.Collectors.joining("; "))
                + "; " + disk);
        System.out.flush();
        go.countDown();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(String kind) {
        long sleep = TimeUnit.MILLISECONDS.toNanos(1);
        long threshold = TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS);
        long before = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(sleep);
            long now = System.nanoTime();
            long late = now - before - sleep;
            if (late > threshold) {
                synchronized (System.out) {
                    System.out.println(kind + " " + now + " " + late);
                    System.out.flush();
                }
            }
            before = now;
        }
    }

    /**
     * Where the disk probe writes: the benchmarks' build folder under the repository (the file system the stacks keep
     * their databases and broker logs on), else the JVM's temporary folder.
     */
    private static Path probeDirectory() {
        String root = System.getProperty("ledgerline.root");
        Path target = root == null ? null : Path.of(root, "benchmarks", "target");
        return target != null && Files.isDirectory(target) ? target
                : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Starts the disk probe (at normal priority: it is the disk it waits for): a file of {@value #DISK_FILE} bytes
     * written and synced once, then one block of it rewritten in place and synced ({@code force(false)}: the data,
     * as fdatasync) every {@value #DISK_EVERY_MS} ms, each sync longer than the threshold reported. Says what it does.
     */
    private static String startDiskProbe(Path directory, java.util.concurrent.CountDownLatch go) {
        Path file = directory.resolve("disk-probe-" + ProcessHandle.current().pid());
        java.nio.channels.FileChannel channel;
        try {
            channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            file.toFile().deleteOnExit();
            java.nio.ByteBuffer whole = java.nio.ByteBuffer.allocate(DISK_FILE);
            while (whole.hasRemaining()) {
                channel.write(whole, whole.position());
            }
            channel.force(true);
        } catch (IOException e) {
            return "no disk probe (" + e.getMessage() + ")";
        }
        Thread probe = new Thread(() -> {
            awaitQuietly(go);
            java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(DISK_BLOCK);
            long threshold = TimeUnit.MILLISECONDS.toNanos(THRESHOLD_MS);
            long offset = 0;
            try {
                while (true) {
                    block.clear();
                    block.putLong(0, System.nanoTime());
                    long before = System.nanoTime();
                    while (block.hasRemaining()) {
                        channel.write(block, offset + block.position());
                    }
                    channel.force(false);
                    long now = System.nanoTime();
                    if (now - before > threshold) {
                        synchronized (System.out) {
                            System.out.println(DISK + " " + now + " " + (now - before));
                            System.out.flush();
                        }
                    }
                    offset = (offset + DISK_BLOCK) % DISK_FILE;
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(DISK_EVERY_MS));
                }
            } catch (IOException e) {
                // The disk probe stops; the sleepers go on. Its cells then read as if no sync was slow: say so.
                synchronized (System.out) {
                    System.out.println(DISK + " " + System.nanoTime() + " -1");
                    System.out.flush();
                }
            }
        }, "disk");
        probe.setDaemon(true);
        probe.start();
        return "a disk probe of " + DISK_BLOCK / 1024 + " KiB synced every " + DISK_EVERY_MS + " ms in "
                + directory.getFileName();
    }

    /**
     * Pins this thread to {@code cpu} (none if negative) and renices it (Linux nice and affinity are per thread); says
     * what it got.
     */
    private static String settle(int cpu) {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            String tid = self.substring(self.lastIndexOf('/') + 1);
            String pinned = cpu < 0 ? "" : run("taskset", "-p", "-c", Integer.toString(cpu), tid) ? "one per CPU, "
                    : "one per CPU asked, not pinned (taskset refused), ";
            String nice = run("renice", "-n", "-20", "-p", tid) ? "nice -20" : "normal priority (renice refused)";
            return pinned + nice;
        } catch (IOException | RuntimeException e) {
            return "normal priority, not pinned (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "normal priority, not pinned";
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    }

    /** The method section's item on the meter, with what its threads got (pinned, priority): one line. */
    public static String methodNote() {
        return NOTE.replace("\n", "") + " The meter's threads: " + shared().priority() + ".\n";
    }

    /** What the meter's threads got (pinned, priority), once its first line came. */
    private String priority() {
        return priority;
    }

    /** Starts a window; {@link Window#close()} ends it. */
    public Window open() {
        return new Window(this, System.nanoTime());
    }

    /** The stalls of one stretch of time. */
    public static final class Window {
        private final MachineStalls meter;
        private final long from;
        private Stalls result;

        private Window(MachineStalls meter, long from) {
            this.meter = meter;
            this.from = from;
        }

        /** Ends the window (once; later calls give the same figures). */
        public Stalls close() {
            if (result == null) {
                long to = System.nanoTime();
                long longest = 0;
                long total = 0;
                int count = 0;
                long heldLongest = 0;
                int held = 0;
                long diskLongest = 0;
                int disk = 0;
                synchronized (meter.stalls) {
                    for (long[] stall : meter.stalls) {
                        // A stall counts where it ended: the thread woke within the window.
                        if (stall[0] < from || stall[0] > to) {
                            continue;
                        }
                        if (stall[2] == 2) {
                            diskLongest = Math.max(diskLongest, stall[1]);
                            disk++;
                        } else if (stall[2] == 1) {
                            heldLongest = Math.max(heldLongest, stall[1]);
                            held++;
                        } else {
                            longest = Math.max(longest, stall[1]);
                            total += stall[1];
                            count++;
                        }
                    }
                }
                boolean diskMeasured = meter.priority.contains("a disk probe") && meter.diskStoppedAt > to;
                result = new Stalls(count, longest / 1e6, total / 1e6, held, heldLongest / 1e6, diskMeasured, disk,
                        diskLongest / 1e6);
            }
            return result;
        }
    }

    /**
     * Stalls over the threshold in a window: of the pinned sleepers (a CPU not running them) how many, the longest and
     * their sum, in ms; of the unpinned one (held up, wherever it was) how many and the longest; and of the disk
     * probe's syncs, whether it ran the whole window, how many were slow and the longest.
     */
    public record Stalls(int count, double longestMillis, double totalMillis, int heldCount, double heldLongestMillis,
                         boolean diskMeasured, int diskCount, double diskLongestMillis) {

        /** "CPU 14 ms (3); a thread 212 ms (5); disk 61 ms (2)", or "none" when nothing was late beyond the threshold. */
        public String cell() {
            String disk = !diskMeasured ? "; disk not measured" : diskCount == 0 ? ""
                    : String.format(Locale.ROOT, "; disk %.0f ms (%d)", diskLongestMillis, diskCount);
            if (count == 0 && heldCount == 0) {
                return disk.isEmpty() ? "none" : "CPU none; a thread none" + disk;
            }
            return (count == 0 ? "CPU none" : String.format(Locale.ROOT, "CPU %.0f ms (%d)", longestMillis, count))
                    + (heldCount == 0 ? "; a thread none"
                    : String.format(Locale.ROOT, "; a thread %.0f ms (%d)", heldLongestMillis, heldCount))
                    + disk;
        }

        /** For a sentence: "a CPU stalled 3 times over 10 ms, at most 14 ms (35 ms in all); a thread was held ...". */
        public String sentence() {
            String cpu = count == 0 ? "no CPU stalled more than " + THRESHOLD_MS + " ms"
                    : String.format(Locale.ROOT, "a CPU stalled %d time%s over %d ms, at most %.0f ms (%.0f ms in"
                    + " all)", count, count == 1 ? "" : "s", THRESHOLD_MS, longestMillis, totalMillis);
            String thread = heldCount == 0 ? "the unpinned sleeper was never held more than " + THRESHOLD_MS + " ms"
                    : String.format(Locale.ROOT, "the unpinned sleeper was held %d time%s, at most %.0f ms", heldCount,
                    heldCount == 1 ? "" : "s", heldLongestMillis);
            String disk = !diskMeasured ? "the disk was not probed"
                    : diskCount == 0 ? "no disk sync took more than " + THRESHOLD_MS + " ms"
                    : String.format(Locale.ROOT, "%d disk sync%s took more than %d ms, at most %.0f ms", diskCount,
                    diskCount == 1 ? "" : "s", THRESHOLD_MS, diskLongestMillis);
            return cpu + "; " + thread + "; " + disk;
        }
    }
}
