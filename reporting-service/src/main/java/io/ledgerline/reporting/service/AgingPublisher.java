package io.ledgerline.reporting.service;

import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;
import io.ledgerline.reporting.domain.Aging;
import io.ledgerline.reporting.domain.Money;
import io.ledgerline.reporting.domain.OpenItem;
import io.ledgerline.reporting.ledger.Publications;
import io.ledgerline.reporting.projection.FactQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Publishes the aging of some customers as of a date, on the caller's transaction: computes each customer's
 * snapshot per currency from the facts, adds a zero snapshot for every key still published as open that has nothing
 * left (which becomes a tombstone), and lets the aging decider append what changed.
 */
public class AgingPublisher {

    /** No writes: nothing to send. */
    private static final Supplier<Uni<Integer>> NOTHING = () -> Uni.createFrom().item(0);

    private final FactQueries queries;
    private final Publications publications;
    private final AgingSettings settings;

    public AgingPublisher(FactQueries queries, Publications publications, AgingSettings settings) {
        this.queries = queries;
        this.publications = publications;
        this.settings = settings;
    }

    /** Returns the number of records appended for the aging topic. */
    public Uni<Integer> publish(SqlConnection tx, Collection<String> customers, LocalDate asOf) {
        return prepare(tx, customers, asOf).chain(Supplier::get);
    }

    /**
     * Reads what the aging of {@code customers} as of {@code asOf} needs (their open items, unapplied money and
     * published states: three reads sent together, pipelined on the connection) and decides it; what it gives
     * appends the records (and returns their number), so that a caller can send those writes together with others.
     */
    public Uni<Supplier<Uni<Integer>>> prepare(SqlConnection tx, Collection<String> customers, LocalDate asOf) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(() -> NOTHING);
        }
        return Uni.combine().all().unis(queries.openItems(tx, asOf, customers), queries.unapplied(tx, asOf, customers),
                        publications.agingStates(tx, customers))
                .with((items, unapplied, states) -> {
                    List<AgingSnapshot> computed = snapshots(items, unapplied, states, asOf);
                    return () -> publications.publishAging(tx, states, computed);
                });
    }

    List<AgingSnapshot> snapshots(List<OpenItem> items, Map<FactQueries.Key, BigDecimal> unapplied,
                                  Map<String, Publications.AgingKeyState> states, LocalDate asOf) {
        Map<FactQueries.Key, List<OpenItem>> byKey = new HashMap<>();
        for (OpenItem item : items) {
            byKey.computeIfAbsent(new FactQueries.Key(item.customerId(), item.currency()), k -> new ArrayList<>())
                    .add(item);
        }
        Set<FactQueries.Key> keys = new LinkedHashSet<>(byKey.keySet());
        keys.addAll(unapplied.keySet());
        states.values().forEach(state -> keys.add(new FactQueries.Key(state.customerId(), state.currency())));
        List<AgingSnapshot> snapshots = new ArrayList<>();
        for (FactQueries.Key key : keys) {
            snapshots.add(Aging.snapshot(key.customerId(), key.currency(), asOf, settings.basis(), settings.buckets(),
                    byKey.getOrDefault(key, List.of()),
                    unapplied.getOrDefault(key, Money.zero(key.currency()))));
        }
        return snapshots;
    }
}
