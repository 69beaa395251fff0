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

    /**
     * A batch's work split in two: what needs no database (decoding the events, summing them in memory, spelling the
     * statements' parameters) done here, and the writes, done by the returned step on the session of the batch's
     * transaction. A rebuild prepares the next batch on another thread while the current one is written, so the
     * service's CPU work and the database's overlap. What is prepared must depend on the events only, never on what
     * the tables hold. The default prepares nothing ahead: the step is {@link #apply}.
     */
    default Prepared prepare(List<RecordedEvent> events) {
        return session -> apply(session, events);
    }

    /**
     * Whether a rebuild may leave the shadow copies of {@link #tables()} without their non-unique indexes: true only
     * for a projection whose statements find rows by primary key or unique index alone (and whose writes use no other
     * index). Nobody reads the shadow copies, and their rows reach the live tables (with every index) by a copy at the
     * swap, so keeping those indexes while replaying is pure cost. Default false: every index is kept.
     */
    default boolean rebuildsWithoutSecondaryIndexes() {
        return false;
    }

    /**
     * Whether this projection looks at the events' metadata. A rebuild reads every event in the store; when false, it
     * reads them without their metadata ({@link RecordedEvent#metadataJson()} is then null), sparing the database
     * turning it into text and the service receiving it. Default true.
     */
    default boolean readsMetadata() {
        return true;
    }

    /** A prepared batch's writes (see {@link #prepare}). */
    @FunctionalInterface
    interface Prepared {
        Uni<Void> writeTo(Mutiny.Session session);
    }
}
