package io.ledgerline.credit.ingest;

import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Upstream;
import io.ledgerline.credit.ledger.CreditEvents;
import io.ledgerline.credit.ledger.CreditFiles;
import io.ledgerline.credit.ledger.UpstreamLog;
import io.ledgerline.credit.service.CreditMetrics;
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
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
    private final CreditPolicy policy;
    private final Clock clock;
    private final CreditMetrics metrics;

    public UpstreamProcessor(Pool pool, EventStore store, Inbox inbox, UpstreamLog upstreamLog, CreditFiles files,
                             OutboxRelay relay, CreditPolicy policy, Clock clock, CreditMetrics metrics) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.upstreamLog = upstreamLog;
        this.files = files;
        this.relay = relay;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int taken, int duplicates, int skipped, int creditEvents) {
    }

    private record Read(String messageId, String topic, Upstream upstream) {
    }

    private static final class Batch {
        final Map<String, CustomerCredit> startedFrom = new HashMap<>();
        final Map<String, CustomerCredit> worked = new LinkedHashMap<>();
        final List<StreamAppend> appends = new ArrayList<>();
        final List<CreditFiles.Move> moves = new ArrayList<>();
        final List<CreditEvent> decided = new ArrayList<>();
        final List<Upstream> kept = new ArrayList<>();
        final Map<String, Integer> perTopic = new HashMap<>();
        int duplicates;
    }

    public Uni<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Read> readable = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                ConsumedEvent<? extends DomainEvent> consumed = DomainEventReader.readAny(record);
                readable.add(new Read(consumed.source() + " " + consumed.id(), record.topic(), new Upstream(
                        new EventReference(consumed.source(), consumed.id(), consumed.type().ceType()),
                        consumed.event())));
            } catch (UnreadableEvent unreadable) {
                skipped++;
                metrics.skipped(record.topic(), unreadable.reason().name());
                if (unreadable.reason() == UnreadableEvent.Reason.UNKNOWN_EVENT_TYPE) {
                    LOG.debugf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                            unreadable.getMessage());
                } else {
                    LOG.warnf("skipped unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                            record.offset(), unreadable.getMessage());
                }
            }
        }
        int skippedRecords = skipped;
        return Uni.createFrom().deferred(() -> attempt(readable))
                .map(batch -> new Outcome(batch.kept.size(), batch.duplicates, skippedRecords, batch.decided.size()))
                .onFailure(f -> f instanceof CreditFiles.StaleCopy || f instanceof ConcurrencyConflict)
                .retry().withBackOff(Duration.ofMillis(5), Duration.ofMillis(500)).atMost(50);
    }

    private Uni<Batch> attempt(List<Read> readable) {
        LocalDate today = LocalDate.now(clock);
        Batch batch = new Batch();
        Set<String> ids = new HashSet<>();
        readable.forEach(r -> ids.add(r.messageId()));
        return pool.withTransaction(tx -> inbox.recordNew(tx, INBOX, ids)
                        .chain(fresh -> decide(tx, readable, fresh, batch, today)))
                .invoke(done -> {
                    files.publish(done.worked.values());
                    if (!done.decided.isEmpty()) {
                        relay.wake();
                        metrics.appended(done.decided);
                    }
                    done.perTopic.forEach(metrics::consumed);
                })
                .onFailure().invoke(failure -> batch.startedFrom.forEach(files::forgetIfSame));
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
                        long upstreamBefore = work.facts().observed();
                        long streamBefore = work.file().version();
                        List<CreditEvent> decided = CreditDecider.observe(work, events, policy, today);
                        batch.startedFrom.put(customerId, startedFrom);
                        batch.worked.put(customerId, work);
                        batch.decided.addAll(decided);
                        if (!decided.isEmpty()) {
                            String metadata = "{\"cause\":\"upstream\"}";
                            List<EventToAppend> appends = decided.stream()
                                    .map(e -> CreditEvents.toAppend(e, metadata)).toList();
                            batch.appends.add(new StreamAppend(CreditEvents.streamId(customerId), streamBefore, appends));
                        }
                        batch.moves.add(new CreditFiles.Move(customerId, work.facts().name(), upstreamBefore,
                                streamBefore, work.facts().observed(), work.file().version()));
                    });
                    return batch;
                })
                .call(b -> upstreamLog.append(tx, b.kept))
                .call(b -> store.append(tx, b.appends))
                .call(b -> files.advance(tx, b.moves));
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
