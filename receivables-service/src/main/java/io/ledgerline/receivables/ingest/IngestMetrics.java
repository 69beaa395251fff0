package io.ledgerline.receivables.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Ingest as counters, counted once the poll's transaction has committed (a poll decided again after a conflict or
 * an outage counts once): {@code ledgerline_ingest_accepted_total{topic}}, every record the ledger accepted (a
 * business duplicate is accepted too, as the contract says; a redelivery of a message already in the inbox is not
 * counted again), and {@code ledgerline_ingest_rejected_total{topic,code}}, every record answered on the rejected
 * topic, by rejection code. Records parked in quarantine are in {@link QuarantineMetrics}.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void committed(Map<String, Integer> acceptedByTopic, Map<List<String>, Integer> rejectedByTopicAndCode) {
        acceptedByTopic.forEach((topic, n) -> Counter.builder("ledgerline.ingest.accepted")
                .description("ingest records accepted into the ledger")
                .tag("topic", topic).register(registry).increment(n));
        rejectedByTopicAndCode.forEach((topicAndCode, n) -> Counter.builder("ledgerline.ingest.rejected")
                .description("ingest records rejected, by rejection code")
                .tag("topic", topicAndCode.get(0)).tag("code", topicAndCode.get(1)).register(registry).increment(n));
    }
}
