package io.ledgerline.receivables.ingest;

import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.ConsumedRecord;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.RecordOutbox;
import io.ledgerline.eventstore.RecordOutboxRelay;
import io.ledgerline.eventstore.RetryPolicy;
import io.ledgerline.eventstore.Traces;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.Rejection;
import io.ledgerline.receivables.domain.RejectionCode;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.receivables.ledger.AccountWriters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records one Kafka poll of ingest records in the ledger, in one database transaction: the inbox rows of the accepted
 * records, every account's new events, the rejected records (in the records outbox, published after the commit by
 * {@link RecordOutboxRelay}: no broker call inside the transaction), and the records parked in quarantine.
 * <p>
 * Nothing can stop it:
 * <ul>
 * <li>reading a record happens here, per record, and a record that cannot even be read (a bug in the decoder) parks
 * its customer instead of failing the poll;</li>
 * <li>while PostgreSQL is away the poll waits and tries again, however long it takes ({@link RetryPolicy});</li>
 * <li>a poll that fails for any other reason is split by customer until the failure is narrowed down to one customer,
 * whose records are parked in quarantine with the error ({@link Quarantine}); every other customer's records are
 * recorded. Later records of a quarantined customer are parked behind, so its order is kept for the replay.</li>
 * </ul>
 */
@ApplicationScoped
public class IngestProcessor {

    /** The inbox and quarantine name of this consumer; message ids are (source, id) pairs. */
    public static final String INBOX = "receivables-ingest";
    /** Where a record that cannot be read and has no customer id for a key is parked. Not a valid identifier. */
    static final String UNKEYED = "~unkeyed";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Logger LOG = Logger.getLogger(IngestProcessor.class);

    private final Pool pool;
    private final EventStore store;
    private final Inbox inbox;
    private final Quarantine quarantine;
    private final RecordOutbox outbox;
    private final RecordOutboxRelay rejectedRelay;
    private final AccountRepository accounts;
    private final OutboxRelay relay;
    private final IngestDecoder decoder;
    private final LedgerRules rules;
    private final IngestHealth health;
    private final QuarantineMetrics metrics;
    private final RetryPolicy retry;
    /** Injected into fields, so the constructor stays as it is for the code that builds the processor. */
    @Inject
    IngestMetrics ingestMetrics;
    @Inject
    Traces traces;
    @Inject
    AccountWriters writers;

