package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Decision;
import io.ledgerline.credit.domain.Rejection;
import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.credit.ledger.CreditFiles;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries out commands on a customer's credit: decide on a copy of the customer as memory has it, append the events
 * and move the customer's versions in one transaction, then publish the copy. A copy another writer has overtaken
 * (the consumer, another instance) fails the transaction and the command is decided again on the latest, so an answer
 * never rests on stale facts. An order check answers from memory: no stream is replayed to decide it.
 */
@ApplicationScoped
public class CreditCommands {

    /** What a command did: the events recorded (none for a repeat) and the customer's credit afterwards. */
    public record Outcome(List<CreditEvent> events, CustomerCredit credit) {
        public boolean repeat() {
            return events.isEmpty();
        }
    }

    private static final String CLAIM_ORDER = "INSERT INTO checked_orders (order_id, customer_id) VALUES ($1, $2)"
            + " ON CONFLICT (order_id) DO NOTHING RETURNING order_id";
    private static final String ORDER_OWNER = "SELECT customer_id FROM checked_orders WHERE order_id = $1";

    private final Pool pool;
    private final EventStore store;
    private final CreditFiles files;
    private final GroupDirectory groups;
    private final OutboxRelay relay;
    private final PolicyInForce policies;
    private final CreditMetrics metrics;

    public CreditCommands(Pool pool, EventStore store, CreditFiles files, GroupDirectory groups, OutboxRelay relay,
                          PolicyInForce policies, CreditMetrics metrics) {
        this.pool = pool;
        this.store = store;
        this.files = files;
        this.groups = groups;
        this.relay = relay;
        this.policies = policies;
        this.metrics = metrics;
    }

    public Uni<Outcome> handle(CreditCommand command) {
        return Uni.createFrom().deferred(() -> attempt(command))
                .onFailure(f -> f instanceof CreditFiles.StaleCopy || ConcurrencyConflict.lostTheRace(f))
                .retry().withBackOff(Duration.ofMillis(2), Duration.ofMillis(200)).atMost(30);
    }

    /** The customer an order was checked for, or a 404 rejection. */
    public Uni<String> customerOfOrder(String orderId) {
        return pool.preparedQuery(ORDER_OWNER).execute(Tuple.of(orderId)).map(rows -> {
            if (rows.size() == 0) {
                throw new CommandRejected(Rejection.notFound("UNKNOWN_ORDER", "no order " + orderId
                        + " was ever checked"));
            }
            return rows.iterator().next().getString(0);
        });
    }

    private Uni<Outcome> attempt(CreditCommand command) {
        String customerId = command.customerId();
        return files.load(pool, customerId).chain(startedFrom -> groupOf(command, startedFrom).chain(group -> {
            if (command instanceof CreditCommand.DefineGroup define) {
                validate(define);
            }
            // An order check changes only the file: the facts are shared with the published copy, never changed.
            CustomerCredit work = command instanceof CreditCommand.CheckOrder
                    ? new CustomerCredit(customerId, startedFrom.facts(), startedFrom.file().copy())
                    : startedFrom.copy();
            long upstreamBefore = work.facts().observed();
            long streamBefore = work.file().version();
            CreditDecider.GroupContext context = group == null ? null : withWork(group, work);
            // A member's check weighs the whole group: the others must be, at the commit, as they were weighed.
            List<CustomerCredit> weighed = context == null ? List.of() : context.everyone().stream()
                    .filter(other -> !other.customerId().equals(customerId)).toList();
            return switch (CreditDecider.handle(command, work, context, policies.current())) {
                case Decision.Rejected r -> Uni.createFrom().failure(new CommandRejected(r.rejection()));
                case Decision.Accepted a when a.isRepeat() ->
                        Uni.createFrom().item(new Outcome(List.of(), startedFrom));
                case Decision.Accepted a -> pool.withTransaction(tx -> record(tx, command, work, a.events(),
                                upstreamBefore, streamBefore, weighed))
                        .map(done -> {
                            files.publish(List.of(work));
                            relay.wake();
                            metrics.appended(a.events());
                            return new Outcome(a.events(), work);
                        })
                        .call(outcome -> command instanceof CreditCommand.DefineGroup ? groups.refresh()
                                : Uni.createFrom().voidItem())
                        .onFailure().invoke(failure -> {
                            files.forgetIfSame(customerId, startedFrom);
                            if (failure instanceof CreditFiles.StaleCopy stale) {
                                // Another group member moved meanwhile: weigh it again as committed.
                                files.forget(stale.customerIds());
                            }
                        });
            };
        }));
    }

