package io.ledgerline.receivables.ingest;

import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.ReliableKafkaProducer;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records one Kafka poll of ingest records in the ledger, in one database transaction: the inbox rows that make
 * redelivery harmless, every account's new events, and, before the commit, the rejected records on the rejected
 * topic. A crash anywhere means the poll is redelivered and decided again; nothing is half-recorded.
 */
@ApplicationScoped
public class IngestProcessor {

    /** The inbox name of this consumer; message ids are (source, id) pairs. */
    static final String INBOX = "receivables-ingest";
    private static final Logger LOG = Logger.getLogger(IngestProcessor.class);

    private final Pool pool;
    private final EventStore store;
    private final Inbox inbox;
    private final AccountRepository accounts;
    private final ReliableKafkaProducer producer;
    private final OutboxRelay relay;
    private final IngestDecoder decoder;
    private final LedgerRules rules;

    public IngestProcessor(Pool pool, EventStore store, Inbox inbox, AccountRepository accounts,
                           ReliableKafkaProducer producer, OutboxRelay relay, LedgerRules rules,
                           @ConfigProperty(name = "ledgerline.ingest.max-record-bytes", defaultValue = "262144") int maxRecordBytes) {
        this.pool = pool;
        this.store = store;
        this.inbox = inbox;
        this.accounts = accounts;
        this.producer = producer;
        this.relay = relay;
        this.rules = rules;
        this.decoder = new IngestDecoder(maxRecordBytes);
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int accepted, int duplicates, int rejected) {
    }

    public Uni<Outcome> process(List<IngestRecord> records) {
        List<IngestDecoding> decodings = records.stream().map(decoder::decode).toList();
        // Worked out once, not on every retry of the transaction.
        Set<String> customers = new LinkedHashSet<>();
        Set<String> messageIds = new LinkedHashSet<>();
        decodings.forEach(d -> {
            if (d instanceof IngestDecoding.Decoded decoded) {
                customers.add(decoded.event().customerId());
                messageIds.add(decoded.messageId());
            }
        });
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx ->
                        decideAndRecord(tx, records, decodings, customers, messageIds)))
                .invoke(batch -> {
                    accounts.remember(batch.changedAccounts());
                    if (batch.accepted() > 0) {
                        // New events are committed: no need for the relay to wait for its next poll.
                        relay.wake();
                    }
                })
                .map(batch -> new Outcome(batch.accepted(), batch.duplicates(), batch.rejected().size()))
                // The poll decided on the cached accounts in place: whatever kept it from committing, they are no longer
                // what the streams hold.
                .onFailure().invoke(failure -> accounts.forget(customers))
                .onFailure(f -> f instanceof ConcurrencyConflict || f instanceof IngestBatch.AccountNeedsReload)
                .invoke(f -> LOG.debugf("ingest poll retried: %s", f.getMessage()))
                .onFailure(f -> f instanceof ConcurrencyConflict || f instanceof IngestBatch.AccountNeedsReload)
                .retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1)).atMost(20);
    }

    private Uni<IngestBatch> decideAndRecord(SqlConnection tx, List<IngestRecord> records,
                                             List<IngestDecoding> decodings, Set<String> customers,
                                             Set<String> messageIds) {
        return inbox.recordNew(tx, INBOX, messageIds)
                .chain(fresh -> accounts.load(tx, customers).map(loaded -> {
                    IngestBatch batch = new IngestBatch(loaded, rules);
                    Set<String> seenInThisPoll = new HashSet<>();
                    for (int n = 0; n < records.size(); n++) {
                        switch (decodings.get(n)) {
                            case IngestDecoding.Invalid invalid -> batch.reject(records.get(n), invalid.rejection());
                            case IngestDecoding.Decoded decoded -> {
                                if (fresh.contains(decoded.messageId()) && seenInThisPoll.add(decoded.messageId())) {
                                    batch.decide(records.get(n), decoded);
                                } else {
                                    batch.duplicate();
                                }
                            }
                        }
                    }
                    return batch;
                }))
                .call(batch -> store.append(tx, batch.streamAppends()))
                // Rejections are on the broker before the commit: a crash after this re-sends them (an operator may
                // see one twice) but can never lose one.
                .call(batch -> producer.sendAll(batch.rejected()));
    }
}
