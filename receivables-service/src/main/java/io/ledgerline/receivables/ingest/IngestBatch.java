package io.ledgerline.receivables.ingest;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConsumedRecord;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.Traces;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository.Loaded;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decisions for one Kafka poll, taken in record order against the accounts as they were loaded: every accepted
 * record's events are folded into the account as it is decided, so a later record of the same customer in the same
 * poll sees the earlier one. The accounts are the repository's own cached objects, changed in place to spare a copy
 * per poll: the processor makes the repository forget them whenever the poll's transaction does not commit.
 */
final class IngestBatch {

    /** System.nanoTime() when the transaction's work started and when every record was decided (for the metrics). */
    long begunAt;
    long decidedAt;


    private final Map<String, Account> working = new HashMap<>();
    private final Map<String, Long> loadedVersions = new HashMap<>();
    private final Map<String, List<EventToAppend>> appends = new LinkedHashMap<>();
    private final List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
    /** Message id to fingerprint of every record accepted (a business duplicate included): what enters the inbox. */
    private final Map<String, String> acceptedMessages = new LinkedHashMap<>();
    private final List<Quarantine.Parked> parked = new ArrayList<>();
    private final Map<String, String> newlyQuarantined = new LinkedHashMap<>();
    private int accepted;
    private int duplicates;
    /** For the metrics: records accepted per topic, and rejected per topic and code. */
    private final Map<String, Integer> acceptedByTopic = new HashMap<>();
    private final Map<List<String>, Integer> rejectedByTopicAndCode = new HashMap<>();

    private final io.ledgerline.receivables.domain.LedgerRules rules;
    private final Traces traces;

    IngestBatch(Map<String, Loaded> accounts, io.ledgerline.receivables.domain.LedgerRules rules) {
        this(accounts, rules, Traces.passThrough());
    }

    IngestBatch(Map<String, Loaded> accounts, io.ledgerline.receivables.domain.LedgerRules rules, Traces traces) {
        this.rules = rules;
        this.traces = traces;
        accounts.forEach((id, found) -> {
            working.put(id, found.account());
            loadedVersions.put(id, found.version());
        });
    }

    void reject(IngestRecord record, io.ledgerline.receivables.domain.Rejection rejection) {
        rejected.add(RejectedRecords.of(record, rejection));
        rejectedByTopicAndCode.merge(List.of(record.topic(), rejection.code()), 1, Integer::sum);
    }

    void duplicate() {
        duplicates++;
    }

    /** Parks a record behind its customer's earlier records in quarantine. */
    void park(String customerId, IngestRecord record) {
        parked.add(new Quarantine.Parked(customerId, consumed(record)));
    }

    /** Puts a customer in quarantine with this record, which could not even be read. */
    void quarantine(String customerId, String error, IngestRecord record) {
        newlyQuarantined.putIfAbsent(customerId, error);
        park(customerId, record);
    }

    /** The fingerprint this poll accepted the message id with, or null if it has not. */
    String acceptedFingerprint(String messageId) {
        return acceptedMessages.get(messageId);
    }

    void decide(IngestRecord record, IngestDecoding.Decoded input) {
        String customerId = input.event().customerId();
        switch (decide(customerId, input)) {
            case Decision.Rejected r -> reject(record, r.rejection());
            case Decision.Accepted a when a.isDuplicate() -> {
                duplicates++;
                acceptedByTopic.merge(record.topic(), 1, Integer::sum);
                acceptedMessages.put(input.messageId(), input.fingerprint());
            }
            case Decision.Accepted a -> {
                accepted++;
                acceptedByTopic.merge(record.topic(), 1, Integer::sum);
                acceptedMessages.put(input.messageId(), input.fingerprint());
                String metadata = Traces.withTraceparent(metadata(record, input),
                        traces.consumed("ingest", record.topic(), traceparent(record)));
                List<EventToAppend> stream = appends.computeIfAbsent(customerId, id -> new ArrayList<>());
                for (ReceivablesEvent event : a.events()) {
                    stream.add(AccountEvents.toAppend(event, metadata));
                }
            }
        }
    }


    /**
     * Decides straight on the account (its events are folded in as they are decided). Should that ever fail half-way
     * (no ingest input can make it), the poll fails before anything is recorded, the accounts are forgotten and the
     * poll is decided again from the streams; if it keeps failing, the channel stops rather than record a wrong ledger.
     */
    private Decision decide(String customerId, IngestDecoding.Decoded input) {
        try {
            return AccountDecider.decideAndFold(input.event(), working.get(customerId), rules);
        } catch (IllegalStateException foldFailed) {
            throw new AccountNeedsReload(customerId, foldFailed);
        }
    }

    /** The account's in-memory state can no longer be trusted: the poll must be decided again from the streams. */
    static final class AccountNeedsReload extends RuntimeException {
        final String customerId;

        AccountNeedsReload(String customerId, Throwable cause) {
            super("account " + customerId + " must be reloaded", cause);
            this.customerId = customerId;
        }
    }

    List<StreamAppend> streamAppends() {
        return appends.entrySet().stream()
                .map(e -> new StreamAppend(AccountEvents.streamId(e.getKey()), loadedVersions.get(e.getKey()), e.getValue()))
                .toList();
    }

    /** The accounts this batch changed, at the versions its appends bring them to. */
    Map<String, Loaded> changedAccounts() {
        Map<String, Loaded> changed = new HashMap<>();
        appends.forEach((id, events) -> changed.put(id, new Loaded(working.get(id), loadedVersions.get(id) + events.size())));
        return changed;
    }

    /** The id of the last event this batch appends to each account it changed. */
    Map<String, java.util.UUID> lastEventIds() {
        Map<String, java.util.UUID> last = new HashMap<>();
        appends.forEach((id, events) -> last.put(id, events.getLast().eventId()));
        return last;
    }

    Set<String> customers() {
        return working.keySet();
    }

    List<ProducerRecord<byte[], byte[]>> rejected() {
        return rejected;
    }

    Map<String, String> acceptedMessages() {
        return acceptedMessages;
    }

    List<Quarantine.Parked> parked() {
        return parked;
    }

    Map<String, String> newlyQuarantined() {
        return newlyQuarantined;
    }

    static ConsumedRecord consumed(IngestRecord record) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        record.headers().forEach(h -> headers.add(h.name(), h.value()));
        return new ConsumedRecord(0, record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers);
    }

    int accepted() {
        return accepted;
    }

    Map<String, Integer> acceptedByTopic() {
        return acceptedByTopic;
    }

    /** Keys are (topic, rejection code). */
    Map<List<String>, Integer> rejectedByTopicAndCode() {
        return rejectedByTopicAndCode;
    }

    /** The sender's W3C trace context, if it sent one: the ledger's events continue that trace. */
    private static String traceparent(IngestRecord record) {
        String found = null;
        for (IngestRecord.Header header : record.headers()) {
            if (Traces.TRACEPARENT.equalsIgnoreCase(header.name()) && header.value() != null
                    && header.value().length <= 128) {
                found = new String(header.value(), java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return found;
    }

    int duplicates() {
        return duplicates;
    }

    /** Where each event came from, so every ledger entry can be traced to the record that caused it. */
    private static String metadata(IngestRecord record, IngestDecoding.Decoded input) {
        var node = io.ledgerline.events.EventJson.mapper().createObjectNode()
                .put("messageId", input.messageId())
                .put("ingestType", input.eventType())
                .put("topic", record.topic())
                .put("partition", record.partition())
                .put("offset", record.offset());
        return node.toString();
    }
}
