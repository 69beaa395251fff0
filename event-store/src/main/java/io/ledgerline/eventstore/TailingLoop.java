package io.ledgerline.eventstore;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reader of the global order on its own thread: runs a step again at once while there is more to read, idles
 * for the poll interval when caught up (or until woken), and backs off after a failure. Blocking here is fine: it
 * is never a Vert.x event loop.
 * <p>
 * Given an {@link ActiveReaderLock}, it runs steps only while this instance holds the lock: every other instance on
 * the same database stands by and takes over when the active one goes away. Whenever it (re)gains the lock it calls
 * {@code forget} first, since the checkpoint it remembers may have been moved by the instance before it.
 */
final class TailingLoop {

    /** One read-and-handle round; returns true when more events may already be waiting. */
    interface Step {
        boolean run() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(TailingLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** How often a standby instance tries to become the active reader: how long a take-over takes at most. */
    private static final Duration STANDBY_INTERVAL = Duration.ofSeconds(2);

    private final String name;
    private final Duration pollInterval;
    private final Step step;
    private final Runnable afterFailure;
    private final ActiveReaderLock lock;
    /**
     * The first pause after a step found events committed but not yet readable (held back by an older transaction
     * still open), doubling while that lasts up to the poll interval: such a wait ends when that transaction ends,
     * which nothing wakes the loop for (it may be a projection's, another instance's or another database's).
     */
    static final Duration HELD_BACK_PAUSE = Duration.ofMillis(2);
    /**
     * The longest pause while events stay held back (it used to double up to the poll interval, 100 ms): the
     * transaction holding them may be another process's (another service's on the same server, another instance), and
     * the wait after it ends is up to one pause. While held back a look costs two indexed queries, no commit.
     */
    static final Duration HELD_BACK_MAX_PAUSE = Duration.ofMillis(16);

    private final Semaphore wakeUp = new Semaphore(0);
    /** When the first wake-up not yet served by a step arrived (System.nanoTime), 0 when none: {@link #takeWokenAt()}. */
    private final AtomicLong wokenAt = new AtomicLong();
    /**
     * The shortest time from one step's start to the start of a step a wake-up asks for: wake-ups that arrive within
     * it share one step. Zero: a wake-up starts a step at once.
     */
    private final Duration wakeInterval;
    /** When the last step started (System.nanoTime), for {@link #wakeInterval}. */
    private long stepStartedAt;
    /** Set by a step that found events held back; the loop then looks again within {@link #heldBackPause}. */
    private volatile boolean heldBack;
    /** Set by {@link #olderTransactionEnded()}: the next wake-up starts a step at once, wake interval or not. */
    private volatile boolean urgent;
    private Duration heldBackPause = HELD_BACK_PAUSE;
    private volatile boolean running;
    private Thread thread;

    /** {@code afterFailure} runs before the retry, e.g. to forget state that may not have been committed. */
    TailingLoop(String name, Duration pollInterval, Step step, Runnable afterFailure) {
        this(name, pollInterval, step, afterFailure, null);
    }

    /**
     * A loop that runs only while it holds {@code lock} (null: always). {@code afterFailure} also runs whenever the
     * loop becomes the active reader or stands by.
     */
    TailingLoop(String name, Duration pollInterval, Step step, Runnable afterFailure, ActiveReaderLock lock) {
        this(name, pollInterval, Duration.ZERO, step, afterFailure, lock);
    }

    /**
     * A loop whose wake-ups start a step no sooner than {@code wakeInterval} after the previous step started: a burst
     * of wake-ups (one per command committed) then causes one step per interval that reads all their events, instead
     * of one step each. The events wait at most that much longer to be read; a step that found more waiting (a full
     * batch) is followed at once, as without it.
     */
    TailingLoop(String name, Duration pollInterval, Duration wakeInterval, Step step, Runnable afterFailure,
                ActiveReaderLock lock) {
        this.wakeInterval = wakeInterval;
        this.name = name;
        this.pollInterval = pollInterval;
        this.step = step;
        this.afterFailure = afterFailure;
        this.lock = lock;
    }

    /** Whether this instance is the one running the steps (always, for a loop without a lock). */
    boolean active() {
        return running && (lock == null || lock.held());
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    boolean running() {
        return running;
    }

    /** Look again now instead of at the end of the poll interval. */
    void wake() {
        wokenAt.compareAndSet(0, System.nanoTime());
        wakeUp.release();
    }

    /**
     * When the oldest wake-up since the last call arrived (System.nanoTime), 0 if none did: a step calls it as it
     * starts, to measure how long a commit's wake-up waited for the step that serves it.
     */
    long takeWokenAt() {
        return wokenAt.getAndSet(0);
    }

    /**
     * Called by a step that found committed events it may not read yet because an older transaction is still open:
     * the loop looks again within a few milliseconds instead of the poll interval.
     */
    void heldBack() {
        heldBack = true;
    }

    /**
     * A transaction of this process that may have been holding events back has ended (a projection's batch
     * committed): if the last step found events held back, look again now, without waiting for the held-back pause
     * or the wake interval. Otherwise nothing (no step is owed).
     */
    void olderTransactionEnded() {
        if (heldBack) {
            urgent = true;
            wakeUp.release();
        }
    }

    /** Lets the round in flight finish (so its work is committed or abandoned cleanly), then ends the thread. */
    synchronized void stop(Duration timeout) {
        if (!running) {
            return;
        }
        running = false;
        wakeUp.release();
        try {
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                LOG.warnf("%s did not stop within %s; interrupting it", name, timeout);
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        Duration backoff = pollInterval;
        try {
            while (running) {
                try {
                    if (!holdLock()) {
                        pause(max(pollInterval, STANDBY_INTERVAL));
                        continue;
                    }
                    heldBack = false;
                    stepStartedAt = System.nanoTime();
                    boolean more = step.run();
                    backoff = pollInterval;
                    if (heldBack && !more) {
                        pause(heldBackPause);
                        heldBackPause = min(heldBackPause.multipliedBy(2), min(HELD_BACK_MAX_PAUSE, pollInterval));
                    } else {
                        heldBackPause = min(HELD_BACK_PAUSE, pollInterval);
                        if (!more) {
                            pause(pollInterval);
                        }
                    }
                } catch (Exception e) {
                    if (!running) {
                        return;
                    }
                    LOG.warnf(e, "%s failed; retrying in %s", name, backoff);
                    afterFailure.run();
                    pause(backoff);
                    backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
                }
            }
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /** True when this instance may run a step now. */
    private boolean holdLock() {
        if (lock == null) {
            return true;
        }
        return switch (lock.acquireOrConfirm()) {
            case HELD -> true;
            case ACQUIRED -> {
                afterFailure.run();
                yield true;
            }
            case STANDBY -> {
                afterFailure.run();
                yield false;
            }
        };
    }

    private void pause(Duration duration) {
        try {
            if (wakeUp.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                long early = Math.min(wakeInterval.toNanos(),
                        wakeInterval.toNanos() - (System.nanoTime() - stepStartedAt));
                if (early > 0 && running && !urgent) {
                    // Woken sooner than the interval after the last step: the wake-ups until it ends join this one.
                    TimeUnit.NANOSECONDS.sleep(early);
                }
                // One look serves every wake-up that arrived meanwhile.
                urgent = false;
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
