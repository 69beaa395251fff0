package io.ledgerline.receivables.ingest;

import io.ledgerline.events.Topics;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.Traces;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository.Loaded;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs made-up ingest records through the code every real record takes (decoding, validation, deciding with cash
 * application, the events' JSON both ways) right after start, in memory only, so the JIT compiles that code before the service
 * says it is ready rather than while the first minute's records wait behind it.
 * <p>
 * Why: a profile of the first minute after start (benchmarks/README.md, "Profiled again 2026-12-01 (receivables alone ...)") found the JIT compiler
 * threads using about a core of the two for the whole minute, which is what kept that minute's records waiting for
 * seconds. Nothing here touches the database, Kafka or the accounts the service keeps: the records, accounts and
 * events are thrown away. Readiness ({@link IngestHealth}) stays DOWN until it is done (20,000 records took 19 to 28 s
 * on a 2-core machine loaded by other work, hence a default of 10,000); the consumer group is joined meanwhile and
 * ingest takes records from the start. {@code ledgerline.ingest.warm-up.records=0} turns it off.
 */
@ApplicationScoped
public class IngestWarmUp {

    private static final Logger LOG = Logger.getLogger(IngestWarmUp.class);
    /** Records per made-up account: about the documents of a busy account, so cash application works on many. */
    static final int RECORDS_PER_ACCOUNT = 100;

    private final int records;
    private final int maxRecordBytes;
    private final Clock clock;
    private final LedgerRules rules;
    private final IngestHealth health;

    public IngestWarmUp(@ConfigProperty(name = "ledgerline.ingest.warm-up.records", defaultValue = "10000") int records,
                        @ConfigProperty(name = "ledgerline.ingest.max-record-bytes", defaultValue = "262144")
                        int maxRecordBytes,
                        Clock clock, LedgerRules rules, IngestHealth health) {
        this.records = records;
        this.maxRecordBytes = maxRecordBytes;
        this.clock = clock;
        this.rules = rules;
        this.health = health;
    }

    void onStart(@Observes StartupEvent event) {
        if (records <= 0) {
            return;
        }
        health.warmingUp();
        // A thread of its own: start-up goes on (the consumer joins its group meanwhile); readiness waits for it.
        Thread.ofPlatform().name("ingest-warm-up").daemon().start(() -> {
            long started = System.nanoTime();
            try {
                int decided = run(records);
                LOG.infof("ingest warmed up with %d made-up records in %d ms", decided,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                // Only an optimisation: a failure here must never keep the service from taking records.
                LOG.warnf(e, "the ingest warm-up failed; ingest starts cold");
            } finally {
                health.warmedUp();
            }
        });
    }

    /** Decides {@code count} made-up records; returns how many were accepted (all of them, unless the code changed). */
    int run(int count) {
        IngestDecoder decoder = new IngestDecoder(maxRecordBytes, clock);
        LocalDate today = LocalDate.now(clock);
        int accepted = 0;
        for (int account = 0; account * RECORDS_PER_ACCOUNT < count; account++) {
            String customerId = "warm-up-" + account;
            IngestBatch batch = new IngestBatch(Map.of(customerId,
                    new Loaded(AccountDecider.initialState(customerId), 0)), rules, Traces.passThrough());
            int n = Math.min(RECORDS_PER_ACCOUNT, count - account * RECORDS_PER_ACCOUNT);
            for (IngestRecord record : account(customerId, n, today.minusDays(n))) {
                if (decoder.decode(record) instanceof IngestDecoding.Decoded decoded) {
                    batch.decide(record, decoded);
                }
            }
            accepted += batch.accepted();
            readBack(customerId, batch.streamAppends());
        }
        return accepted;
    }

    /**
     * The appended events read back as a load from the store and the projection read them (JSON to events, folded
     * into an account): that code runs for every event too.
     */
    private static void readBack(String customerId, List<StreamAppend> appends) {
        Account account = AccountDecider.initialState(customerId);
        for (StreamAppend append : appends) {
            long version = append.expectedVersion();
            for (EventToAppend event : append.events()) {
                account.evolve(AccountEvents.fromRecorded(new RecordedEvent(0, 0, event.eventId(), append.streamId(),
                        ++version, event.eventType(), event.schemaVersion(), event.partitionKey(), event.payloadJson(),
                        event.metadataJson(), Instant.EPOCH)));
            }
        }
    }

    /**
     * One customer's records the way an ERP and a bank send them: the customer, then invoices, payments (most with
     * remittance advice naming earlier invoices, some left to cash application) and credit notes, one day apart.
     */
    static List<IngestRecord> account(String customerId, int count, LocalDate firstDay) {
        List<IngestRecord> out = new ArrayList<>(count);
        out.add(record(Topics.INGEST_CUSTOMERS, "CustomerUpdated", customerId, out.size(), "{\"customerId\":\""
                + customerId + "\",\"name\":\"Warm-up\",\"countryCode\":\"DE\",\"timeZone\":\"Europe/Berlin\","
                + "\"paymentTermsDays\":30,\"currency\":\"EUR\",\"contacts\":[]}"));
        int invoices = 0;
        for (int i = 1; out.size() < count; i++) {
            LocalDate day = firstDay.plusDays(i);
            BigDecimal amount = BigDecimal.valueOf(10_000 + (i * 7_919L) % 900_000, 2);
            if (i % 20 == 0) {
                out.add(record(Topics.INGEST_INVOICES, "CreditNoteIssued", customerId, out.size(),
                        "{\"creditNoteId\":\"CN-" + i + "\",\"customerId\":\"" + customerId + "\",\"issueDate\":\""
                                + day + "\",\"currency\":\"EUR\",\"amount\":\"12.50\""
                                + (invoices > 0 ? ",\"invoiceId\":\"INV-" + invoices + "\"" : "")
                                + ",\"reason\":\"rebate\"}"));
            } else if (i % 3 == 0 && invoices > 0) {
                String reference = "INV-" + Math.max(1, invoices - 1);
                String allocations = i % 5 == 0 ? ""
                        : ",\"allocations\":[{\"invoiceId\":\"" + reference + "\",\"amount\":\"" + amount + "\"}]";
                out.add(record(Topics.INGEST_PAYMENTS, "PaymentReceived", customerId, out.size(),
                        "{\"paymentId\":\"PAY-" + i + "\",\"customerId\":\"" + customerId + "\",\"receivedDate\":\""
                                + day + "\",\"currency\":\"EUR\",\"amount\":\"" + amount + "\",\"method\":\"SEPA\","
                                + "\"reference\":\"" + reference + " remittance\"" + allocations + "}"));
            } else {
                invoices++;
                out.add(record(Topics.INGEST_INVOICES, "InvoiceIssued", customerId, out.size(),
                        "{\"invoiceId\":\"INV-" + invoices + "\",\"customerId\":\"" + customerId + "\",\"issueDate\":\""
                                + day + "\",\"dueDate\":\"" + day.plusDays(30) + "\",\"currency\":\"EUR\",\"amount\":\""
                                + amount + "\",\"purchaseOrder\":\"PO-" + i + "\",\"description\":\"warm-up\"}"));
            }
        }
        return out;
    }

    private static IngestRecord record(String topic, String type, String customerId, int offset, String json) {
        List<IngestRecord.Header> headers = List.of(
                header("ce_specversion", "1.0"),
                header("ce_id", customerId + "-" + offset),
                header("ce_source", "warm-up"),
                header("ce_type", "io.ledgerline.ingest." + type + ".v1"),
                header("content-type", "application/json"));
        return new IngestRecord(topic, 0, offset, customerId.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static IngestRecord.Header header(String name, String value) {
        return new IngestRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
