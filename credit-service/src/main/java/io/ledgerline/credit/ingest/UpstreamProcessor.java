package io.ledgerline.credit.ingest;

import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Upstream;
import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.credit.ledger.CreditFiles;
import io.ledgerline.credit.ledger.UpstreamLog;
import io.ledgerline.credit.service.CreditMetrics;
import io.ledgerline.credit.service.GroupDirectory;
import io.ledgerline.credit.service.PolicyInForce;
import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.UnreadableEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.ConsumedRecord;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.RetryPolicy;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.StreamAppend;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes one poll of other services' events into credit, in one database transaction: the inbox rows that make a
 * redelivery harmless, the events kept as facts, what credit decided on them (holds placed and lifted, orders
 * invoiced), and every touched customer's versions moved. A crash anywhere means the poll is redelivered and decided
 * again; nothing is half-recorded.
 */
@ApplicationScoped
public class UpstreamProcessor {

    /** The inbox name of this consumer; message ids are (ce_source, ce_id). */
    public static final String INBOX = "credit-service";
    private static final Logger LOG = Logger.getLogger(UpstreamProcessor.class);

    private final Pool pool;
    private final EventStore store;
    private final Inbox inbox;
    private final UpstreamLog upstreamLog;
    private final CreditFiles files;
    private final OutboxRelay relay;
    private final PolicyInForce policies;
    private final Clock clock;
    private final CreditMetrics metrics;
    private final Quarantine quarantine;
    private final RetryPolicy retry;
    private final GroupDirectory groups;

    public UpstreamProcessor(Pool pool, EventStore store, Inbox inbox, UpstreamLog upstreamLog, CreditFiles files,
                             OutboxRelay relay, PolicyInForce policies, Clock clock, CreditMetrics metrics,
                             Quarantine quarantine, GroupDirectory groups,
                             @ConfigProperty(name = "ledgerline.credit.upstream.retry.max-backoff", defaultValue = "10s")
                             Duration maxBackoff) {
        this.quarantine = quarantine;
        this.groups = groups;
        this.retry = new RetryPolicy(Duration.ofMillis(200), maxBackoff, 3);
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.upstreamLog = upstreamLog;
        this.files = files;
        this.relay = relay;
        this.policies = policies;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int taken, int duplicates, int skipped, int creditEvents, int parked) {
        static final Outcome NOTHING = new Outcome(0, 0, 0, 0, 0);

        Outcome plus(Outcome o) {
            return new Outcome(taken + o.taken, duplicates + o.duplicates, skipped + o.skipped,
                    creditEvents + o.creditEvents, parked + o.parked);
        }
    }

    private record Read(String messageId, String topic, Upstream upstream, ConsumedRecord record) {
    }

    private static final class Batch {
        final Map<String, CustomerCredit> startedFrom = new HashMap<>();
        final Map<String, CustomerCredit> worked = new LinkedHashMap<>();
        final List<StreamAppend> appends = new ArrayList<>();
        final List<CreditFiles.Move> moves = new ArrayList<>();
        final List<CreditEvent> decided = new ArrayList<>();
        final List<Upstream> kept = new ArrayList<>();
        final Map<String, Integer> perTopic = new HashMap<>();
        final List<Quarantine.Parked> parked = new ArrayList<>();
        final Map<String, List<CreditEvent>> eventsOf = new LinkedHashMap<>();
        int duplicates;
    }