    private Uni<Void> record(SqlConnection tx, CreditCommand command, CustomerCredit work, List<CreditEvent> events,
                             long upstreamBefore, long streamBefore, List<CustomerCredit> weighed) {
        String metadata = EventJson.mapper().createObjectNode()
                .put("command", command.getClass().getSimpleName()).toString();
        List<EventToAppend> appends = events.stream().map(e -> CreditEvents.toAppend(e, metadata)).toList();
        String customerId = command.customerId();
        Uni<Void> claim = command instanceof CreditCommand.CheckOrder check ? claimOrder(tx, check)
                : Uni.createFrom().voidItem();
        List<CreditFiles.Move> moves = new ArrayList<>();
        moves.add(new CreditFiles.Move(customerId, work.facts().name(), upstreamBefore, streamBefore,
                work.facts().observed(), work.file().version()));
        // The other members of a credit group stay where they were weighed (a move to the same versions): two members'
        // checks at the same instant are serialised, the second decided again on the first's order.
        weighed.forEach(other -> moves.add(new CreditFiles.Move(other.customerId(), null, other.facts().observed(),
                other.file().version(), other.facts().observed(), other.file().version())));
        Uni<Void> locked = weighed.isEmpty() ? Uni.createFrom().voidItem() : files.lockInOrder(tx,
                moves.stream().map(CreditFiles.Move::customerId).toList());
        return locked.chain(() -> claim)
                .chain(() -> store.append(tx, List.of(new StreamAppend(CreditEvents.streamId(customerId), streamBefore,
                        appends))))
                .chain(() -> files.advance(tx, moves));
    }

    /**
     * Order ids are unique across customers. The same id checked for this customer meanwhile (another instance) means
     * this copy is stale: deciding again answers from the record.
     */
    private Uni<Void> claimOrder(SqlConnection tx, CreditCommand.CheckOrder check) {
        return tx.preparedQuery(CLAIM_ORDER).execute(Tuple.of(check.orderId(), check.customerId())).chain(rows -> {
            if (rows.size() == 1) {
                return Uni.createFrom().voidItem();
            }
            return tx.preparedQuery(ORDER_OWNER).execute(Tuple.of(check.orderId())).map(owner -> {
                String customer = owner.iterator().next().getString(0);
                if (customer.equals(check.customerId())) {
                    throw new CreditFiles.StaleCopy(java.util.Set.of(customer));
                }
                throw new CommandRejected(Rejection.conflict("ORDER_ID_IN_USE", "order " + check.orderId()
                        + " was checked for another customer; order ids are unique"));
            });
        });
    }

    /**
     * The credit group around the command's customer, as memory has it: for an order check of any member (weighed
     * against the group), and for the parent's other commands and a group's definition (which weigh the group's
     * rules again). Null when there is none.
     */
    private Uni<CreditDecider.GroupContext> groupOf(CreditCommand command, CustomerCredit credit) {
        GroupDirectory.Group g;
        if (command instanceof CreditCommand.DefineGroup define) {
            g = new GroupDirectory.Group(define.groupId(), define.customerId(), List.copyOf(define.members()));
        } else {
            var group = groups.of(command.customerId());
            if (group.isEmpty() || !(command instanceof CreditCommand.CheckOrder)
                    && !group.get().parentId().equals(command.customerId())) {
                return Uni.createFrom().nullItem();
            }
            g = group.get();
        }
        if (g.members().isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return files.load(pool, g.everyone()).map(all -> {
            List<CustomerCredit> members = new ArrayList<>();
            g.members().forEach(m -> members.add(all.get(m)));
            return new CreditDecider.GroupContext(g.groupId(), all.get(g.parentId()), members);
        });
    }

    private static CreditDecider.GroupContext withWork(CreditDecider.GroupContext group, CustomerCredit work) {
        Map<String, CustomerCredit> members = new LinkedHashMap<>();
        group.members().forEach(m -> members.put(m.customerId(), m.customerId().equals(work.customerId()) ? work : m));
        CustomerCredit parent = group.parent().customerId().equals(work.customerId()) ? work : group.parent();
        return new CreditDecider.GroupContext(group.groupId(), parent, List.copyOf(members.values()));
    }

    private void validate(CreditCommand.DefineGroup define) {
        groups.of(define.customerId()).ifPresent(g -> {
            if (!g.groupId().equals(define.groupId())) {
                throw new CommandRejected(Rejection.conflict("MEMBER_OF_ANOTHER_GROUP", "customer "
                        + define.customerId() + " is already in credit group " + g.groupId()));
            }
        });
        for (String member : define.members()) {
            groups.of(member).ifPresent(g -> {
                if (!g.groupId().equals(define.groupId())) {
                    throw new CommandRejected(Rejection.conflict("MEMBER_OF_ANOTHER_GROUP", "customer " + member
                            + " is already in credit group " + g.groupId()));
                }
            });
        }
        groups.byId(define.groupId()).ifPresent(g -> {
            if (!g.parentId().equals(define.customerId())) {
                throw new CommandRejected(Rejection.conflict("GROUP_HAS_ANOTHER_PARENT", "credit group "
                        + define.groupId() + " is headed by " + g.parentId()));
            }
        });
    }
}
