package io.ledgerline.receivables.ingest;

import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.UnreadableEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.UpstreamFlows;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.receivables.ledger.AccountWriters;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One poll of disputes' and collections' events (flows.md §2, §3) in one transaction: the inbox rows by (ce_source,
 * ce_id), and every account's new events. The poll's accounts are read at once as committed
 * ({@link AccountRepository#loadForFlows}: kept states or ingest's committed cached states, plus the events since, or
 * snapshot and tail), never an object ingest may be changing in place; after the commit the new states are kept and
 * handed to ingest's cache. Each attempt takes its turn on the poll's customers with ingest's polls ({@link
 * AccountWriters}), so the two do not decide on the same account at once. Another writer the turns do not cover (a
 * command, another instance) may still make the append fail on the stream version (or this poll a deadlock victim):
 * nothing of this poll is written then, and it is decided again at once on the accounts read again.
 */
@ApplicationScoped
public class FlowsProcessor {

    /** The inbox name of this consumer; message ids are "ce_source ce_id". */
    public static final String INBOX = "receivables-flows";
    private static final Logger LOG = Logger.getLogger(FlowsProcessor.class);

    private final Pool pool;
    private final EventStore store;
    private final Inbox inbox;
    private final AccountRepository accounts;
    private final OutboxRelay relay;
    private final LedgerRules rules;
    private final AccountWriters writers;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    public FlowsProcessor(Pool pool, EventStore store, Inbox inbox, AccountRepository accounts, OutboxRelay relay,
                          LedgerRules rules, AccountWriters writers) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.accounts = accounts;
        this.relay = relay;
        this.rules = rules;
        this.writers = writers;
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int read, int duplicates, int unreadable, int eventsRecorded) {
    }

    private record Message(String id, ConsumedEvent<? extends DomainEvent> consumed, String topic, int partition,
                           long offset) {
    }

    /** Records skipped since start because they could not be read, for operators and tests. */
    public long unreadable() {
        return unreadable.get();
    }

    public Uni<Outcome> process(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Message> messages = new ArrayList<>();
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                var consumed = DomainEventReader.forTopic(record.topic()).read(record);
                messages.add(new Message(consumed.source() + " " + consumed.id(), consumed, record.topic(),
                        record.partition(), record.offset()));
            } catch (UnreadableEvent e) {
                // A newer producer's event type is normal; anything else is a broken record. Neither stops the flow.
                skipped++;
                unreadable.incrementAndGet();
                if (e.reason() == UnreadableEvent.Reason.UNKNOWN_EVENT_TYPE) {
                    LOG.debugf("skipped %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                } else {
                    LOG.warnf("skipped unreadable record %s-%d@%d: %s", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        Set<String> customers = new LinkedHashSet<>();
        messages.forEach(m -> {
            ids.add(m.id());
            customers.add(m.consumed().customerId());
        });
        int unread = skipped;
        List<Committed> committed = new ArrayList<>();
        // Each attempt takes its turn on the poll's customers with ingest's polls (AccountWriters): an ingest poll
        // deciding on one of them is let finish first, so neither has to decide again on the other's account.
        return writers.exclusively(customers, () -> Uni.createFrom().deferred(() -> {
                            committed.clear();
                            return pool.withTransaction(tx -> decide(tx, messages, ids, committed));
                        })
                        .invoke(recorded -> {
                            // The states just committed: kept for the next poll and shared with ingest's cache (no
                            // copy), before the turn is given back, so ingest's next poll on them starts from them.
                            committed.forEach(c -> accounts.committedByFlows(c.customerId(), c.account(),
                                    c.version(), c.lastEventId()));
                            if (recorded.eventsRecorded() > 0) {
                                relay.wake();
                            }
                        })
                        // A failed commit may still have happened (the connection lost during COMMIT): ingest's cached
                        // copies of these accounts are then no longer what the streams hold.
                        .onFailure().invoke(() -> accounts.forget(customers)))
                .map(o -> new Outcome(records.size(), o.duplicates(), unread, o.eventsRecorded()))
                // Another writer (ingest, a command) appended to one of the accounts, or PostgreSQL broke a deadlock
                // by rolling this transaction back: nothing was written, so the poll is decided again at once on
                // accounts read again (their kept states plus the events since, one query).
                .onFailure(ConcurrencyConflict::lostTheRace)
                .invoke(f -> {
                    conflicts.incrementAndGet();
                    LOG.debugf("flows poll decided again: %s", f.getMessage());
                })
                .onFailure(ConcurrencyConflict::lostTheRace)
                .retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(20);
    }

    /** Polls decided again since start because another writer got to an account first, for diagnostics and tests. */
    public long decidedAgain() {
        return conflicts.get();
    }

    /** An account this poll appends to: its state after the new events, and the version they were decided on. */
    private record Committed(String customerId, Account account, long expectedVersion, List<EventToAppend> appends) {

        long version() {
            return expectedVersion + appends.size();
        }

        UUID lastEventId() {
            return appends.getLast().eventId();
        }

        StreamAppend toAppend() {
            return new StreamAppend(AccountEvents.streamId(customerId), expectedVersion, appends);
        }
    }

    private static final class Working {
        final Account account;
        final long version;
        final List<EventToAppend> appends = new ArrayList<>();

        Working(Account account, long version) {
            this.account = account;
            this.version = version;
        }
    }

    private Uni<Outcome> decide(SqlConnection tx, List<Message> messages, Set<String> ids,
                                List<Committed> committed) {
        return inbox.recordNew(tx, INBOX, ids).chain(fresh -> {
            List<Message> toDecide = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Message m : messages) {
                if (fresh.contains(m.id()) && seen.add(m.id())) {
                    toDecide.add(m);
                }
            }
            int duplicates = messages.size() - toDecide.size();
            Set<String> needed = new LinkedHashSet<>();
            toDecide.forEach(m -> needed.add(m.consumed().customerId()));
            // Every account of the poll at once, as committed (kept states and the events since, or snapshot and
            // tail): each the poll's own copy, so it is evolved in place.
            return accounts.loadForFlows(tx, needed).map(loaded -> {
                Map<String, Working> working = new LinkedHashMap<>();
                needed.forEach(id -> working.put(id, new Working(loaded.get(id).account(), loaded.get(id).version())));
                int recorded = 0;
                for (Message m : toDecide) {
                    Working w = working.get(m.consumed().customerId());
                    switch (UpstreamFlows.decide(m.consumed().event(), w.account, rules)) {
                        case Decision.Accepted a when a.isDuplicate() -> {
                        }
                        case Decision.Accepted a -> {
                            a.events().forEach(w.account::evolve);
                            String metadata = metadata(m);
                            for (ReceivablesEvent event : a.events()) {
                                w.appends.add(AccountEvents.toAppend(event, metadata));
                            }
                            recorded += a.events().size();
                        }
                        case Decision.Rejected r -> {
                            // Only a clerk's own applications could make the ledger refuse a credit note on
                            // its invoice; the message is recorded as handled and the case left to people.
                            refused.incrementAndGet();
                            LOG.warnf("%s %s for customer %s refused by the ledger: %s", m.consumed().type(),
                                    m.id(), m.consumed().customerId(), r.rejection());
                        }
                    }
                }
                working.forEach((id, w) -> {
                    if (!w.appends.isEmpty()) {
                        committed.add(new Committed(id, w.account, w.version, w.appends));
                    }
                });
                return new Outcome(messages.size(), duplicates, 0, recorded);
            }).call(outcome -> store.append(tx, committed.stream().map(Committed::toAppend).toList()));
        });
    }

    /** Where each event came from, so every ledger entry can be traced to the message that caused it. */
    private static String metadata(Message m) {
        return EventJson.mapper().createObjectNode()
                .put("messageId", m.id())
                .put("sourceType", m.consumed().type().toString())
                .put("topic", m.topic())
                .put("partition", m.partition())
                .put("offset", m.offset())
                .toString();
    }
}
