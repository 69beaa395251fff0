package io.ledgerline.collections.ledger;

import io.ledgerline.collections.domain.CollectionAccount;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads customers as collections sees them: the facts it consumed and the events of its own stream, folded. Always
 * from the database (no cache): the stream version read here is what the append checks, so two writers of one
 * customer cannot both win.
 */
@ApplicationScoped
public class AccountRepository {

    /** An account and the version of its stream it was folded up to. */
    public record Loaded(CollectionAccount account, long version, List<CollectionsEvent> events) {
    }

    private final EventStore store;

    public AccountRepository(EventStore store) {
        this.store = store;
    }

    /**
     * The customers folded from their facts and events. Completes on a worker thread, never the Vert.x event loop:
     * folding is CPU work, and so is whatever the caller decides on the result.
     */
    public Uni<Map<String, Loaded>> load(SqlClient client, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return FactLog.read(client, customerIds).chain(facts -> store.readStreams(client,
                customerIds.stream().map(CollectionsEvents::streamId).toList())
                .emitOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool()).map(streams -> {
            Map<String, Loaded> loaded = new HashMap<>();
            for (String id : customerIds) {
                List<RecordedEvent> recorded = streams.getOrDefault(CollectionsEvents.streamId(id), List.of());
                List<CollectionsEvent> events = CollectionsEvents.fromRecorded(recorded);
                List<DomainEvent> customerFacts = facts.getOrDefault(id, List.of());
                loaded.put(id, new Loaded(CollectionAccount.replay(id, customerFacts, events),
                        recorded.isEmpty() ? 0 : recorded.getLast().version(), events));
            }
            return loaded;
        }));
    }

    public Uni<Loaded> load(SqlClient client, String customerId) {
        return load(client, List.of(customerId)).map(all -> all.get(customerId));
    }

    /** The customer whose case this is, if the case exists. */
    public static Uni<String> customerOfCase(SqlClient client, String caseId) {
        return client.preparedQuery("SELECT customer_id FROM cases WHERE case_id = $1")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(caseId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }
}
