package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Decision;
import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.credit.ledger.CreditFiles;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Order credit checks, the synchronous call order management makes before releasing an order, answered from memory
 * and recorded in groups: checks that arrive while a transaction is being committed wait for the next one, which
 * records all of them at once (group commit). One check alone costs one transaction; under load, many checks share
 * one, so the database's commit rate does not cap the checks' rate. Each check is decided on its customer as the
 * checks before it in the group left it, so two orders of one customer in one group are weighed one after the other.
 *
 * <p>If the group cannot be recorded as decided (a customer changed meanwhile, an order id claimed elsewhere), every
 * check of the group is decided again on its own through {@link CreditCommands}, which retries on the latest state:
 * the answers are the same as if the checks had come one by one.
 */
@ApplicationScoped
public class OrderChecks {

    private static final Logger LOG = Logger.getLogger(OrderChecks.class);
    private static final int MAX_GROUP = 500;
    private static final String CHECK_METADATA = "{\"command\":\"CheckOrder\"}";
    /** Claims every order id of the group, or fails the statement (and the transaction) if one was claimed before. */
    private static final String CLAIM_ORDERS = """
            WITH claimed AS (
                INSERT INTO checked_orders (order_id, customer_id)
                SELECT * FROM unnest($1::text[], $2::text[])
                ON CONFLICT (order_id) DO NOTHING RETURNING order_id)
            SELECT credit_require(count(*) = cardinality($1::text[]), 'ORDER_ID_CLAIMED') FROM claimed
            """;

    private record Pending(CreditCommand.CheckOrder check, CompletableFuture<CreditCommands.Outcome> answer) {
    }

    private final Pool pool;
    private final EventStore store;
    private final CreditFiles files;
    private final GroupDirectory groups;
    private final CreditCommands commands;
    private final PolicyInForce policies;
    private final CreditMetrics metrics;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean recording = new AtomicBoolean();

    public OrderChecks(Pool pool, EventStore store, CreditFiles files, GroupDirectory groups, CreditCommands commands,
                       PolicyInForce policies, CreditMetrics metrics) {
        this.pool = pool;
        this.store = store;
        this.files = files;
        this.groups = groups;
        this.commands = commands;
        this.policies = policies;
        this.metrics = metrics;
    }

    public Uni<CreditCommands.Outcome> check(CreditCommand.CheckOrder check) {
        if (groups.of(check.customerId()).isPresent()) {
            // A customer of a credit group is weighed with the whole group: one at a time, on the general path.
            return commands.handle(check);
        }
        CompletableFuture<CreditCommands.Outcome> answer = new CompletableFuture<>();
        queue.add(new Pending(check, answer));
        drain();
        return Uni.createFrom().completionStage(answer);
    }

    /** Starts recording a group unless one is being recorded; that one starts the next when it is done. */
    private void drain() {
        if (queue.isEmpty() || !recording.compareAndSet(false, true)) {
            return;
        }
        List<Pending> group = new ArrayList<>();
        for (Pending next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
            group.add(next);
        }
        record(group).subscribe().with(ignored -> next(), failure -> next());
    }

    private void next() {
        recording.set(false);
        drain();
    }

