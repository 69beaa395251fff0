package io.ledgerline.receivables.ingest;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
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
 * The decisions for one Kafka poll, taken in record order against the accounts as they were loaded: each account is
 * copied once and every accepted record's events are folded into the copy, so a later record of the same customer in
 * the same poll sees the earlier one. Pure apart from the random event ids.
 */
final class IngestBatch {

    private final Map<String, Account> working = new HashMap<>();
    private final Map<String, Account> loaded = new HashMap<>();
    private final Map<String, Long> loadedVersions = new HashMap<>();
    private final Map<String, List<EventToAppend>> appends = new LinkedHashMap<>();
    private final List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
    private int accepted;
    private int duplicates;

    private final io.ledgerline.receivables.domain.LedgerRules rules;

    IngestBatch(Map<String, Loaded> accounts, io.ledgerline.receivables.domain.LedgerRules rules) {
        this.rules = rules;
        accounts.forEach((id, found) -> {
            loaded.put(id, found.account());
            working.put(id, found.account().copy());
            loadedVersions.put(id, found.version());
        });
    }

    void reject(IngestRecord record, io.ledgerline.receivables.domain.Rejection rejection) {
        rejected.add(RejectedRecords.of(record, rejection));
    }

    void duplicate() {
        duplicates++;
    }

    void decide(IngestRecord record, IngestDecoding.Decoded input) {
        String customerId = input.event().customerId();
        switch (decide(customerId, input)) {
            case Decision.Rejected r -> reject(record, r.rejection());
            case Decision.Accepted a when a.isDuplicate() -> duplicates++;
            case Decision.Accepted a -> {
                accepted++;
                String metadata = metadata(record, input);
                List<EventToAppend> stream = appends.computeIfAbsent(customerId, id -> new ArrayList<>());
                List<ReceivablesEvent> decided = this.decided.computeIfAbsent(customerId, id -> new ArrayList<>());
                for (ReceivablesEvent event : a.events()) {
                    decided.add(event);
                    stream.add(AccountEvents.toAppend(event, metadata));
                }
            }
        }
    }

    private final Map<String, List<ReceivablesEvent>> decided = new HashMap<>();

    /**
     * Decides straight on the batch's own copy of the account (its events are folded in as they are decided). Should
     * that ever fail half-way, the copy is rebuilt from the loaded account and this batch's events, and the input is
     * decided the careful way.
     */
    private Decision decide(String customerId, IngestDecoding.Decoded input) {
        try {
            return AccountDecider.decideAndFold(input.event(), working.get(customerId), rules);
        } catch (IllegalStateException foldFailed) {
            Account rebuilt = loaded.get(customerId).copy();
            decided.getOrDefault(customerId, List.of()).forEach(rebuilt::evolve);
            working.put(customerId, rebuilt);
            Decision careful = AccountDecider.decide(input.event(), rebuilt, rules);
            if (careful instanceof Decision.Accepted a) {
                a.events().forEach(rebuilt::evolve);
            }
            return careful;
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

    Set<String> customers() {
        return working.keySet();
    }

    List<ProducerRecord<byte[], byte[]>> rejected() {
        return rejected;
    }

    int accepted() {
        return accepted;
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
