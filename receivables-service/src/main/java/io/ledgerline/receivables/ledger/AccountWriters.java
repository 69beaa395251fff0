package io.ledgerline.receivables.ledger;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Takes turns on accounts between this instance's own writers that decide on many accounts at once: an ingest poll
 * and a flows poll (disputes' and collections' events) never decide on and append to the same customer's account at
 * the same time. Without it, each flows poll that committed to a customer while an ingest poll was deciding on it
 * made the ingest poll fail on the stream's version; ingest then forgets every account of its poll (it decided on
 * them in place) and folds them all again from the store before deciding again. Beside disputes-service that was
 * most ingest polls (33 of 40 in a 50,000-record run), and the extra folds were most of receivables' extra CPU.
 * <p>
 * This is an optimisation only: optimistic concurrency on the stream's version stays what keeps the ledger right
 * (commands, the delinquency run and other instances do not take turns here, and a writer that lost a race is
 * decided again exactly as before). A writer waits for its turn <i>before</i> its transaction begins and gives it
 * back after it has ended, so no transaction ever waits here while it holds locks or a connection. Turns are given in
 * order of asking: a writer is let in only when none of its customers is held and none is wanted by a writer that
 * asked earlier, so neither consumer's polls can starve the other's.
 */
@ApplicationScoped
public class AccountWriters {

    /** One writer's turn: the customers it decides on; waiting until {@link #granted}, done once {@link #left}. */
    private static final class Turn {
        final Set<String> customers;
        UniEmitter<? super Void> emitter;
        boolean granted;
        boolean left;

        Turn(Set<String> customers) {
            this.customers = customers;
        }
    }

    private final Set<String> held = new HashSet<>();
    private final ArrayDeque<Turn> waiting = new ArrayDeque<>();

    /**
     * Runs {@code work} (one attempt: its transaction and what follows its commit) once no other writer of this
     * instance holds any of {@code customers}, and holds them until it has ended (item, failure or cancellation).
     */
    public <T> Uni<T> exclusively(Collection<String> customers, Supplier<Uni<T>> work) {
        Set<String> wanted = Set.copyOf(customers);
        // A turn per subscription: callers retry by subscribing again (Mutiny's retry), and each attempt must ask for
        // its own turn and give it back.
        return Uni.createFrom().deferred(() -> {
            Turn turn = new Turn(wanted);
            return Uni.createFrom().<Void>emitter(emitter -> {
                        turn.emitter = emitter;
                        ask(turn);
                    })
                    .<T>chain(ignored -> work.get())
                    .onTermination().invoke(() -> leave(turn));
        });
    }

    /** Customers held by a writer now, for tests and diagnostics. */
    public synchronized int held() {
        return held.size();
    }

    /** Writers waiting for their turn now, for tests and diagnostics. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private void ask(Turn turn) {
        List<Turn> granted;
        synchronized (this) {
            waiting.addLast(turn);
            granted = grant();
        }
        granted.forEach(t -> t.emitter.complete(null));
    }

    private void leave(Turn turn) {
        List<Turn> granted;
        synchronized (this) {
            if (turn.left) {
                return;
            }
            turn.left = true;
            if (turn.granted) {
                held.removeAll(turn.customers);
            } else {
                waiting.remove(turn);
            }
            granted = grant();
        }
        granted.forEach(t -> t.emitter.complete(null));
    }

    /** The waiting writers that may go now, in order of asking; called under the lock, completed outside it. */
    private List<Turn> grant() {
        List<Turn> granted = new ArrayList<>();
        Set<String> wantedEarlier = new HashSet<>();
        for (Iterator<Turn> it = waiting.iterator(); it.hasNext(); ) {
            Turn turn = it.next();
            if (disjoint(turn.customers, held) && disjoint(turn.customers, wantedEarlier)) {
                it.remove();
                turn.granted = true;
                held.addAll(turn.customers);
                granted.add(turn);
            } else {
                wantedEarlier.addAll(turn.customers);
            }
        }
        return granted;
    }

    private static boolean disjoint(Set<String> a, Set<String> b) {
        Set<String> small = a.size() <= b.size() ? a : b;
        Set<String> large = small == a ? b : a;
        for (String id : small) {
            if (large.contains(id)) {
                return false;
            }
        }
        return true;
    }
}
