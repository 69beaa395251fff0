package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Kafka records to publish, written in the caller's transaction: the record is published if and only if the
 * decision that produced it commits, and the transaction never waits for the broker. {@link RecordOutboxRelay}
 * publishes and deletes them after the commit (at least once: a crash between the broker's acknowledgement and the
 * delete publishes a record again).
 * <p>
 * For records that are not events of a stream (the events table is the outbox of those): rejected ingest records,
 * notifications, anything a consumer must say on a topic as a consequence of what it decided.
 */
public class RecordOutbox {

    private static final String INSERT = """
            INSERT INTO record_outbox (topic, key, value, headers)
            SELECT * FROM unnest($1::text[], $2::bytea[], $3::bytea[], $4::bytea[])
            """;

    /** Adds every record in one statement; the partition of a record, if set, is not kept (the key decides). */
    public Uni<Void> add(SqlConnection tx, List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> topics = new ArrayList<>(records.size());
        List<Buffer> keys = new ArrayList<>(records.size());
        List<Buffer> values = new ArrayList<>(records.size());
        List<Buffer> headers = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            topics.add(record.topic());
            keys.add(record.key() == null ? null : Buffer.buffer(record.key()));
            values.add(record.value() == null ? null : Buffer.buffer(record.value()));
            headers.add(Buffer.buffer(RecordHeadersCodec.encode(record.headers())));
        }
        return tx.preparedQuery(INSERT)
                .execute(Tuple.of(topics.toArray(String[]::new), keys.toArray(Buffer[]::new),
                        values.toArray(Buffer[]::new), headers.toArray(Buffer[]::new)))
                .replaceWithVoid();
    }

    /** How many records wait to be published. */
    public Uni<Long> pending(SqlClient client) {
        return client.query("SELECT count(*) FROM record_outbox").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
