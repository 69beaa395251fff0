package io.ledgerline.receivables.it;

import io.ledgerline.receivables.ledger.AccountRepository;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.core.Context;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folding an account and deciding on it is CPU work that grows with the account: it must never run on a Vert.x event
 * loop, which would stall every request and poll sharing that loop. Asked from an event loop, the repository hands
 * its results over on a worker thread.
 */
@QuarkusTest
class OffTheEventLoopTest extends LedgerTestBase {

    @Inject
    AccountRepository accounts;

    @Inject
    Pool pool;

    @Test
    void accounts_and_histories_are_handed_over_off_the_event_loop() throws Throwable {
        boolean[] askedOnEventLoop = new boolean[1];
        Boolean loadedOnEventLoop = VertxContextSupport.subscribeAndAwait(() -> {
            askedOnEventLoop[0] = Context.isOnEventLoopThread();
            return accounts.load(pool, List.of(customer)).map(loaded -> Context.isOnEventLoopThread());
        });
        Boolean historyOnEventLoop = VertxContextSupport.subscribeAndAwait(() ->
                accounts.history(pool, customer).map(events -> Context.isOnEventLoopThread()));
        Boolean freshOnEventLoop = VertxContextSupport.subscribeAndAwait(() ->
                accounts.loadFresh(pool, customer).map(loaded -> Context.isOnEventLoopThread()));
        Boolean currentOnEventLoop = VertxContextSupport.subscribeAndAwait(() ->
                accounts.loadCurrent(pool, customer).map(loaded -> Context.isOnEventLoopThread()));
        // Twice: the first from the store, the second from the state kept by the first.
        Boolean flowsOnEventLoop = VertxContextSupport.subscribeAndAwait(() ->
                accounts.loadForFlows(pool, List.of(customer)).map(loaded -> Context.isOnEventLoopThread()));
        Boolean flowsKeptOnEventLoop = VertxContextSupport.subscribeAndAwait(() ->
                accounts.loadForFlows(pool, List.of(customer)).map(loaded -> Context.isOnEventLoopThread()));

        assertThat(askedOnEventLoop[0]).as("the test asks from an event loop").isTrue();
        assertThat(loadedOnEventLoop).isFalse();
        assertThat(historyOnEventLoop).isFalse();
        assertThat(freshOnEventLoop).isFalse();
        assertThat(currentOnEventLoop).isFalse();
        assertThat(flowsOnEventLoop).isFalse();
        assertThat(flowsKeptOnEventLoop).isFalse();
    }
}
