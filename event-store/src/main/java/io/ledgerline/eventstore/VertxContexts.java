package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Helpers for work that completes on a thread of ours (Kafka's, a loop's) but was asked for on a Vert.x context. */
final class VertxContexts {

    private VertxContexts() {
    }

    /**
     * Delivers {@code work}'s outcome on the Vert.x context of whoever subscribes, if any, so the caller goes on
     * where it was (its Hibernate Reactive session, for one, belongs to that context).
     */
    static <T> Uni<T> completeOnCallerContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return caller == null ? work : work.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }
}
