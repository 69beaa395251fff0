package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * A read model built from every event in the global order. Declare one as a CDI bean and {@link ProjectionRunner}
 * keeps it up to date: each batch is applied in the same transaction that moves the projection's checkpoint, so the
 * model never misses or double-counts an event.
 */
public interface Projection {

    /** Stable and unique: it names the checkpoint ({@code projection:<name>}) and the rebuild. */
    String name();

    /**
     * Applies events in order; ignore the types this projection does not care about. Write only through the session
     * given, and name tables without a schema: a rebuild runs this same code against shadow copies of the tables.
     */
    Uni<Void> apply(Mutiny.Session session, List<RecordedEvent> events);

    /**
     * Every table this projection writes, by plain name (as its migrations create them). A rebuild fills empty copies
     * of exactly these and swaps them in; a table left out would keep its rows through a rebuild.
     */
    List<String> tables();
}
