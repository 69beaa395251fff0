package io.ledgerline.disputes.ingest;

import io.ledgerline.disputes.domain.Decision;
import io.ledgerline.disputes.domain.DeductionDetector;
import io.ledgerline.disputes.domain.DeductionDetector.Deduction;
import io.ledgerline.disputes.domain.Dispute;
import io.ledgerline.disputes.domain.DisputeCommand;
import io.ledgerline.disputes.domain.DisputeDecider;
import io.ledgerline.disputes.domain.DisputePolicy;
import io.ledgerline.disputes.domain.ReceivablesCopy;
import io.ledgerline.disputes.ledger.DisputeRepository;
import io.ledgerline.disputes.ledger.InvoiceCopies;
import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.UnreadableEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.ConsumedRecord;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.RetryPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One poll of receivables' events in one transaction: the inbox rows that make redelivery harmless, the copy of the
 * invoices they touch, and the DEDUCTION cases they reveal. A case's id is derived from (customer, invoice, payment),
 * so even the same payment reported twice under new message ids opens one case.
 * <p>
 * Failures are handled as receivables' ingest handles them, with the event store's {@link Quarantine}:
 * <ul>
 * <li>while PostgreSQL is away the poll waits and tries again, however long it takes ({@link RetryPolicy});</li>
 * <li>a poll that fails for any other reason (a bug, data nobody foresaw) is split by customer until the failure is
 * narrowed down to one customer, whose records are parked with the error; every other customer's records go on;</li>
 * <li>later records of a quarantined customer are parked behind the first, keeping its order, until an operator
 * replays them ({@code POST /admin/quarantine/{customerId}/replay}) once the cause is fixed.</li>
 * </ul>
 */
@ApplicationScoped
public class UpstreamProcessor {

    /** The inbox name of this consumer; message ids are "ce_source ce_id". */
    public static final String INBOX = "disputes-upstream";
    private static final Logger LOG = Logger.getLogger(UpstreamProcessor.class);

    private final Pool pool;
    private final Inbox inbox;
    private final InvoiceCopies copies;
    private final DisputeRepository disputes;
    private final OutboxRelay relay;
    private final DisputePolicy policy;
    private final DeductionDetector detector;
    private final MeterRegistry metrics;
    private final Quarantine quarantine;
    private final RetryPolicy retry = RetryPolicy.defaults();

    public UpstreamProcessor(Pool pool, Inbox inbox, InvoiceCopies copies, DisputeRepository disputes,
                             OutboxRelay relay, DisputePolicy policy, DeductionDetector detector,
                             MeterRegistry metrics, Quarantine quarantine) {
        this.pool = pool;
        this.inbox = inbox;
        this.copies = copies;
        this.disputes = disputes;
        this.relay = relay;
        this.policy = policy;
        this.detector = detector;
        this.metrics = metrics;
        this.quarantine = quarantine;
    }

    /** What became of a poll, for logs, tests and the benchmark. */
    public record Outcome(int read, int duplicates, int unreadable, int deductionsOpened, int parked) {

        static final Outcome NOTHING = new Outcome(0, 0, 0, 0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(read + other.read, duplicates + other.duplicates, unreadable + other.unreadable,
                    deductionsOpened + other.deductionsOpened, parked + other.parked);
        }
    }

    /** A readable event with its message id, and the record it came in, bytes untouched, for the quarantine. */
    private record Message(String id, ReceivablesEvent event, ConsumedRecord record) {

        String customerId() {
            return event.customerId();
        }
    }

