package io.ledgerline.receivables.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ingest as counters, counted once the poll's transaction has committed (a poll decided again after a conflict or
 * an outage counts once): {@code ledgerline_ingest_accepted_total{topic}}, every record the ledger accepted (a
 * business duplicate is accepted too, as the contract says; a redelivery of a message already in the inbox is not
 * counted again), and {@code ledgerline_ingest_rejected_total{topic,code}}, every record answered on the rejected
 * topic, by rejection code. Records parked in quarantine are in {@link QuarantineMetrics}.
 * <p>
 * Where a poll's time goes, as histograms: {@code ledgerline_ingest_poll_age_seconds{at}}, the age of the poll's
 * oldest record by its Kafka timestamp (the sender's CreateTime, so only as exact as the two clocks agree) when the
 * poll was {@code received} by the processor and when it was {@code committed} (every record accepted, rejected or
 * parked); {@code ledgerline_ingest_poll_seconds{stage}}: {@code decode} (reading and validating the records),
 * {@code begin} (from asking for the transaction to its first statement: a pooled connection and {@code BEGIN}),
 * {@code decide} (quarantine and inbox look-ups, loading the accounts, deciding), {@code write} (inbox rows, events,
 * rejections and {@code COMMIT}, with its fsync); {@code ledgerline_ingest_poll_records}, a poll's size.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer ageReceived;
    private final Timer ageCommitted;
    private final Timer decode;
    private final Timer begin;
    private final Timer decide;
    private final Timer write;
    private final DistributionSummary pollRecords;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        String age = "ledgerline.ingest.poll.age";
        String ageText = "age of a poll's oldest record by its Kafka timestamp";
        ageReceived = timer(age, ageText, "at", "received");
        ageCommitted = timer(age, ageText, "at", "committed");
        String stage = "ledgerline.ingest.poll";
        String stageText = "an ingest poll's stages";
        decode = timer(stage, stageText, "stage", "decode");
        begin = timer(stage, stageText, "stage", "begin");
        decide = timer(stage, stageText, "stage", "decide");
        write = timer(stage, stageText, "stage", "write");
        pollRecords = DistributionSummary.builder("ledgerline.ingest.poll.records").description("records in a poll")
                .publishPercentileHistogram().minimumExpectedValue(1.0).maximumExpectedValue(10_000.0)
                .register(registry);
    }

    private Timer timer(String name, String description, String tag, String value) {
        return Timer.builder(name).description(description).tag(tag, value)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    /** A poll handed to the processor: its size, its oldest record's age (epoch ms; 0: unknown), the decoding's time. */
    void received(int records, long oldestTimestampMillis, long decodeNanos) {
        pollRecords.record(records);
        age(ageReceived, oldestTimestampMillis);
        decode.record(decodeNanos, TimeUnit.NANOSECONDS);
    }

    /** A transaction of a poll (or of a part of it) committed: its stages, System.nanoTime() of each boundary. */
    void transaction(long asked, long begun, long decided, long committed) {
        if (begun != 0 && decided != 0) {
            begin.record(Math.max(0, begun - asked), TimeUnit.NANOSECONDS);
            decide.record(decided - begun, TimeUnit.NANOSECONDS);
            write.record(committed - decided, TimeUnit.NANOSECONDS);
        }
    }

    /** Every record of the poll accepted, rejected or parked. */
    void done(long oldestTimestampMillis) {
        age(ageCommitted, oldestTimestampMillis);
    }

    private static void age(Timer timer, long oldestTimestampMillis) {
        if (oldestTimestampMillis > 0) {
            timer.record(Math.max(0, System.currentTimeMillis() - oldestTimestampMillis), TimeUnit.MILLISECONDS);
        }
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
