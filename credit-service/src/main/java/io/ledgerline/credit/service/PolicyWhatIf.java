package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.PolicySettings;
import io.ledgerline.credit.domain.WhatIf;
import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.credit.ledger.UpstreamLog;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.GlobalPosition;
import io.ledgerline.eventstore.RecordedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays the recorded history under the policy in force and a proposed variant of it (the same settings with some
 * changed), changing nothing, and says what would have been decided otherwise. Reads every kept upstream event and
 * every credit event (optionally of some customers only); the replay itself runs on a worker thread.
 */
@ApplicationScoped
public class PolicyWhatIf {

    private static final int PAGE = 5000;

    private final Pool pool;
    private final EventStore store;
    private final UpstreamLog upstreamLog;
    private final PolicyInForce policies;

    public PolicyWhatIf(Pool pool, EventStore store, UpstreamLog upstreamLog, PolicyInForce policies) {
        this.pool = pool;
        this.store = store;
        this.upstreamLog = upstreamLog;
        this.policies = policies;
    }

    public Map<String, String> settings() {
        return policies.settings();
    }

    public CreditPolicy proposed(Map<String, String> changes) {
        Map<String, String> settings = new HashMap<>(policies.settings());
        java.util.Set<String> changed = new java.util.HashSet<>();
        changes.forEach((key, value) -> {
            String setting = key.startsWith(PolicySettings.PREFIX)
                    ? key.substring(PolicySettings.PREFIX.length()) : key;
            changed.add(setting);
            settings.put(setting, value);
        });
        if (!changes.containsKey("policy.name") && !changes.containsKey(PolicySettings.PREFIX + "policy.name")) {
            settings.put("policy.name", policies.current().name() + " (proposed)");
        }
        return PolicySettings.read(settings, changed);
    }

    public Uni<WhatIf.Result> run(Map<String, String> changes, LocalDate from, LocalDate to, Set<String> customers) {
        CreditPolicy inForce = policies.current();
        CreditPolicy proposed = proposed(changes);
        return loadUpstream(0, new ArrayList<>()).chain(upstream -> loadCredit(GlobalPosition.START, new ArrayList<>())
                .map(credit -> timelines(upstream, credit, customers)))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(histories -> WhatIf.compare(histories, inForce, proposed, from, to));
    }

    private record Timed(Instant at, int order, String customerId, WhatIf.Input input) {
    }

    private static Map<String, List<WhatIf.Input>> timelines(List<UpstreamLog.Kept> upstream, List<RecordedEvent> credit,
                                                             Set<String> customers) {
        List<Timed> all = new ArrayList<>();
        for (UpstreamLog.Kept kept : upstream) {
            all.add(new Timed(kept.receivedAt(), 0, kept.upstream().customerId(), new WhatIf.Observed(kept.upstream())));
        }
        for (RecordedEvent event : credit) {
            all.add(new Timed(event.recordedAt(), 1, event.partitionKey(),
                    new WhatIf.Recorded(CreditEvents.fromRecorded(event))));
        }
        // Both lists are already in the order they happened; a stable sort by time keeps that order within each.
        all.sort(Comparator.comparing(Timed::at).thenComparingInt(Timed::order));
        // A credit group's customers are replayed together (one unit), so their orders are weighed against the group.
        Map<String, String> unitOf = units(credit);
        Set<String> wantedUnits = new HashSet<>();
        for (String customer : customers) {
            wantedUnits.add(unitOf.getOrDefault(customer, customer));
        }
        Map<String, List<WhatIf.Input>> histories = new TreeMap<>();
        for (Timed timed : all) {
            String unit = unitOf.getOrDefault(timed.customerId(), timed.customerId());
            if (customers.isEmpty() || wantedUnits.contains(unit)) {
                histories.computeIfAbsent(unit, id -> new ArrayList<>()).add(timed.input());
            }
        }
        return histories;
    }

    /** Every customer ever in a credit group, by the group's unit (the customers of groups that shared one joined). */
    private static Map<String, String> units(List<RecordedEvent> credit) {
        Map<String, String> parent = new HashMap<>();
        for (RecordedEvent event : credit) {
            if (event.eventType().equals("CreditGroupChanged")) {
                var changed = (io.ledgerline.events.credit.CreditEvent.CreditGroupChanged) CreditEvents.fromRecorded(event);
                String root = root(parent, changed.customerId());
                for (String member : changed.members()) {
                    String other = root(parent, member);
                    if (!other.equals(root)) {
                        parent.put(other, root);
                    }
                }
            }
        }
        Map<String, String> units = new HashMap<>();
        parent.keySet().forEach(c -> units.put(c, "group:" + root(parent, c)));
        new ArrayList<>(parent.values()).forEach(c -> units.put(c, "group:" + root(parent, c)));
        return units;
    }

    private static String root(Map<String, String> parent, String customer) {
        String at = customer;
        while (parent.containsKey(at) && !parent.get(at).equals(at)) {
            at = parent.get(at);
        }
        return at;
    }

    private Uni<List<UpstreamLog.Kept>> loadUpstream(long after, List<UpstreamLog.Kept> into) {
        return upstreamLog.readAfter(pool, after, PAGE).chain(page -> {
            into.addAll(page);
            return page.size() < PAGE ? Uni.createFrom().item(into) : loadUpstream(page.getLast().seq(), into);
        });
    }

    private Uni<List<RecordedEvent>> loadCredit(GlobalPosition after, List<RecordedEvent> into) {
        return store.readAllAfter(pool, after, PAGE).chain(page -> {
            into.addAll(page);
            return page.size() < PAGE ? Uni.createFrom().item(into) : loadCredit(page.getLast().globalPosition(), into);
        });
    }
}
