package io.ledgerline.eventstore;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Publishes {@link RecordOutbox} rows: reads a batch in insertion order, sends it with {@link ReliableKafkaProducer},
 * and deletes the rows once the broker has acknowledged every one. No database transaction is open while it waits for
 * the broker. A failure (broker away, database away) retries from what is still in the table: a record may be
 * published twice, never lost. It runs on its own thread ({@link TailingLoop}), so a slow broker never holds back the
 * work that wrote the rows.
 * <p>
 * Rows are deleted rather than tailed with a checkpoint, so a transaction that commits late is simply picked up by the
 * next round; no read-order guarantee is needed.
 * <p>
 * <b>One relay per database.</b> Two would both send every row, so the relay runs only while its instance holds the
 * {@link ActiveReaderLock} {@code record-outbox}, like the events relay and the projections; the other replicas stand
 * by and take over when it goes away. The explicit constructor takes a {@code mayPublish} gate instead, for tests.
 */
@ApplicationScoped
public class RecordOutboxRelay {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String READ = """
            SELECT position, topic, key, value, headers FROM record_outbox ORDER BY position LIMIT $1
            """;
    private static final String DELETE = "DELETE FROM record_outbox WHERE position = ANY($1)";

    private final Pool pool;
    private final ReliableKafkaProducer producer;
    private final Duration pollInterval;
    private final int batchSize;
    private final boolean startWithApplication;
    private final BooleanSupplier mayPublish;
    /** The database-wide lock that makes this relay the only active one; null where a gate decides instead. */
    private final ActiveReaderLock lock;
    private TailingLoop loop;
    private volatile long published;

    @Inject
    public RecordOutboxRelay(Pool pool, ReliableKafkaProducer producer, RecordOutboxConfig config) {
        this(pool, producer, config.pollInterval(), config.batchSize(), config.enabled(), () -> true,
                new ActiveReaderLock(pool, "record-outbox"));
    }

    /**
     * For use outside CDI, or with a reader lock: {@code mayPublish} is asked before every round; while it answers
     * false the relay publishes nothing (another instance does).
     */
    public RecordOutboxRelay(Pool pool, ReliableKafkaProducer producer, Duration pollInterval, int batchSize,
                             boolean startWithApplication, BooleanSupplier mayPublish) {
        this(pool, producer, pollInterval, batchSize, startWithApplication, mayPublish, null);
    }

    private RecordOutboxRelay(Pool pool, ReliableKafkaProducer producer, Duration pollInterval, int batchSize,
                              boolean startWithApplication, BooleanSupplier mayPublish, ActiveReaderLock lock) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive: " + batchSize);
        }
        this.pool = pool;
        this.producer = producer;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
        this.startWithApplication = startWithApplication;
        this.mayPublish = mayPublish;
        this.lock = lock;
    }

    void onStart(@Observes StartupEvent event) {
        if (startWithApplication) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public synchronized void start() {
        if (loop == null) {
            loop = new TailingLoop("record-outbox-relay", pollInterval, this::publishBatch, () -> { }, lock);
        }
        loop.start();
    }

    public synchronized void stop() {
        if (loop != null) {
            loop.stop(STOP_TIMEOUT);
        }
    }

    /** Publish now, e.g. right after a commit that added records. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    /** Records published (and deleted) since start. */
    public long published() {
        return published;
    }

    private boolean publishBatch() {
        // Under the reader lock the loop only calls this on the active instance; a gate is asked here.
        if (!mayPublish.getAsBoolean()) {
            return false;
        }
        List<Long> positions = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Row row : pool.preparedQuery(READ).execute(Tuple.of(batchSize)).await().indefinitely()) {
            positions.add(row.getLong("position"));
            records.add(new ProducerRecord<>(row.getString("topic"), null, bytes(row, "key"), bytes(row, "value"),
                    RecordHeadersCodec.decode(bytes(row, "headers"))));
        }
        if (records.isEmpty()) {
            return false;
        }
        producer.sendAll(records).await().indefinitely();
        pool.preparedQuery(DELETE).execute(Tuple.of(positions.toArray(Long[]::new))).await().indefinitely();
        published += records.size();
        return records.size() == batchSize;
    }

    private static byte[] bytes(Row row, String column) {
        Buffer buffer = row.getDelegate().getBuffer(column);
        return buffer == null ? null : buffer.getBytes();
    }
}