    @Inject
    public IngestProcessor(Pool pool, EventStore store, Inbox inbox, Quarantine quarantine, RecordOutbox outbox,
                           RecordOutboxRelay rejectedRelay, AccountRepository accounts, OutboxRelay relay,
                           LedgerRules rules, Clock clock, IngestHealth health, QuarantineMetrics metrics,
                           @ConfigProperty(name = "ledgerline.ingest.max-record-bytes", defaultValue = "262144") int maxRecordBytes,
                           @ConfigProperty(name = "ledgerline.ingest.retry.max-backoff", defaultValue = "10s") Duration maxBackoff) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.quarantine = quarantine;
        this.outbox = outbox;
        this.rejectedRelay = rejectedRelay;
        this.accounts = accounts;
        this.relay = relay;
        this.rules = rules;
        this.health = health;
        this.metrics = metrics;
        this.decoder = new IngestDecoder(maxRecordBytes, clock);
        this.retry = new RetryPolicy(Duration.ofMillis(200), maxBackoff, 3);
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int accepted, int duplicates, int rejected, int parked, Set<String> parkedCustomers) {
        static final Outcome NOTHING = new Outcome(0, 0, 0, 0, Set.of());

        Outcome plus(Outcome other) {
            Set<String> customers = new HashSet<>(parkedCustomers);
            customers.addAll(other.parkedCustomers);
            return new Outcome(accepted + other.accepted, duplicates + other.duplicates, rejected + other.rejected,
                    parked + other.parked, Set.copyOf(customers));
        }

        public int total() {
            return accepted + duplicates + rejected + parked;
        }
    }

    /** A record of the poll, what reading it gave (or why it could not be read), and its customer for quarantine. */
    record Item(IngestRecord record, IngestDecoding decoding, Throwable unreadable, String customerId) {
    }

    /** Never fails while the database can be reached at all: every record ends accepted, rejected or parked. */
    public Uni<Outcome> process(List<IngestRecord> records) {
        return process(records, 0);
    }

    /**
     * {@link #process(List)}, with the poll's oldest Kafka timestamp (epoch ms, the sender's CreateTime; 0: unknown)
     * for the metric of how long records waited ({@link IngestMetrics}).
     */
    public Uni<Outcome> process(List<IngestRecord> records, long oldestTimestampMillis) {
        long start = System.nanoTime();
        List<Item> items = records.stream().map(this::read).toList();
        if (ingestMetrics != null) {
            ingestMetrics.received(records.size(), oldestTimestampMillis, System.nanoTime() - start);
        }
        return handle(items).invoke(outcome -> {
            if (ingestMetrics != null) {
                ingestMetrics.done(oldestTimestampMillis);
            }
            try {
                health.pollHandled(outcome);
            } catch (RuntimeException e) {
                // Bookkeeping for readiness must never fail a poll that is already committed.
                LOG.warn("could not note the poll for readiness", e);
            }
        });
    }

    /** Reads a record; whatever goes wrong in reading it is kept for the quarantine, never thrown. */
    Item read(IngestRecord record) {
        try {
            IngestDecoding decoding = decoder.decode(record);
            String customerId = decoding instanceof IngestDecoding.Decoded d ? d.event().customerId() : keyOf(record);
            return new Item(record, decoding, null, customerId);
        } catch (RuntimeException | StackOverflowError e) {
            return new Item(record, null, e, keyOf(record));
        }
    }

    /** The customer a record belongs to by its key, if the key can be a customer id at all. */
    private static String keyOf(IngestRecord record) {
        String key = record.key() == null || record.key().length > 64 ? null
                : new String(record.key(), StandardCharsets.UTF_8);
        return key != null && IDENTIFIER.matcher(key).matches() ? key : UNKEYED;
    }

    /**
     * Commits the items, waiting out outages; a failure of any other kind splits them by customer, in halves, until
     * it is down to one customer, whose records are parked.
     */
    private Uni<Outcome> handle(List<Item> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(Outcome.NOTHING);
        }
        return retry.untilDone(() -> attempt(items, null), pool, health)
                .onFailure().recoverWithUni(failure -> {
                    List<String> customers = new ArrayList<>(new LinkedHashSet<>(items.stream().map(Item::customerId).toList()));
                    if (customers.size() == 1) {
                        return park(customers.getFirst(), items, failure);
                    }
                    LOG.warnf("ingest poll of %d records for %d customers failed (%s); narrowing it down by customer",
                            items.size(), customers.size(), failure);
                    Set<String> firstHalf = new HashSet<>(customers.subList(0, customers.size() / 2));
                    List<Item> first = items.stream().filter(i -> firstHalf.contains(i.customerId())).toList();
                    List<Item> second = items.stream().filter(i -> !firstHalf.contains(i.customerId())).toList();
                    return handle(first).chain(one -> handle(second).map(one::plus));
                });
    }

    /** One transaction; decided again at once after a concurrent write to the same accounts or messages. */
    private Uni<Outcome> attempt(List<Item> items, String replaying) {
        Set<String> customers = new LinkedHashSet<>();
        items.forEach(i -> customers.add(i.customerId()));
        long[] asked = new long[1];
        // Takes turns with the flows consumer on these customers (AccountWriters), up to the remembered states.
        return writers.exclusively(customers, () -> Uni.createFrom().deferred(() -> {
                    asked[0] = System.nanoTime();
                    return pool.withTransaction(tx -> decideAndRecord(tx, items, replaying));
                })
                .invoke(batch -> {
                    if (ingestMetrics != null) {
                        ingestMetrics.transaction(asked[0], batch.begunAt, batch.decidedAt, System.nanoTime());
                    }
                })
                .invoke(this::afterCommit))
                .map(IngestProcessor::outcome)
                // The poll decided on the cached accounts in place: whatever kept it from committing, they are no
                // longer what the streams hold.
                .onFailure().invoke(failure -> accounts.forget(customers))
                .onFailure(IngestProcessor::decideAgain)
                .invoke(f -> LOG.debugf("ingest poll retried: %s", f.getMessage()))
                .onFailure(IngestProcessor::decideAgain)
                .retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(20);
    }

    /**
     * Another writer got there first: a version conflict on a stream, the inbox row written by a concurrent poll, or
     * PostgreSQL rolling this transaction back to break a deadlock (40P01) or a serialization failure (40001) with
     * another writer on the same accounts (the flows consumer, a command). Nothing of the poll was written, so it is
     * decided again at once on fresh state, as the flows consumer does; {@link RetryPolicy} (which waits 200 ms and
     * more, and after three such failures narrows the poll down by customer) is for outages and the poll's own faults.
     */
    static boolean decideAgain(Throwable f) {
        return ConcurrencyConflict.lostTheRace(f) || f instanceof IngestBatch.AccountNeedsReload
                || f instanceof Inbox.ConcurrentlyRecorded;
    }

    private void afterCommit(IngestBatch batch) {
        // Committed, and the poll is done with these objects: a command may start from them (with the ids of the
        // last events, to check against the stream as it does any kept state).
        accounts.remember(batch.changedAccounts(), batch.lastEventIds());
        if (ingestMetrics != null) {
            ingestMetrics.committed(batch.acceptedByTopic(), batch.rejectedByTopicAndCode());
        }
        if (batch.accepted() > 0) {
            // New events are committed: no need for the relay to wait for its next poll.
            relay.wake();
        }
        if (!batch.rejected().isEmpty()) {
            rejectedRelay.wake();
        }
        if (!batch.parked().isEmpty()) {
            metrics.refresh();
        }
    }

    private static Outcome outcome(IngestBatch batch) {
        Set<String> parkedCustomers = new HashSet<>();
        batch.parked().forEach(p -> parkedCustomers.add(p.key()));
        return new Outcome(batch.accepted(), batch.duplicates(), batch.rejected().size(), batch.parked().size(),
                Set.copyOf(parkedCustomers));
    }

    /** Parks one customer's records with the failure, in a transaction of their own (waiting out outages). */
    private Uni<Outcome> park(String customerId, List<Item> items, Throwable failure) {
        String error = describe(failure);
        LOG.errorf(failure, "customer %s quarantined with %d record(s); the other customers' records go on. "
                + "GET /admin/quarantine shows it, POST /admin/quarantine/%s/replay replays it after a fix",
                customerId, items.size(), customerId);
        accounts.forget(Set.of(customerId));
        List<Quarantine.Parked> parked = items.stream()
                .map(i -> new Quarantine.Parked(customerId, IngestBatch.consumed(i.record()))).toList();
        return retry.untilDone(() -> pool.withTransaction(tx -> quarantine.park(tx, INBOX, Map.of(customerId, error),
                                parked)), pool, health)
                .invoke(() -> {
                    health.quarantined(customerId);
                    metrics.refresh();
                })
                .replaceWith(new Outcome(0, 0, 0, items.size(), Set.of(customerId)));
    }

    private Uni<IngestBatch> decideAndRecord(SqlConnection tx, List<Item> items, String replaying) {
        long begun = System.nanoTime();
        Set<String> keys = new LinkedHashSet<>();
        items.forEach(i -> keys.add(i.customerId()));
        if (replaying != null) {
            keys.remove(replaying);
        }
        return quarantine.quarantinedAmong(tx, INBOX, keys).chain(quarantined -> {
            Set<String> parkedCustomers = new HashSet<>(quarantined);
            Set<String> customers = new LinkedHashSet<>();
            Set<String> messageIds = new LinkedHashSet<>();
            for (Item item : items) {
                if (item.decoding() instanceof IngestDecoding.Decoded d && !parkedCustomers.contains(item.customerId())) {
                    customers.add(d.event().customerId());
                    messageIds.add(d.messageId());
                }
            }
            return inbox.known(tx, INBOX, messageIds).chain(known -> accounts.load(tx, customers).map(loaded -> {
                IngestBatch batch = new IngestBatch(loaded, rules, traces == null ? Traces.passThrough() : traces);
                for (Item item : items) {
                    decide(batch, item, known, parkedCustomers, replaying);
                }
                return batch;
            }));
        })
                .invoke(batch -> {
                    batch.begunAt = begun;
                    batch.decidedAt = System.nanoTime();
                })
                .call(batch -> quarantine.park(tx, INBOX, batch.newlyQuarantined(), batch.parked()))
                .call(batch -> inbox.recordAll(tx, INBOX, batch.acceptedMessages()))
                .call(batch -> store.append(tx, batch.streamAppends()))
                .call(batch -> outbox.add(tx, batch.rejected()));
    }

    private static void decide(IngestBatch batch, Item item, Map<String, Inbox.Known> known, Set<String> parkedCustomers,
                               String replaying) {
        IngestRecord record = item.record();
        if (parkedCustomers.contains(item.customerId())) {
            batch.park(item.customerId(), record);
            return;
        }
        if (item.unreadable() != null) {
            if (replaying != null) {
                throw new IllegalStateException("record " + record.topic() + "/" + record.partition() + "@"
                        + record.offset() + " still cannot be read", item.unreadable());
            }
            // Later records of this customer in the same poll park behind it.
            parkedCustomers.add(item.customerId());
            batch.quarantine(item.customerId(), "record " + record.topic() + "/" + record.partition() + "@"
                    + record.offset() + " could not be read: " + describe(item.unreadable()), record);
            return;
        }
        switch (item.decoding()) {
            case IngestDecoding.Invalid invalid -> batch.reject(record, invalid.rejection());
            case IngestDecoding.Decoded decoded -> {
                String earlier = batch.acceptedFingerprint(decoded.messageId());
                Inbox.Known recorded = known.get(decoded.messageId());
                if (earlier == null && recorded == null) {
                    batch.decide(record, decoded);
                } else if (earlier != null ? earlier.equals(decoded.fingerprint())
                        // Rows recorded before fingerprints were kept cannot be compared: taken as repeats.
                        : recorded.fingerprint() == null || recorded.fingerprint().equals(decoded.fingerprint())) {
                    batch.duplicate();
                } else {
                    batch.reject(record, Rejection.of(RejectionCode.CONFLICTING_MESSAGE_ID, "id", "a record with"
                            + " this (source, id) and another type or data was accepted before; a message id can be"
                            + " sent again only unchanged, so give a different record a new id"));
                }
            }
        }
    }

    /**
     * Replays a quarantined customer's records inside the quarantine's replay transaction: decided exactly as live
     * records are (inbox, ledger, rejections), except that the customer's own quarantine is not looked at and a record
     * that still cannot be read fails the replay instead of parking again.
     */
    public Uni<Void> replay(SqlConnection tx, String customerId, List<ConsumedRecord> parked) {
        accounts.forget(Set.of(customerId));
        List<Item> items = new ArrayList<>(parked.size());
        for (ConsumedRecord r : parked) {
            List<IngestRecord.Header> headers = new ArrayList<>();
            r.headers().forEach(h -> headers.add(new IngestRecord.Header(h.key(), h.value())));
            items.add(read(new IngestRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), headers)));
        }
        return decideAndRecord(tx, items, customerId)
                .invoke(batch -> {
                    // Not remembered: the replay's transaction commits later, in the quarantine's hands.
                    accounts.forget(Set.of(customerId));
                    LOG.infof("replaying customer %s: %d record(s), %d accepted, %d rejected", customerId,
                            items.size(), batch.accepted(), batch.rejected().size());
                })
                .onFailure().invoke(f -> accounts.forget(Set.of(customerId)))
                .replaceWithVoid();
    }

    /**
     * Runs made-up polls through the whole ingest transaction, one after the other in one transaction (reading the
     * quarantine and the inbox, loading the accounts, folding what the earlier poll appended, deciding, writing the
     * inbox, the events and the rejected records), and then rolls it back: nothing is kept, counted or published,
     * and no account is remembered. The start's warm-up ({@link IngestWarmUp}) uses it so that the first real poll
     * does not pay for loading and linking this code (classes, lambdas, the statements' preparation), which a
     * recording of the first minute found taking seconds of the first polls. Returns the records the polls accepted
     * before the rollback. The records' customers must be made up (ids no real customer has): their streams and
     * inbox rows are written, though never committed.
     */
    public Uni<Integer> rehearse(List<List<IngestRecord>> polls) {
        Set<String> customers = new LinkedHashSet<>();
        List<List<Item>> items = new ArrayList<>(polls.size());
        for (List<IngestRecord> poll : polls) {
            List<Item> read = poll.stream().map(this::read).toList();
            read.forEach(i -> customers.add(i.customerId()));
            items.add(read);
        }
        return pool.withTransaction(tx -> {
                    Uni<Integer> accepted = Uni.createFrom().item(0);
                    for (List<Item> poll : items) {
                        accepted = accepted.chain(n -> decideAndRecord(tx, poll, null).map(b -> n + b.accepted()));
                    }
                    // Failing the transaction's work is what makes withTransaction roll it back.
                    return accepted.chain(n -> Uni.createFrom().<Integer>failure(new RolledBack(n)));
                })
                .onFailure(RolledBack.class).recoverWithItem(f -> ((RolledBack) f).accepted)
                .eventually(() -> accounts.forget(customers));
    }

    /** Ends a rehearsal's transaction: not an error, the way to roll back what it wrote. */
    private static final class RolledBack extends RuntimeException {
        final int accepted;

        RolledBack(int accepted) {
            super("rehearsal rolled back", null, false, false);
            this.accepted = accepted;
        }
    }

    /** After a replay committed: publish what it recorded. */
    public void replayed() {
        relay.wake();
        rejectedRelay.wake();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
