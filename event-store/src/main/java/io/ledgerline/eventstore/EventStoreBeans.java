package io.ledgerline.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.vertx.mutiny.sqlclient.Pool;

/** Makes the plain classes of this library injectable in a Quarkus service, over its default reactive datasource. */
@Singleton
public class EventStoreBeans {

    /** Every {@link EventUpcaster} bean of the application; fails at startup if two claim the same step. */
    @Produces
    @Singleton
    UpcasterChain upcasterChain(@Any Instance<EventUpcaster> upcasters) {
        return new UpcasterChain(upcasters.stream().toList());
    }

    @Produces
    @Singleton
    EventStore eventStore(Pool pool, UpcasterChain upcasters, Instance<MeterRegistry> meters, Traces traces) {
        EventStore store = new EventStore(pool, upcasters).tracingFromCurrentSpan(traces.recording());
        return meters.isResolvable() ? store.countingAppendsIn(meters.get()) : store;
    }

    @Produces
    @Singleton
    Inbox inbox() {
        return new Inbox();
    }

    @Produces
    @Singleton
    Checkpoints checkpoints() {
        return new Checkpoints();
    }

    @Produces
    @Singleton
    RecordOutbox recordOutbox() {
        return new RecordOutbox();
    }

    @Produces
    @Singleton
    Quarantine quarantine() {
        return new Quarantine();
    }

    @Produces
    @Singleton
    StreamSnapshots streamSnapshots() {
        return new StreamSnapshots();
    }
}
