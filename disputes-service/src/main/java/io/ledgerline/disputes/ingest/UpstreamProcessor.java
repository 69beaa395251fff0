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
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
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

    public UpstreamProcessor(Pool pool, Inbox inbox, InvoiceCopies copies, DisputeRepository disputes,
                             OutboxRelay relay, DisputePolicy policy, DeductionDetector detector,
                             MeterRegistry metrics) {
        this.pool = pool;
        this.inbox = inbox;
        this.copies = copies;
        this.disputes = disputes;
        this.relay = relay;
        this.policy = policy;
        this.detector = detector;
        this.metrics = metrics;
    }

    /** What became of a poll, for logs, tests and the benchmark. */
    public record Outcome(int read, int duplicates, int unreadable, int deductionsOpened) {
    }

    private record Message(String id, ReceivablesEvent event) {
    }

    public Uni<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Message> messages = new ArrayList<>(records.size());
        int unreadable = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                ConsumedEvent<ReceivablesEvent> consumed = DomainEventReader.RECEIVABLES.read(record);
                messages.add(new Message(consumed.source() + " " + consumed.id(), consumed.event()));
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
        Set<String> ids = new LinkedHashSet<>();
        messages.forEach(m -> ids.add(m.id()));
        int skipped = unreadable;
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> decide(tx, messages, ids)))
                .invoke(outcome -> {
                    if (outcome.deductionsOpened() > 0) {
                        relay.wake();
                        metrics.counter("ledgerline_disputes_opened_total", "kind", "DEDUCTION")
                                .increment(outcome.deductionsOpened());
                    }
                })
                .map(o -> new Outcome(records.size(), o.duplicates(), skipped, o.deductionsOpened()))
                // A person disputing the same invoice at the same moment: decide the poll again.
                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(20);
    }

    private Uni<Outcome> decide(SqlConnection tx, List<Message> messages, Set<String> ids) {
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
                            .replaceWith(new Outcome(messages.size(), dup, 0, changes.size()));
                });
            });
        });
    }

    private static void undo(ReceivablesCopy copy, Deduction d) {
        var invoice = copy.invoice(d.customerId(), d.invoiceId());
        invoice.disputed = invoice.disputed.subtract(d.shortfall());
    }
}
