package io.ledgerline.credit.service;

import io.ledgerline.credit.config.PolicyProducer.ActivePolicy;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.PolicyLog;
import io.ledgerline.events.EventJson;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The credit policy every decision uses now: the configuration with the policy log applied (switched-on proposals,
 * imported exchange rates), kept in memory and read again after every change here and every few seconds (another
 * instance may have changed it). Changes are decided by {@link PolicyLog#decide} on the whole log, read and appended
 * under one advisory lock, so two changes never decide on the same old state.
 */
@ApplicationScoped
public class PolicyInForce {

    /** One entry of the log as recorded. */
    public record Entry(long seq, String kind, OffsetDateTime recordedAt, PolicyLog.Event event) {
    }

    private record Snapshot(List<Entry> log, PolicyLog.State state, CreditPolicy policy) {
    }

    private static final Logger LOG = Logger.getLogger(PolicyInForce.class);
    private static final Map<String, Class<?>> KINDS = Arrays.stream(PolicyLog.Event.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));
    private static final String READ = "SELECT seq, kind, payload::text AS payload, recorded_at FROM policy_log ORDER BY seq";
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('credit-policy-log'))";
    private static final String APPEND = "INSERT INTO policy_log (kind, payload) VALUES ($1, $2::text::jsonb)";

    private final Pool pool;
    private final Map<String, String> configured;
    private volatile Snapshot snapshot;

    public PolicyInForce(Pool pool, ActivePolicy configured) {
        this.pool = pool;
        this.configured = Map.copyOf(configured.settings());
        this.snapshot = new Snapshot(List.of(), PolicyLog.evolve(this.configured, List.of()), configured.policy());
    }

    void onStart(@Observes StartupEvent event) {
        try {
            refresh().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("the policy log could not be read at start (%s); the configured policy is in force until it is",
                    e.toString());
        }
    }

    @Scheduled(every = "{ledgerline.credit.policy.refresh:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledRefresh() {
        return refresh().onFailure().recoverWithNull();
    }

    /** The policy decisions use now. */
    public CreditPolicy current() {
        return snapshot.policy();
    }

    /** The settings in force (keys without the {@code ledgerline.credit.} prefix). */
    public Map<String, String> settings() {
        return new TreeMap<>(snapshot.state().settings());
    }

    public PolicyLog.State state() {
        return snapshot.state();
    }

    public List<Entry> log() {
        return snapshot.log();
    }

    public Uni<Void> refresh() {
        return read(pool).invoke(this::install).replaceWithVoid();
    }

    /** Decides a change on the whole log and appends what it records; a refusal fails with {@link CommandRejected}. */
    public Uni<List<PolicyLog.Event>> handle(PolicyLog.Command command) {
        return pool.withTransaction(tx -> tx.query(LOCK).execute().chain(() -> read(tx)).chain(log -> {
                    PolicyLog.State state = PolicyLog.evolve(configured, log.stream().map(Entry::event).toList());
                    return switch (PolicyLog.decide(command, state)) {
                        case PolicyLog.Refused r -> Uni.createFrom().<List<PolicyLog.Event>>failure(
                                new CommandRejected(r.rejection()));
                        case PolicyLog.Recorded r when r.events().isEmpty() -> Uni.createFrom().item(r.events());
                        case PolicyLog.Recorded r -> {
                            List<Tuple> rows = new ArrayList<>();
                            r.events().forEach(e -> rows.add(Tuple.of(e.getClass().getSimpleName(),
                                    EventJson.writeString(e))));
                            yield tx.preparedQuery(APPEND).executeBatch(rows).replaceWith(r.events());
                        }
                    };
                }))
                .call(events -> refresh());
    }

    private Uni<List<Entry>> read(SqlClient client) {
        return client.query(READ).execute().map(rows -> {
            List<Entry> log = new ArrayList<>();
            for (Row row : rows) {
                Class<?> type = KINDS.get(row.getString("kind"));
                if (type == null) {
                    throw new IllegalStateException("policy log entry " + row.getLong("seq") + " is of unknown kind "
                            + row.getString("kind"));
                }
                log.add(new Entry(row.getLong("seq"), row.getString("kind"), row.getOffsetDateTime("recorded_at"),
                        (PolicyLog.Event) EventJson.read(row.getString("payload"), type)));
            }
            return log;
        });
    }

    private void install(List<Entry> log) {
        if (log.size() == snapshot.log().size()) {
            return;
        }
        PolicyLog.State state = PolicyLog.evolve(configured, log.stream().map(Entry::event).toList());
        snapshot = new Snapshot(List.copyOf(log), state, state.policy());
        LOG.infof("credit policy in force: %s (rates of %s), after %d policy log entries", snapshot.policy().name(),
                snapshot.policy().fx().rateDate(), log.size());
    }
}
