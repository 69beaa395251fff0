package io.ledgerline.credit.service;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.credit.CreditEvent.CreditGroupChanged;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which customers form credit groups, from the CreditGroupChanged events of every parent's stream, kept in memory for
 * order checks. Refreshed after a group change here and every few seconds (another instance may have changed one).
 */
@ApplicationScoped
public class GroupDirectory {

    private static final Logger LOG = Logger.getLogger(GroupDirectory.class);
    private static final String GROUPS = "SELECT payload::text AS payload FROM events"
            + " WHERE event_type = 'CreditGroupChanged' ORDER BY tx_id, position";

    /** A credit group: the parent holds the shared limit; members are every other customer in it. */
    public record Group(String groupId, String parentId, List<String> members) {
        public List<String> everyone() {
            List<String> all = new java.util.ArrayList<>();
            all.add(parentId);
            all.addAll(members);
            return all;
        }
    }

    private final Pool pool;
    private volatile Map<String, Group> byCustomer = Map.of();
    private volatile Map<String, Group> byId = Map.of();

    public GroupDirectory(Pool pool) {
        this.pool = pool;
    }

    void onStart(@Observes StartupEvent event) {
        refresh().subscribe().with(ignored -> { }, failure -> LOG.warnf("credit groups not loaded yet: %s", failure));
    }

    @Scheduled(every = "{ledgerline.credit.groups.refresh:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        return refresh().onFailure().recoverWithNull();
    }

    public Uni<Void> refresh() {
        return pool.query(GROUPS).execute().invoke(rows -> {
            Map<String, Group> groups = new LinkedHashMap<>();
            Map<String, String> groupOfParent = new HashMap<>();
            for (Row row : rows) {
                CreditGroupChanged changed = EventJson.read(row.getString("payload"), CreditGroupChanged.class);
                String previous = groupOfParent.put(changed.customerId(), changed.groupId());
                if (previous != null && !previous.equals(changed.groupId())) {
                    groups.remove(previous);
                }
                if (changed.members().isEmpty()) {
                    groups.remove(changed.groupId());
                } else {
                    groups.put(changed.groupId(), new Group(changed.groupId(), changed.customerId(),
                            List.copyOf(changed.members())));
                }
            }
            Map<String, Group> customers = new HashMap<>();
            groups.values().forEach(g -> g.everyone().forEach(c -> customers.put(c, g)));
            byCustomer = Map.copyOf(customers);
            byId = Map.copyOf(groups);
        }).replaceWithVoid();
    }

    /** The group a customer is in, as parent or member. */
    public Optional<Group> of(String customerId) {
        return Optional.ofNullable(byCustomer.get(customerId));
    }

    public Optional<Group> byId(String groupId) {
        return Optional.ofNullable(byId.get(groupId));
    }
}
