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
    private final Map<String, Long> loadedVersions = new HashMap<>();
    private final Map<String, List<EventToAppend>> appends = new LinkedHashMap<>();
    private final List<ProducerRecord<byte[], byte[]>> rejected = new ArrayList<>();
    private int accepted;
    private int duplicates;

    private final io.ledgerline.receivables.domain.LedgerRules rules;

    IngestBatch(Map<String, Loaded> accounts, io.ledgerline.receivables.domain.LedgerRules rules) {
        this.rules = rules;
        accounts.forEach((id, loaded) -> {
            working.put(id, loaded.account().copy());
            loadedVersions.put(id, loaded.version());
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
        Account account = working.get(customerId);
        switch (AccountDecider.decide(input.event(), account, rules)) {
            case Decision.Rejected r -> reject(record, r.rejection());
            case Decision.Accepted a when a.isDuplicate() -> duplicates++;
            case Decision.Accepted a -> {
                accepted++;
                String metadata = metadata(record, input);
                List<EventToAppend> stream = appends.computeIfAbsent(customerId, id -> new ArrayList<>());
                for (ReceivablesEvent event : a.events()) {
                    account.evolve(event);
                    stream.add(AccountEvents.toAppend(event, metadata));
                }
            }
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
