package io.ledgerline.disputes.ledger;

import io.ledgerline.disputes.domain.Dispute;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.eventstore.StreamAppend;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cases in the event store, one stream per case ({@code dispute-<disputeId>}), always read fresh: a case has few
 * events and people edit it with If-Match, so the version must be exact. Appending a change also keeps the disputed
 * part of each invoice in the receivables copy, in the same transaction.
 */
@ApplicationScoped
public class DisputeRepository {

    /** A case and the stream version it was folded up to (0: no such case). */
    public record Loaded(Dispute dispute, long version, List<RecordedEvent> recorded) {
    }

    /**
     * New events for one case. {@code disputedCounted}: the invoice copy already counts these events' disputed
     * amounts (the deduction detector counts a shortfall the moment it finds it).
     */
    public record Change(Loaded before, List<DisputesEvent> events, String metadataJson, boolean disputedCounted) {

        public Dispute after() {
            Dispute state = before.dispute();
            for (DisputesEvent event : events) {
                state = state.evolve(event);
            }
            return state;
        }
    }

    private final EventStore store;
    private final InvoiceCopies copies;
    private final MeterRegistry metrics;

    public DisputeRepository(EventStore store, InvoiceCopies copies, MeterRegistry metrics) {
        this.store = store;
        this.copies = copies;
        this.metrics = metrics;
    }

    public Uni<Loaded> load(SqlClient client, String disputeId) {
        return store.readStream(client, DisputeEvents.streamId(disputeId)).map(DisputeRepository::fold);
    }

    /** Which of these cases exist already. */
    public Uni<Set<String>> existing(SqlClient client, Collection<String> disputeIds) {
        if (disputeIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return client.preparedQuery("SELECT stream_id FROM events WHERE stream_id = ANY($1::text[]) AND version = 1")
                .execute(Tuple.of(disputeIds.stream().map(DisputeEvents::streamId).toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(DisputeEvents.disputeIdOf(row.getString(0))));
                    return found;
                });
    }

    /** Every case that is still being worked, as the read model knows them (the SLA run decides each one fresh). */
    public Uni<List<String>> activeDisputeIds(SqlClient client) {
        return client.query("SELECT dispute_id FROM dispute_view WHERE status IN ('OPEN','IN_REVIEW','ESCALATED','REOPENED')"
                        + " ORDER BY dispute_id").execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    public Uni<Void> append(SqlConnection tx, List<Change> changes) {
        List<StreamAppend> appends = new ArrayList<>();
        for (Change change : changes) {
            if (change.events().isEmpty()) {
                continue;
            }
            List<EventToAppend> events = change.events().stream()
                    .map(e -> DisputeEvents.toAppend(e, change.metadataJson())).toList();
            String disputeId = change.events().getFirst() instanceof DisputesEvent.DisputeOpened o ? o.disputeId()
                    : change.before().dispute().disputeId();
            appends.add(new StreamAppend(DisputeEvents.streamId(disputeId), change.before().version(), events));
        }
        if (appends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.append(tx, appends)
                .chain(() -> Multi.createFrom().iterable(changes)
                        .filter(change -> !change.disputedCounted() && !change.events().isEmpty())
                        .onItem().transformToUniAndConcatenate(change -> {
                            Dispute after = change.after();
                            return copies.addDisputed(tx, after.customerId(),
                                    Dispute.disputedChange(change.before().dispute(), after));
                        })
                        .collect().last().replaceWithVoid())
                .invoke(() -> changes.forEach(change -> change.events().forEach(e -> metrics
                        .counter("ledgerline_events_appended_total", "event_type", e.getClass().getSimpleName())
                        .increment())));
    }

    public static String metadata(String key, String value) {
        return EventJson.mapper().createObjectNode().put(key, value).toString();
    }

    static Loaded fold(List<RecordedEvent> recorded) {
        return new Loaded(Dispute.replay(DisputeEvents.fromRecorded(recorded)),
                recorded.isEmpty() ? 0 : recorded.getLast().version(), recorded);
    }
}
