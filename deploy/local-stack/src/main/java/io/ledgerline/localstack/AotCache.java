package io.ledgerline.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The JDK's ahead-of-time cache of one service's build ({@code app.aot} beside its {@code quarkus-run.jar}): the
 * classes of a start already loaded and linked, and the methods' profiles of a run, so the next start neither loads
 * them from the jars again nor waits as long for the JIT to learn what is hot (JEP 483, 514 and 515; JDK 25 or later,
 * and the service packaged as Quarkus' {@code aot-jar}, whose classes the JVM's own class loader loads).
 *
 * <p>{@link Mode#USE} (the default) starts from the cache when the build has a current one and plainly otherwise;
 * {@link Mode#TRAIN} records one ({@code -XX:AOTCacheOutput}), which the JVM writes when the service stops (a SIGTERM;
 * a {@code kill -9} writes none). Training is asked for, never automatic: a recording start took twice as long, and
 * its stop half a minute more per service, which a developer's rebuild-and-run loop and a test's throw-away stack
 * should not pay (deploy/README.md, "Faster starts"). Why a cache at all: the first minute after a start was cold code
 * on a busy CPU, with the records arriving meanwhile queued behind it (benchmarks/README.md, "The first minute's tail").
 */
final class AotCache {

    /** One-step training ({@code -XX:AOTCacheOutput}, JEP 514) and method profiles (JEP 515) came with JDK 25. */
    static final int FIRST_JDK = 25;

    private static final AtomicLong TRAININGS = new AtomicLong();

    private final Path cache;
    private final Path build;

    AotCache(Path runner) {
        this.build = runner.getParent();
        this.cache = build.resolve("app.aot");
    }

    /** What the launcher does with a build's cache ({@code LEDGERLINE_AOT_CACHE}). */
    enum Mode {
        /** Plain starts: no cache read or written. */
        OFF,
        /** Start from the build's cache when it has a current one (the default). */
        USE,
        /** Record the cache in this run, written as each service stops; it replaces the build's cache. */
        TRAIN;

        static Mode of(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "off", "false", "0" -> OFF;
                case "use", "on", "true", "1" -> USE;
                case "train" -> TRAIN;
                default -> throw new StackStartException("LEDGERLINE_AOT_CACHE must be use, train or off, not '"
                        + value + "'");
            };
        }
    }

    /** Whether this JDK can train and use one. */
    static boolean supported(int jdkFeature) {
        return jdkFeature >= FIRST_JDK;
    }

    /** Whether {@code app.aot} is there and newer than every jar of the build (a rebuild makes it stale). */
    boolean current() {
        if (!Files.isRegularFile(cache)) {
            return false;
        }
        FileTime cached = modified(cache);
        try (Stream<Path> files = Files.walk(build)) {
            return files.filter(p -> p.toString().endsWith(".jar"))
                    .allMatch(jar -> modified(jar).compareTo(cached) < 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JVM options of the next start: for {@link Mode#USE} the cache when it is current (none otherwise); for
     * {@link Mode#TRAIN} a recording into a file of its own (two instances of one service may train at once), which
     * {@link #keep} puts in place after a clean stop.
     */
    Start nextStart(Mode mode) {
        if (mode == Mode.OFF || (mode == Mode.USE && !current())) {
            return new Start(List.of(), Optional.empty());
        }
        if (mode == Mode.USE) {
            return new Start(List.of("-XX:AOTCache=" + cache), Optional.empty());
        }
        Path training = build.resolve("app.aot.training-" + ProcessHandle.current().pid() + "-"
                + TRAININGS.incrementAndGet());
        return new Start(List.of("-XX:AOTCacheOutput=" + training), Optional.of(training));
    }

    /** After the training run stopped cleanly: its cache becomes the build's (the last one to finish wins). */
    void keep(Path training) {
        if (!Files.isRegularFile(training)) {
            return;
        }
        try {
            Files.move(training, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A training run that did not stop cleanly may have left half a file (and the JVM's own working file): never used. */
    void discard(Path training) {
        try {
            Files.deleteIfExists(training);
            Files.deleteIfExists(training.resolveSibling(training.getFileName() + ".config"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file() {
        return cache;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options of one start, and the file its training writes, if it trains. */
    record Start(List<String> jvmOptions, Optional<Path> training) {
    }
}