    public Uni<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumedRecord> consumed = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            consumed.add(new ConsumedRecord(0, r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.headers()));
        }
        List<Message> messages = new ArrayList<>(records.size());
        int skipped = read(consumed, messages);
        return handle(messages).map(o -> new Outcome(records.size(), o.duplicates(), skipped, o.deductionsOpened(),
                o.parked()));
    }

    /**
     * Decides a quarantined customer's parked records again, in order, inside the replay's transaction (see
     * {@link Quarantine#replay}); a failure rolls the chunk back and keeps them parked.
     */
    public Uni<Void> replay(SqlConnection tx, String customerId, List<ConsumedRecord> parked) {
        List<Message> messages = new ArrayList<>(parked.size());
        read(parked, messages);
        return decide(tx, messages, customerId).replaceWithVoid();
    }

    /** After a replay committed: its cases go out without waiting for the relay's next poll. */
    public void replayed() {
        relay.wake();
    }

    /** Reads the records into {@code messages}; returns how many could not be read (skipped and counted). */
    private int read(List<ConsumedRecord> records, List<Message> messages) {
        int unreadable = 0;
        for (ConsumedRecord record : records) {
            try {
                ConsumedEvent<ReceivablesEvent> consumed = DomainEventReader.RECEIVABLES.read(record.headers(),
                        record.key(), record.value());
                messages.add(new Message(consumed.source() + " " + consumed.id(), consumed.event(), record));
            } catch (UnreadableEvent e) {
                // A newer producer's event type is normal; anything else is a broken record. Neither may stop the
                // consumer: the record is skipped, logged and counted.
                unreadable++;
                metrics.counter("ledgerline_disputes_unreadable_events_total", "reason", e.reason().name()).increment();
                if (e.reason() == UnreadableEvent.Reason.UNKNOWN_EVENT_TYPE) {
                    LOG.debugf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                } else {
                    LOG.warnf("skipped unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
        }
        return unreadable;
    }

    /**
     * Commits the messages, waiting out outages; a failure of any other kind splits them by customer, in halves,
     * until it is down to one customer, whose records are parked.
     */
    private Uni<Outcome> handle(List<Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(Outcome.NOTHING);
        }
        return retry.untilDone(() -> attempt(messages), pool, RetryPolicy.Listener.NONE)
                .onFailure().recoverWithUni(failure -> {
                    List<String> customers = new ArrayList<>(new LinkedHashSet<>(
                            messages.stream().map(Message::customerId).toList()));
                    if (customers.size() == 1) {
                        return park(customers.getFirst(), messages, failure);
                    }
                    LOG.warnf("upstream poll of %d records for %d customers failed (%s); narrowing it down by customer",
                            messages.size(), customers.size(), failure);
                    Set<String> firstHalf = new HashSet<>(customers.subList(0, customers.size() / 2));
                    List<Message> first = messages.stream().filter(m -> firstHalf.contains(m.customerId())).toList();
                    List<Message> second = messages.stream().filter(m -> !firstHalf.contains(m.customerId())).toList();
                    return handle(first).chain(one -> handle(second).map(one::plus));
                });
    }

    /** One transaction; decided again at once when a person disputed the same invoice at the same moment. */
    private Uni<Outcome> attempt(List<Message> messages) {
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> decide(tx, messages, null)))
                .invoke(outcome -> {
                    if (outcome.deductionsOpened() > 0) {
                        relay.wake();
                        metrics.counter("ledgerline_disputes_opened_total", "kind", "DEDUCTION")
                                .increment(outcome.deductionsOpened());
                    }
                })
                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(20);
    }

    /** Parks one customer's records with the failure, in a transaction of their own (waiting out outages). */
    private Uni<Outcome> park(String customerId, List<Message> messages, Throwable failure) {
        LOG.errorf(failure, "customer %s quarantined with %d record(s); the other customers' records go on. "
                + "GET /admin/quarantine shows it, POST /admin/quarantine/%s/replay replays it after a fix",
                customerId, messages.size(), customerId);
        String error = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        List<Quarantine.Parked> parked = messages.stream()
                .map(m -> new Quarantine.Parked(customerId, m.record())).toList();
        return retry.untilDone(() -> pool.withTransaction(tx -> quarantine.park(tx, INBOX, Map.of(customerId, error),
                        parked)), pool, RetryPolicy.Listener.NONE)
                .replaceWith(new Outcome(messages.size(), 0, 0, 0, messages.size()));
    }

    /**
     * Decides the messages in {@code tx}: those of customers in quarantine are parked behind their earlier records
     * (unless this is the replay of {@code replaying}, whose records these are), the others recorded.
     */
    private Uni<Outcome> decide(SqlConnection tx, List<Message> messages, String replaying) {
        Set<String> customers = new LinkedHashSet<>();
        messages.forEach(m -> customers.add(m.customerId()));
        customers.remove(replaying);
        return quarantine.quarantinedAmong(tx, INBOX, customers).chain(quarantined -> {
            List<Quarantine.Parked> parked = new ArrayList<>();
            List<Message> live = new ArrayList<>();
            for (Message m : messages) {
                if (quarantined.contains(m.customerId())) {
                    parked.add(new Quarantine.Parked(m.customerId(), m.record()));
                } else {
                    live.add(m);
                }
            }
            return quarantine.park(tx, INBOX, Map.of(), parked)
                    .chain(() -> decideLive(tx, live))
                    .map(o -> new Outcome(messages.size(), o.duplicates(), 0, o.deductionsOpened(), parked.size()));
        });
    }

    private Uni<Outcome> decideLive(SqlConnection tx, List<Message> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(Outcome.NOTHING);
        }
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(m -> ids.add(m.id()));
        return inbox.recordNew(tx, INBOX, ids).chain(fresh -> {
            List<ReceivablesEvent> events = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            int duplicates = 0;
            for (Message m : messages) {
                if (fresh.contains(m.id()) && seen.add(m.id())) {
                    events.add(m.event());
                } else {
                    duplicates++;
                }
            }
            Set<ReceivablesCopy.Key> keys = new LinkedHashSet<>();
            for (ReceivablesEvent event : events) {
                DeductionDetector.invoicesOf(event).forEach(i -> keys.add(new ReceivablesCopy.Key(event.customerId(), i)));
            }
            int dup = duplicates;
            return copies.load(tx, keys).chain(copy -> {
                List<Deduction> found = new ArrayList<>();
                for (ReceivablesEvent event : events) {
                    found.addAll(detector.apply(event, copy));
                }
                Map<String, Deduction> byId = new LinkedHashMap<>();
                for (Deduction d : found) {
                    if (byId.putIfAbsent(d.disputeId(), d) != null) {
                        undo(copy, d);
                    }
                }
                return disputes.existing(tx, byId.keySet()).chain(existing -> {
                    List<DisputeRepository.Change> changes = new ArrayList<>();
                    for (Deduction d : byId.values()) {
                        if (existing.contains(d.disputeId())) {
                            // The same shortfall reported again: its case exists and already counts as disputed.
                            undo(copy, d);
                            continue;
                        }
                        var command = new DisputeCommand.OpenDeduction(d.disputeId(), d.customerId(), d.invoiceId(),
                                d.paymentId(), d.currency(), d.shortfall(), d.remitted(), d.date());
                        if (DisputeDecider.decide(command, Dispute.NONE, policy) instanceof Decision.Accepted a) {
                            changes.add(new DisputeRepository.Change(new DisputeRepository.Loaded(Dispute.NONE, 0,
                                    List.of()), a.events(), DisputeRepository.metadata("deductionIn", d.paymentId()),
                                    true));
                        }
                    }
                    return copies.save(tx, copy)
                            .chain(() -> disputes.append(tx, changes))
                            .replaceWith(new Outcome(messages.size(), dup, 0, changes.size(), 0));
                });
            });
        });
    }

    private static void undo(ReceivablesCopy copy, Deduction d) {
        var invoice = copy.invoice(d.customerId(), d.invoiceId());
        invoice.disputed = invoice.disputed.subtract(d.shortfall());
    }
}
