package io.ledgerline.eventstore;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The loop alone (no database): how wake-ups turn into steps. */
class TailingLoopTest {

    @Test
    void wakeUpsWithinTheWakeIntervalShareOneStep() {
        List<Long> stepStarts = new CopyOnWriteArrayList<>();
        Duration wakeInterval = Duration.ofSeconds(1);
        TailingLoop loop = recordingSteps(stepStarts, Duration.ofMinutes(1), wakeInterval);
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> stepStarts.size() == 1);
            // A burst, as one wake-up per committed command: all of it within the interval after the first step.
            for (int i = 0; i < 50; i++) {
                loop.wake();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> stepStarts.size() >= 2);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> stepStarts.size() == 2);
            assertThat(Duration.ofNanos(stepStarts.get(1) - stepStarts.get(0)))
                    .as("the step the burst asked for starts no sooner than the interval after the last one")
                    .isGreaterThanOrEqualTo(wakeInterval);
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void withoutAWakeIntervalEveryWakeUpAfterAStepStartsAnother() {
        List<Long> stepStarts = new CopyOnWriteArrayList<>();
        TailingLoop loop = new TailingLoop("test-loop", Duration.ofMinutes(1), () -> {
            stepStarts.add(System.nanoTime());
            return false;
        }, () -> { }, null);
        loop.start();
        try {
            for (int expected = 2; expected <= 4; expected++) {
                int before = stepStarts.size();
                loop.wake();
                await().atMost(Duration.ofSeconds(10)).until(() -> stepStarts.size() > before);
            }
            assertThat(stepStarts).hasSizeGreaterThanOrEqualTo(4);
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void theEndOfAnOlderTransactionStartsAStepOnlyWhenEventsWereHeldBack() {
        List<Long> stepStarts = new CopyOnWriteArrayList<>();
        // Long enough that only the signal can start a step within the test.
        Duration waitLong = Duration.ofMinutes(1);
        TailingLoop loop = recordingSteps(stepStarts, waitLong, waitLong);
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> stepStarts.size() == 1);
            loop.olderTransactionEnded();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> stepStarts.size() == 1);

            // The last step found events held back (as the relay's step says through heldBack()): the end of the
            // transaction holding them starts a step at once, the wake interval notwithstanding.
            loop.heldBack();
            loop.olderTransactionEnded();
            await().atMost(Duration.ofSeconds(10)).until(() -> stepStarts.size() == 2);
        } finally {
            loop.stop(Duration.ofSeconds(5));
        }
    }

    /** A loop whose step only records when it started and finds nothing to do. */
    private static TailingLoop recordingSteps(List<Long> stepStarts, Duration pollInterval, Duration wakeInterval) {
        return new TailingLoop("test-loop", pollInterval, wakeInterval, () -> {
            stepStarts.add(System.nanoTime());
            return false;
        }, () -> { }, null);
    }
}