    private Uni<Void> record(List<Pending> group) {
        Set<String> customers = new HashSet<>();
        group.forEach(p -> customers.add(p.check().customerId()));
        Map<String, CustomerCredit> startedFrom = new HashMap<>();
        Map<String, CustomerCredit> worked = new LinkedHashMap<>();
        Map<String, List<CreditEvent>> events = new LinkedHashMap<>();
        List<Pending> toRecord = new ArrayList<>();
        List<Runnable> answers = new ArrayList<>();
        return files.load(pool, customers).chain(loaded -> {
            for (Pending pending : group) {
                String customerId = pending.check().customerId();
                startedFrom.putIfAbsent(customerId, loaded.get(customerId));
                // Facts are shared with the published copy (a check never changes them); the file is copied once.
                CustomerCredit work = worked.computeIfAbsent(customerId, id -> new CustomerCredit(id,
                        startedFrom.get(id).facts(), startedFrom.get(id).file().copy()));
                switch (CreditDecider.handle(pending.check(), work, null, policies.current())) {
                    case Decision.Rejected r -> answers.add(() -> pending.answer()
                            .completeExceptionally(new CommandRejected(r.rejection())));
                    case Decision.Accepted a -> {
                        events.computeIfAbsent(customerId, id -> new ArrayList<>()).addAll(a.events());
                        if (!a.isRepeat()) {
                            toRecord.add(pending);
                        }
                        answers.add(() -> pending.answer().complete(new CreditCommands.Outcome(a.events(), work)));
                    }
                }
            }
            if (toRecord.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return pool.withConnection(connection -> write(connection, toRecord, startedFrom, worked, events))
                    .invoke(() -> {
                        files.publish(worked.values().stream().filter(w -> events.containsKey(w.customerId())
                                && !events.get(w.customerId()).isEmpty()).toList());
                        // No relay.wake() here: woken by every group, the relay would publish (and checkpoint) one small
                        // batch per group, a read and a transaction more per check; its own poll (100 ms) takes the
                        // checks of many groups at once. Order management has its answer already.
                        events.values().forEach(metrics::appended);
                    });
        }).invoke(() -> answers.forEach(Runnable::run)).onFailure().recoverWithUni(failure -> {
            startedFrom.forEach(files::forgetIfSame);
            // An order id claimed elsewhere or a customer moved meanwhile (SQLSTATE LL409) is normal under load.
            LOG.debugf("a group of %d checks could not be recorded together (%s); deciding them one by one",
                    group.size(), failure);
            return oneByOne(group);
        });
    }

    /**
     * Records the group in one round trip: BEGIN, the order-id claims, the appends, the version moves (which also
     * check that every event was appended) and COMMIT are sent together on one connection (pipelined). Every check
     * that must undo the group fails its statement in SQL, so the COMMIT then finds the transaction aborted and rolls
     * it back; the group counts as recorded only if every statement, COMMIT included, succeeded.
     */
    private Uni<Void> write(SqlConnection connection, List<Pending> toRecord, Map<String, CustomerCredit> startedFrom,
                            Map<String, CustomerCredit> worked, Map<String, List<CreditEvent>> events) {
        String[] orderIds = toRecord.stream().map(p -> p.check().orderId()).toArray(String[]::new);
        String[] owners = toRecord.stream().map(p -> p.check().customerId()).toArray(String[]::new);
        List<StreamAppend> appends = new ArrayList<>();
        List<CreditFiles.Move> moves = new ArrayList<>();
        List<UUID> eventIds = new ArrayList<>();
        events.forEach((customerId, decided) -> {
            if (decided.isEmpty()) {
                return;
            }
            CustomerCredit before = startedFrom.get(customerId);
            CustomerCredit after = worked.get(customerId);
            List<EventToAppend> rows = decided.stream().map(e -> CreditEvents.toAppend(e, CHECK_METADATA)).toList();
            rows.forEach(row -> eventIds.add(row.eventId()));
            appends.add(new StreamAppend(CreditEvents.streamId(customerId), before.file().version(), rows));
            moves.add(new CreditFiles.Move(customerId, null, before.facts().observed(), before.file().version(),
                    after.facts().observed(), after.file().version()));
        });
        List<Uni<?>> pipeline = List.of(
                connection.query("BEGIN").execute(),
                connection.preparedQuery(CLAIM_ORDERS).execute(Tuple.tuple().addArrayOfString(orderIds)
                        .addArrayOfString(owners)),
                store.append(connection, appends),
                files.advanceOrFail(connection, moves, eventIds.toArray(UUID[]::new)),
                connection.query("COMMIT").execute());
        // Every answer is awaited (never cancelled half-way), so the connection goes back to the pool with the
        // transaction ended, committed or rolled back.
        return Uni.combine().all().unis(pipeline).usingConcurrencyOf(pipeline.size()).collectFailures()
                .discardItems();
    }

    private Uni<Void> oneByOne(List<Pending> group) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending pending : group) {
            chain = chain.chain(() -> commands.handle(pending.check())
                    .invoke(pending.answer()::complete)
                    .onFailure().invoke(pending.answer()::completeExceptionally)
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return chain;
    }
}
