package io.ledgerline.receivables.ingest;

import io.ledgerline.events.Topics;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.eventstore.ReliableKafkaProducer;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.eventstore.Traces;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository.Loaded;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
import java.util.UUID;

/**
 * Runs made-up ingest records through the code every real record takes right after start, so that the first minute's
 * real records do not wait for that code to be loaded and compiled:
 * <ol>
 * <li>{@code ledgerline.ingest.warm-up.records} records (decoding, validation, deciding with cash application, the
 * events' JSON both ways), in memory only. Why: a profile of the first minute (benchmarks/README.md, "Profiled again
 * 2026-12-01 (receivables alone ...)") found the JIT compiler threads using about a core of the two for the whole
 * minute, which kept that minute's records waiting for seconds.</li>
 * <li>Two made-up polls through the real ingest transaction, rolled back ({@link #rehearse()}). Why: a recording of the
 * first minute after step 1 (benchmarks/README.md, 2026-12-02) still found the first real polls, of about a hundred
 * records, taking seconds in code only a real poll runs (loading the database client's and the event store's
 * classes, linking their lambdas, preparing the statements).</li>
 * <li>The relays' Kafka producer created and told its topics' leaders ({@link #prepareProducer()}), sending
 * nothing: otherwise the first relay round creates it.</li>
 * </ol>
 * Nothing is committed, published or counted, and no account the service keeps is touched: the records, accounts
 * and events are thrown away. Readiness ({@link IngestHealth}) stays DOWN until it is done (20,000 records took 19 to
 * 28 s on a 2-core machine loaded by other work, hence a default of 10,000); the consumer group is joined meanwhile
 * and ingest takes records from the start. {@code ledgerline.ingest.warm-up.records=0} turns it all off,
 * {@code ledgerline.ingest.warm-up.rehearse=false} steps 2 and 3.
 */
@ApplicationScoped
public class IngestWarmUp {

    private static final Logger LOG = Logger.getLogger(IngestWarmUp.class);
    /** Records per made-up account: about the documents of a busy account, so cash application works on many. */
    static final int RECORDS_PER_ACCOUNT = 100;
    /** How long the warm-up waits for the relays' producer to learn its topics' leaders. */
    static final long PREPARE_WAIT_MS = 10_000;
    /** Made-up customers of the rehearsed ingest transaction. */
    static final int REHEARSED_CUSTOMERS = 2;

    private final int records;
    private final int maxRecordBytes;
    private final Clock clock;
    private final LedgerRules rules;
    private final IngestHealth health;
    /** Injected into a field, so the unit test's constructor stays as it is; null there (no rehearsal). */
    @Inject
    IngestProcessor processor;
    @Inject
    ReliableKafkaProducer producer;
    /**
     * Whether {@link #rehearse()} and {@link #prepareProducer()} run after the in-memory part (on by default; off for
     * an A/B measurement).
     */
    @ConfigProperty(name = "ledgerline.ingest.warm-up.rehearse", defaultValue = "true")
    boolean rehearse = true;

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
                long inMemory = System.nanoTime();
                int rehearsed = rehearse ? rehearse() : 0;
                if (rehearse) {
                    prepareProducer();
                }
                LOG.infof("ingest warmed up with %d made-up records in %d ms, then %d through a rolled-back ingest"
                                + " transaction and the relays' producer prepared in %d ms", decided,
                        (inMemory - started) / 1_000_000, rehearsed, (System.nanoTime() - inMemory) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                // Only an optimisation: a failure here must never keep the service from taking records.
                LOG.warnf(e, "the ingest warm-up failed; ingest starts cold");
            } finally {
                health.warmedUp();
            }
        });
    }

    /**
     * The first real poll's own path, once: made-up records of two made-up customers (ids no real customer has, new at
     * every start) as two polls through {@link IngestProcessor#rehearse}, in a transaction that is rolled back. The
     * second poll folds what the first appended (visible inside the transaction), repeats one of its records (a
     * duplicate) and carries one invalid record (a rejection), so loading, the inbox and the rejected records' outbox
     * are run too. Nothing is committed, counted or published. Returns the records accepted before the rollback; 0
     * without a processor (unit tests).
     */
    public int rehearse() {
        if (processor == null) {
            return 0;
        }
        LocalDate today = LocalDate.now(clock);
        String run = UUID.randomUUID().toString();
        List<IngestRecord> first = new ArrayList<>();
        List<IngestRecord> second = new ArrayList<>();
        for (int c = 0; c < REHEARSED_CUSTOMERS; c++) {
            List<IngestRecord> records = account("warm-up-" + c + "-" + run, RECORDS_PER_ACCOUNT,
                    today.minusDays(RECORDS_PER_ACCOUNT));
            int half = records.size() / 2;
            first.addAll(records.subList(0, half));
            second.addAll(records.subList(half, records.size()));
            second.add(records.get(half / 2));
        }
        String customerId = "warm-up-0-" + run;
        second.add(record(Topics.INGEST_INVOICES, "InvoiceIssued", customerId, RECORDS_PER_ACCOUNT + 1,
                "{\"invoiceId\":\"INV-X\",\"customerId\":\"" + customerId + "\",\"issueDate\":\"" + today
                        + "\",\"dueDate\":\"" + today.plusDays(30) + "\",\"currency\":\"EUR\",\"amount\":\"-1\"}"));
        try {
            return VertxContextSupport.subscribeAndAwait(() -> processor.rehearse(List.of(first, second)));
        } catch (Throwable e) {
            throw new IllegalStateException("the rehearsal of an ingest transaction failed", e);
        }
    }

    /**
     * Creates the relays' Kafka producer and learns the leaders of the topics they publish to, sending nothing, so
     * that the first relay round after start does not pay for it. Waits {@value #PREPARE_WAIT_MS} ms at most: with
     * the broker away, readiness says so anyway (the consumers' check) and the producer connects when it can.
     */
    void prepareProducer() {
        if (producer == null) {
            return;
        }
        Thread prepare = Thread.ofPlatform().name("ingest-warm-up-producer").daemon().start(() -> {
            try {
                producer.prepare(Topics.RECEIVABLES_EVENTS, Topics.INGEST_REJECTED);
            } catch (RuntimeException e) {
                LOG.infof("the relays' producer could not be prepared at start (%s); it connects on first use", e);
            }
        });
        try {
            prepare.join(PREPARE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
