package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * A test projection written as a service would write one: everything through the session it is given, so it
 * commits with the checkpoint. Each batch also sleeps a little in the database, so a rebuild lasts long enough
 * for the test to watch its progress.
 */
@ApplicationScoped
public class StreamSummaryProjection implements Projection {

    static final String NAME = "stream-summaries";

    @Override
    public String name() {
        return NAME;
    }

    /** An event type this projection cannot handle while set: a bug in a projection, until a fix is deployed. */
    static volatile String failsOn;

    @Override
    public Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> events) {
        String poison = failsOn;
        if (poison != null && events.stream().anyMatch(event -> event.eventType().equals(poison))) {
            return Uni.createFrom().failure(new IllegalStateException("cannot summarise a " + poison));
        }
        Uni<Void> applied = session.createNativeQuery("SELECT pg_sleep(0.05)").getSingleResult().replaceWithVoid();
        for (RecordedEvent event : events) {
            applied = applied.chain(() -> summarise(session, event));
        }
        return applied;
    }

    private static Uni<Void> summarise(Mutiny.Session session, RecordedEvent event) {
        return session.find(StreamSummary.class, event.streamId()).chain(found -> {
            StreamSummary summary = found;
            if (summary == null) {
                summary = new StreamSummary();
                summary.streamId = event.streamId();
            }
            summary.events++;
            summary.lastVersion = event.version();
            summary.lastEventType = event.eventType();
            return found == null ? session.persist(summary) : Uni.createFrom().voidItem();
        });
    }

    @Override
    public List<String> tables() {
        return List.of("test_stream_summary");
    }
}