    /**
     * Takes a poll in: every readable record ends taken in (or a duplicate), or parked in quarantine under its
     * customer. Never fails while the database can be reached at all.
     */
    public Uni<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Read> readable = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Read read = read(record);
            if (read != null) {
                readable.add(read);
            } else {
                skipped++;
            }
        }
        int skippedRecords = skipped;
        return handle(readable).map(o -> new Outcome(o.taken(), o.duplicates(), skippedRecords + o.skipped(),
                o.creditEvents(), o.parked()));
    }

    /** The record as an event credit can read, or null (skipped: logged and counted, never stops the consumer). */
    private Read read(ConsumerRecord<byte[], byte[]> record) {
        try {
            ConsumedEvent<? extends DomainEvent> consumed = DomainEventReader.readAny(record);
            return new Read(consumed.source() + " " + consumed.id(), record.topic(), new Upstream(
                    new EventReference(consumed.source(), consumed.id(), consumed.type().ceType()),
                    consumed.event()), new ConsumedRecord(0, record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), record.headers()));
        } catch (UnreadableEvent unreadable) {
            metrics.skipped(record.topic(), unreadable.reason().name());
            if (unreadable.reason() == UnreadableEvent.Reason.UNKNOWN_EVENT_TYPE) {
                LOG.debugf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                        unreadable.getMessage());
            } else {
                LOG.warnf("skipped unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), unreadable.getMessage());
            }
            return null;
        }
    }

    /**
     * Commits the records, waiting out outages of the database; a failure of any other kind (a bug, data nobody
     * foresaw) splits them by customer, in halves, until it is down to one customer, whose records are parked in the
     * quarantine: every other customer's events go on flowing.
     */
    private Uni<Outcome> handle(List<Read> reads) {
        if (reads.isEmpty()) {
            return Uni.createFrom().item(Outcome.NOTHING);
        }
        return retry.untilDone(() -> attempt(reads, null), pool, RetryPolicy.Listener.NONE)
                .map(UpstreamProcessor::outcome)
                .onFailure().recoverWithUni(failure -> {
                    List<String> customers = new ArrayList<>(new LinkedHashSet<>(
                            reads.stream().map(r -> r.upstream().customerId()).toList()));
                    if (customers.size() == 1) {
                        return park(customers.getFirst(), reads, failure);
                    }
                    LOG.warnf("upstream poll of %d records for %d customers failed (%s); narrowing it down by customer",
                            reads.size(), customers.size(), failure);
                    Set<String> firstHalf = new HashSet<>(customers.subList(0, customers.size() / 2));
                    List<Read> first = reads.stream().filter(r -> firstHalf.contains(r.upstream().customerId())).toList();
                    List<Read> second = reads.stream().filter(r -> !firstHalf.contains(r.upstream().customerId()))
                            .toList();
                    return handle(first).chain(one -> handle(second).map(one::plus));
                });
    }

    private static Outcome outcome(Batch batch) {
        return new Outcome(batch.kept.size(), batch.duplicates, 0, batch.decided.size(), batch.parked.size());
    }

    /** Parks one customer's records with the failure, in a transaction of their own (waiting out outages). */
    private Uni<Outcome> park(String customerId, List<Read> reads, Throwable failure) {
        String error = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        LOG.errorf(failure, "customer %s quarantined with %d record(s); the other customers' records go on. "
                + "GET /admin/quarantine shows it, POST /admin/quarantine/%s/replay replays it after a fix",
                customerId, reads.size(), customerId);
        files.forget(Set.of(customerId));
        List<Quarantine.Parked> parked = reads.stream().map(r -> new Quarantine.Parked(customerId, r.record())).toList();
        return retry.untilDone(() -> pool.withTransaction(tx -> quarantine.park(tx, INBOX, Map.of(customerId, error),
                        parked)), pool, RetryPolicy.Listener.NONE)
                .invoke(() -> metrics.quarantined(reads.size()))
                .replaceWith(new Outcome(0, 0, 0, 0, reads.size()));
    }

    /**
     * Replays a quarantined customer's parked records, in order, inside the quarantine's transaction (the customer's
     * quarantine row is locked by it). Fails, keeping them parked, if they still cannot be taken in.
     */
    public Uni<Void> replay(SqlConnection tx, String customerId, List<ConsumedRecord> records) {
        List<Read> reads = new ArrayList<>();
        for (ConsumedRecord record : records) {
            ConsumerRecord<byte[], byte[]> consumer = new ConsumerRecord<>(record.topic(), record.partition(),
                    record.offset(), ConsumerRecord.NO_TIMESTAMP, org.apache.kafka.common.record.TimestampType.NO_TIMESTAMP_TYPE,
                    ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, record.key(), record.value(), record.headers(),
                    java.util.Optional.empty());
            Read read = read(consumer);
            if (read == null) {
                throw new IllegalStateException("record " + record.topic() + "/" + record.partition() + "@"
                        + record.offset() + " cannot be read any more");
            }
            reads.add(read);
        }
        Batch batch = new Batch();
        // Nothing is published from here: the quarantine's transaction commits after this returns. The caller forgets
        // the customer's copy once the replay is over, so the next use loads what was committed.
        return record(tx, reads, batch, customerId).invoke(done -> {
            done.perTopic.forEach(metrics::consumed);
            if (!done.decided.isEmpty()) {
                metrics.appended(done.decided);
            }
        }).replaceWithVoid();
    }

    /** After a replay (committed or not): the customer is loaded again from the store on its next use. */
    public void replayed(String customerId) {
        files.forget(Set.of(customerId));
        relay.wake();
    }

    private Uni<Batch> attempt(List<Read> readable, String replaying) {
        return Uni.createFrom().deferred(() -> {
            Batch batch = new Batch();
            return pool.withTransaction(tx -> record(tx, readable, batch, replaying))
                    .invoke(this::afterCommit)
                    .onFailure().invoke(failure -> batch.startedFrom.forEach(files::forgetIfSame));
        }).onFailure(f -> f instanceof CreditFiles.StaleCopy || f instanceof ConcurrencyConflict)
                .retry().withBackOff(Duration.ofMillis(5), Duration.ofMillis(500)).atMost(50);
    }

    private void afterCommit(Batch done) {
        files.publish(done.worked.values());
        if (!done.decided.isEmpty()) {
            relay.wake();
            metrics.appended(done.decided);
        }
        done.perTopic.forEach(metrics::consumed);
        if (!done.parked.isEmpty()) {
            metrics.quarantined(done.parked.size());
        }
    }

    /** The poll's records in one transaction; those of quarantined customers are parked behind the ones before. */
    private Uni<Batch> record(SqlConnection tx, List<Read> readable, Batch batch, String replaying) {
        LocalDate today = LocalDate.now(clock);
        Set<String> keys = new LinkedHashSet<>();
        readable.forEach(r -> keys.add(r.upstream().customerId()));
        if (replaying != null) {
            keys.remove(replaying);
        }
        return quarantine.quarantinedAmong(tx, INBOX, keys).chain(quarantined -> {
            List<Read> flowing = new ArrayList<>();
            for (Read read : readable) {
                if (quarantined.contains(read.upstream().customerId())) {
                    batch.parked.add(new Quarantine.Parked(read.upstream().customerId(), read.record()));
                } else {
                    flowing.add(read);
                }
            }
            Set<String> ids = new HashSet<>();
            flowing.forEach(r -> ids.add(r.messageId()));
            return quarantine.park(tx, INBOX, Map.of(), batch.parked)
                    .chain(() -> inbox.recordNew(tx, INBOX, ids))
                    .chain(fresh -> decide(tx, flowing, fresh, batch, today));
        });
    }

    private Uni<Batch> decide(SqlConnection tx, List<Read> readable, Set<String> fresh, Batch batch, LocalDate today) {
        Map<String, List<Upstream>> byCustomer = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Read read : readable) {
            if (!fresh.contains(read.messageId()) || !seen.add(read.messageId())) {
                batch.duplicates++;
            } else if (kept(read.upstream().event())) {
                byCustomer.computeIfAbsent(read.upstream().customerId(), id -> new ArrayList<>()).add(read.upstream());
                batch.kept.add(read.upstream());
                batch.perTopic.merge(read.topic(), 1, Integer::sum);
            }
        }
        if (byCustomer.isEmpty()) {
            return Uni.createFrom().item(batch);
        }
        return files.load(tx, byCustomer.keySet())
                .map(loaded -> {
                    byCustomer.forEach((customerId, events) -> {
                        CustomerCredit startedFrom = loaded.get(customerId);
                        CustomerCredit work = startedFrom.copy();
                        List<CreditEvent> decided = CreditDecider.observe(work, events, policies.current(), today);
                        batch.startedFrom.put(customerId, startedFrom);
                        batch.worked.put(customerId, work);
                        batch.eventsOf.put(customerId, new ArrayList<>(decided));
                    });
                    return batch;
                })
                .chain(b -> weighGroups(tx, b, today))
                .invoke(b -> b.eventsOf.forEach((customerId, decided) -> {
                    CustomerCredit startedFrom = b.startedFrom.get(customerId);
                    CustomerCredit work = b.worked.get(customerId);
                    long streamBefore = startedFrom.file().version();
                    b.decided.addAll(decided);
                    if (!decided.isEmpty()) {
                        String metadata = "{\"cause\":\"upstream\"}";
                        List<EventToAppend> appends = decided.stream()
                                .map(e -> CreditEvents.toAppend(e, metadata)).toList();
                        b.appends.add(new StreamAppend(CreditEvents.streamId(customerId), streamBefore, appends));
                    }
                    b.moves.add(new CreditFiles.Move(customerId, work.facts().name(), startedFrom.facts().observed(),
                            streamBefore, work.facts().observed(), work.file().version()));
                }))
                .call(b -> upstreamLog.append(tx, b.kept))
                .call(b -> store.append(tx, b.appends))
                .call(b -> files.advance(tx, b.moves));
    }

    /**
     * The credit groups of the customers this poll changed are weighed again as a whole (their amount rules over the
     * group's exposure and past due), each on its parent, loaded here if the poll did not touch it.
     */
    private Uni<Batch> weighGroups(SqlConnection tx, Batch batch, LocalDate today) {
        Map<String, GroupDirectory.Group> touched = new LinkedHashMap<>();
        batch.worked.keySet().forEach(id -> groups.of(id).ifPresent(g -> touched.putIfAbsent(g.groupId(), g)));
        if (touched.isEmpty()) {
            return Uni.createFrom().item(batch);
        }
        Set<String> others = new LinkedHashSet<>();
        touched.values().forEach(g -> g.everyone().forEach(id -> {
            if (!batch.worked.containsKey(id)) {
                others.add(id);
            }
        }));
        return files.load(tx, others).map(loaded -> {
            for (GroupDirectory.Group group : touched.values()) {
                String parentId = group.parentId();
                CustomerCredit parent = batch.worked.get(parentId);
                if (parent == null) {
                    CustomerCredit startedFrom = loaded.get(parentId);
                    parent = startedFrom.copy();
                    batch.startedFrom.put(parentId, startedFrom);
                    batch.worked.put(parentId, parent);
                    batch.eventsOf.put(parentId, new ArrayList<>());
                }
                List<CustomerCredit> members = new ArrayList<>();
                for (String member : group.members()) {
                    members.add(batch.worked.containsKey(member) ? batch.worked.get(member) : loaded.get(member));
                }
                batch.eventsOf.get(parentId).addAll(CreditDecider.weighGroup(
                        new CreditDecider.GroupContext(group.groupId(), parent, members), policies.current(), today));
            }
            return batch;
        });
    }

    /** The events credit's facts are made of; the rest (dunning, contacts, ...) are acknowledged and not kept. */
    static boolean kept(DomainEvent event) {
        return switch (event) {
            case ReceivablesEvent e -> !(e instanceof ReceivablesEvent.CashApplicationPolicyChanged
                    || e instanceof ReceivablesEvent.WriteOffProposalReceived
                    || e instanceof ReceivablesEvent.WriteOffProposalDeclined
                    || e instanceof ReceivablesEvent.WriteOffRequested
                    || e instanceof ReceivablesEvent.InvoiceDisputed
                    || e instanceof ReceivablesEvent.InvoiceDisputeCleared);
            case CollectionsEvent e -> e instanceof CollectionsEvent.PromiseToPayBroken
                    || e instanceof CollectionsEvent.AccountEscalated;
            case DisputesEvent e -> e instanceof DisputesEvent.DisputeOpened || e instanceof DisputesEvent.DisputeReopened
                    || e instanceof DisputesEvent.DisputeResolved || e instanceof DisputesEvent.DisputeClosed;
            default -> false;
        };
    }
}
