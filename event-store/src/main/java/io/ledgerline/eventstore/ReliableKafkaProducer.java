package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kafka producer for writes that must not be lost: {@code acks=all}, idempotent, lz4-compressed batches, and {@link #sendAll} completes
 * only once the broker has acknowledged every record. The outbox relay publishes through it, and services use it to
 * write (e.g. rejected ingest records) before committing the batch that depends on them.
 */
@ApplicationScoped
public class ReliableKafkaProducer implements AutoCloseable {

    private final Map<String, Object> config;
    private final Object lock = new Object();
    private KafkaProducer<byte[], byte[]> producer;

    @Inject
    public ReliableKafkaProducer(
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "ledgerline.kafka.compression-type", defaultValue = COMPRESSION) String compression,
            Config config) {
        this(withSecurity(withCompression(producerConfig(bootstrapServers), compression), securitySettings(config)));
    }

    /**
     * lz4: the relays send batches of similar JSON records (same field names, same headers), which compress well for
     * little CPU, so fewer bytes cross the network and land on the broker's disks. Consumers decompress whatever the
     * producer chose, with nothing to configure, but need lz4 on their class path (the Quarkus BOM drops kafka-clients'
     * org.lz4:lz4-java: add at.yawk.lz4:lz4-java, as this module does; quarkus-kafka-client brings it).
     */
    public static final String COMPRESSION = "lz4";

    /** For use outside CDI, or to adjust settings; {@code config} should start from {@link #producerConfig}. */
    public ReliableKafkaProducer(Map<String, Object> config) {
        this.config = Map.copyOf(config);
    }

    /** The settings that make a send durable and in order, with batching sized for bursts of events. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    }

    /** The settings this producer is created with (for checks and tests). */
    public Map<String, Object> config() {
        return config;
    }

    /** Connector-wide settings that configure how a client reaches a secured cluster. */
    private static final List<String> CONNECTOR_PREFIXES = List.of("kafka.", "mp.messaging.connector.smallrye-kafka.");

    /**
     * The Kafka security settings the service's connector gets, so that this producer reaches the same (TLS, SASL)
     * cluster: {@code security.protocol}, {@code sasl.*} and {@code ssl.*}, from {@code kafka.*} (Quarkus hands those to
     * every channel) or from {@code mp.messaging.connector.smallrye-kafka.*}, which wins when both are set.
     */
    public static Map<String, Object> securitySettings(Config config) {
        Map<String, Object> settings = new java.util.TreeMap<>();
        for (String prefix : CONNECTOR_PREFIXES) {
            for (String name : config.getPropertyNames()) {
                if (!name.startsWith(prefix)) {
                    continue;
                }
                String key = name.substring(prefix.length());
                if (key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                    config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(key, value));
                }
            }
        }
        return settings;
    }

    /** {@code base} with another {@code compression.type} (none, gzip, snappy, lz4, zstd). */
    public static Map<String, Object> withCompression(Map<String, Object> base, String compression) {
        Map<String, Object> changed = new java.util.HashMap<>(base);
        changed.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        return changed;
    }

    /** {@code base} with {@code security} laid over it. */
    public static Map<String, Object> withSecurity(Map<String, Object> base, Map<String, Object> security) {
        Map<String, Object> merged = new java.util.HashMap<>(base);
        merged.putAll(security);
        return merged;
    }

    /**
     * Sends every record, in order, and completes when all are acknowledged, or fails with the first error (some
     * records may then have been written: callers retry the whole batch and consumers absorb duplicates).
     * Called on a Vert.x context, it sends from a worker thread (a send can block while fetching metadata or when
     * the buffer is full) and completes back on the caller's context.
     */
    public Uni<Void> sendAll(List<ProducerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> acknowledged = Uni.createFrom().deferred(() -> {
            Uni<Void> sent = Uni.createFrom().completionStage(() -> send(records));
            return Context.isOnEventLoopThread() ? sent.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : sent;
        });
        return VertxContexts.completeOnCallerContext(acknowledged);
    }

    private CompletableFuture<Void> send(List<ProducerRecord<byte[], byte[]>> records) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger pending = new AtomicInteger(records.size());
        KafkaProducer<byte[], byte[]> kafka = producer();
        try {
            for (ProducerRecord<byte[], byte[]> record : records) {
                kafka.send(record, (metadata, error) -> {
                    if (error != null) {
                        all.completeExceptionally(error);
                    } else if (pending.decrementAndGet() == 0) {
                        all.complete(null);
                    }
                });
            }
            // The whole batch is here: send it now rather than after linger.ms (5 ms), which every relay round at a
            // low rate would otherwise wait (the batch.size limit is never reached there). flush() returns once every
            // record is acknowledged or failed, which is what the caller waits for anyway; it runs on the caller's
            // thread or a worker, never an event loop (sendAll).
            kafka.flush();
        } catch (RuntimeException e) {
            all.completeExceptionally(e);
        }
        return all;
    }

    /**
     * Creates the producer now and fetches the topics' partitions from the broker, sending nothing: a service's
     * warm-up calls it so that the first relay round after start does not pay for creating the client and learning
     * the topics' leaders. Blocks up to the producer's {@code max.block.ms} per topic if the broker is away (call it
     * off the event loop).
     */
    public void prepare(String... topics) {
        KafkaProducer<byte[], byte[]> kafka = producer();
        for (String topic : topics) {
            kafka.partitionsFor(topic);
        }
    }

    /** Created on first use, so a service that never sends needs no reachable broker to start. */
    private KafkaProducer<byte[], byte[]> producer() {
        synchronized (lock) {
            if (producer == null) {
                producer = new KafkaProducer<>(config);
            }
            return producer;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        synchronized (lock) {
            if (producer != null) {
                producer.close();
                producer = null;
            }
        }
    }
}
