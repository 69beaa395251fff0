package io.ledgerline.receivables.ledger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The turns {@link AccountWriters} gives an ingest poll and a flows poll on their accounts (the turn-taking itself,
 * without a database: what the two consumers do with their turns is covered by {@code DisputeFlowsTest}).
 */
class AccountWritersTest {

    /** A writer's work that runs until the test ends it. */
    private static final class Work {
        final List<String> log;
        final String name;
        final AtomicReference<UniEmitter<? super String>> emitter = new AtomicReference<>();

        Work(List<String> log, String name) {
            this.log = log;
            this.name = name;
        }

        Uni<String> run() {
            return Uni.createFrom().emitter(e -> {
                log.add(name + " runs");
                emitter.set(e);
            });
        }

        boolean running() {
            return emitter.get() != null;
        }

        void end() {
            emitter.get().complete(name);
        }

        void fail() {
            emitter.get().fail(new IllegalStateException(name + " lost the race"));
        }
    }

    private static CompletableFuture<String> start(AccountWriters writers, Set<String> customers, Work work) {
        return writers.exclusively(customers, work::run).subscribeAsCompletionStage();
    }

    @Test
    void aWriterOnAnAccountAnotherHoldsWaitsUntilTheOtherHasEndedAndWritersOnOtherAccountsDoNot() {
        AccountWriters writers = new AccountWriters();
        List<String> log = new ArrayList<>();
        Work ingest = new Work(log, "ingest");
        Work flows = new Work(log, "flows");
        Work elsewhere = new Work(log, "elsewhere");

        CompletableFuture<String> ingestDone = start(writers, Set.of("C-1", "C-2", "C-3"), ingest);
        CompletableFuture<String> flowsDone = start(writers, Set.of("C-3", "C-9"), flows);
        assertThat(ingest.running()).isTrue();
        assertThat(flows.running()).as("C-3 is ingest's until its poll has ended").isFalse();
        assertThat(writers.waiting()).isEqualTo(1);

        start(writers, Set.of("C-7"), elsewhere);
        assertThat(elsewhere.running()).as("no account in common: no wait").isTrue();

        ingest.end();
        assertThat(ingestDone).isCompletedWithValue("ingest");
        assertThat(flows.running()).isTrue();
        flows.end();
        assertThat(flowsDone).isCompletedWithValue("flows");
        assertThat(log).containsExactly("ingest runs", "elsewhere runs", "flows runs");
        elsewhere.end();
        assertThat(writers.held()).isZero();
        assertThat(writers.waiting()).isZero();
    }

    @Test
    void turnsAreGivenInOrderOfAskingSoALaterWriterNeverOvertakesAWaitingOne() {
        AccountWriters writers = new AccountWriters();
        List<String> log = new ArrayList<>();
        Work firstIngest = new Work(log, "ingest 1");
        Work flows = new Work(log, "flows");
        Work nextIngest = new Work(log, "ingest 2");

        start(writers, Set.of("C-1"), firstIngest);
        start(writers, Set.of("C-1", "C-2"), flows);
        // C-2 is free, but the flows poll that asked earlier wants it: the next ingest poll waits behind it.
        start(writers, Set.of("C-2"), nextIngest);
        assertThat(nextIngest.running()).isFalse();

        firstIngest.end();
        assertThat(flows.running()).isTrue();
        assertThat(nextIngest.running()).isFalse();
        flows.end();
        assertThat(nextIngest.running()).isTrue();
        nextIngest.end();
        assertThat(log).containsExactly("ingest 1 runs", "flows runs", "ingest 2 runs");
    }

    @Test
    void aFailedOrCancelledWriterGivesItsAccountsBackAndAWaiterThatGaveUpLeavesTheQueue() {
        AccountWriters writers = new AccountWriters();
        List<String> log = new ArrayList<>();
        Work failing = new Work(log, "failing");
        Work waiter = new Work(log, "waiter");
        Work next = new Work(log, "next");

        CompletableFuture<String> failed = start(writers, Set.of("C-1"), failing);
        Cancellable gaveUp = writers.exclusively(Set.of("C-1"), waiter::run).subscribe().with(item -> {
        });
        assertThat(writers.waiting()).isEqualTo(1);
        gaveUp.cancel();
        assertThat(writers.waiting()).isZero();

        start(writers, Set.of("C-1"), next);
        failing.fail();
        assertThat(failed).isCompletedExceptionally();
        assertThat(waiter.running()).isFalse();
        assertThat(next.running()).isTrue();

        Cancellable running = writers.exclusively(Set.of("C-2"), new Work(log, "cancelled")::run).subscribe()
                .with(item -> {
                });
        assertThat(writers.held()).isEqualTo(2);
        running.cancel();
        assertThat(writers.held()).isEqualTo(1);
        next.end();
        assertThat(writers.held()).isZero();
    }

    @Test
    void eachAttemptOfARetriedWriterTakesItsOwnTurnAndGivesItBack() {
        AccountWriters writers = new AccountWriters();
        int[] attempts = new int[1];
        // As the consumers decide again after a lost race: Mutiny's retry subscribes to the same Uni again.
        String done = writers.exclusively(Set.of("C-1", "C-2"), () -> {
                    attempts[0]++;
                    assertThat(writers.held()).isEqualTo(2);
                    return attempts[0] < 3 ? Uni.createFrom().<String>failure(new IllegalStateException("lost"))
                            : Uni.createFrom().item("decided");
                })
                .onFailure().retry().atMost(5)
                .await().indefinitely();
        assertThat(done).isEqualTo("decided");
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(writers.held()).isZero();
        assertThat(writers.waiting()).isZero();

        List<String> log = new ArrayList<>();
        Work next = new Work(log, "next");
        start(writers, Set.of("C-1"), next);
        assertThat(next.running()).as("nothing left held by the retried writer").isTrue();
    }
}
