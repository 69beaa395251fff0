package io.ledgerline.eventstore;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A reader of the global order on its own thread: runs a step again at once while there is more to read, idles
 * for the poll interval when caught up (or until woken), and backs off after a failure. Blocking here is fine: it
 * is never a Vert.x event loop.
 */
final class TailingLoop {

    /** One read-and-handle round; returns true when more events may already be waiting. */
    interface Step {
        boolean run() throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(TailingLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String name;
    private final Duration pollInterval;
    private final Step step;
    private final Runnable afterFailure;
    private final Semaphore wakeUp = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

    /** {@code afterFailure} runs before the retry, e.g. to forget state that may not have been committed. */
    TailingLoop(String name, Duration pollInterval, Step step, Runnable afterFailure) {
        this.name = name;
        this.pollInterval = pollInterval;
        this.step = step;
        this.afterFailure = afterFailure;
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
        wakeUp.release();
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
        while (running) {
            try {
                boolean more = step.run();
                backoff = pollInterval;
                if (!more) {
                    pause(pollInterval);
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
    }

    private void pause(Duration duration) {
        try {
            if (wakeUp.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                // One look serves every wake-up that arrived meanwhile.
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
