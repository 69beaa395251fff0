package io.ledgerline.receivables.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.testsupport.OutageTestResource;
import io.ledgerline.testsupport.Outages;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ledgerline.testsupport.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Ingest resumes by itself after the database or the broker come back, however long they were away: PostgreSQL
 * stopped for 3 minutes under load, then the broker stopped and restarted. Afterwards every customer's balance is what
 * was published, and every published invoice is on the domain topic exactly once as a ledger fact (one event id per
 * invoice; the relay may send an event id twice, which the README documents as at-least-once).
 * <p>
 * Both tests in one class with a profile of their own: the application runs on a PostgreSQL and a broker of its own
 * that the test can stop, and CI pays for that start once.
 */
@QuarkusTest
@TestProfile(OutageRecoveryTest.OwnServers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutageRecoveryTest {

    public static class OwnServers implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OutageTestResource.class),
                    new TestResourceEntry(io.ledgerline.testsupport.identity.TestIssuerResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // Readiness reacts within the test's patience; waiting between tries is capped lower than in production.
            return Map.of("ledgerline.ingest.retry.max-backoff", "3s");
        }
    }

    private static final String INVOICES = "ledgerline.ingest.invoices";

    @org.junit.jupiter.api.BeforeEach
    void authenticate() {
        RestAssured.authentication = RestAssured.oauth2(io.ledgerline.testsupport.identity.Tokens.of("outage-test",
                io.ledgerline.identity.Roles.AUDITOR));
    }

    @org.junit.jupiter.api.AfterEach
    void forget() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    private static io.restassured.specification.RequestSpecification management() {
        return RestAssured.given().port(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class));
    }
    /** Three minutes: longer than any retry budget. LEDGERLINE_TEST_POSTGRES_AWAY (e.g. PT20S) shortens a local run. */
    private static final Duration POSTGRES_AWAY = Duration.parse(System.getenv()
            .getOrDefault("LEDGERLINE_TEST_POSTGRES_AWAY", "PT3M"));

    /** Publishes one 1.00 EUR invoice after another, round-robin over a few customers, until stopped. */
    private static final class Load implements AutoCloseable {
        final String prefix = UUID.randomUUID().toString().substring(0, 8);
        final List<String> customers = List.of("C-" + prefix + "-a", "C-" + prefix + "-b", "C-" + prefix + "-c",
                "C-" + prefix + "-d", "C-" + prefix + "-e");
        final Map<String, Integer> published = new ConcurrentHashMap<>();
        final Set<String> invoiceIds = ConcurrentHashMap.newKeySet();
        final AtomicBoolean running = new AtomicBoolean(true);
        final KafkaProducer<byte[], byte[]> producer;
        final Thread thread;

        Load(String bootstrap) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    // Rides out a broker restart like an ERP's producer would.
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
            thread = Thread.ofPlatform().name("erp-load").start(this::run);
        }

        private void run() {
            int n = 0;
            List<Future<?>> sent = new ArrayList<>();
            while (running.get()) {
                String customer = customers.get(n % customers.size());
                String invoiceId = "INV-" + prefix + "-" + (++n);
                RecordHeaders headers = new RecordHeaders();
                headers.add("ce_specversion", utf8("1.0"));
                headers.add("ce_id", utf8("load-" + invoiceId));
                headers.add("ce_source", utf8("erp-eu-1"));
                headers.add("ce_type", utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
                headers.add("content-type", utf8("application/json"));
                String data = LedgerApi.invoice(customer, invoiceId, "2026-10-01", "2026-10-31", "1.00", "load");
                sent.add(producer.send(new ProducerRecord<>(INVOICES, null, utf8(customer), utf8(data), headers)));
                published.merge(customer, 1, Integer::sum);
                invoiceIds.add(invoiceId);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            for (Future<?> f : sent) {
                try {
                    f.get();
                } catch (Exception e) {
                    throw new IllegalStateException("the load could not publish", e);
                }
            }
        }

        void stopAndFlush() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        @Override
        public void close() {
            running.set(false);
            producer.close();
        }
    }

    @Test
    @Order(1)
    void ingest_resumes_by_itself_after_postgresql_was_stopped_for_three_minutes_under_load() throws Exception {
        try (Load load = new Load(bootstrapServers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> recordedEverything(load, 10));
            Outages.stopPostgres();
            // Ingest waits, and says so.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    management().get("/q/health/ready").then().statusCode(503));
            Thread.sleep(POSTGRES_AWAY.toMillis());
            Outages.startPostgres();
            Thread.sleep(5_000);
            load.stopAndFlush();
            assertEverythingRecordedOnce(load);
        }
    }

    @Test
    @Order(2)
    void ingest_resumes_by_itself_after_the_broker_was_stopped_and_restarted() throws Exception {
        try (Load load = new Load(bootstrapServers())) {
            await().atMost(Duration.ofSeconds(60)).until(() -> recordedEverything(load, 10));
            Outages.stopKafka();
            Thread.sleep(20_000);
            Outages.startKafka();
            Thread.sleep(10_000);
            load.stopAndFlush();
            assertEverythingRecordedOnce(load);
        }
    }

    /** Every customer's balance equals what was published (once at least {@code atLeast} invoices went out). */
    private static boolean recordedEverything(Load load, int atLeast) {
        if (load.invoiceIds.size() < atLeast) {
            return false;
        }
        for (String customer : load.customers) {
            int published = load.published.getOrDefault(customer, 0);
            var response = RestAssured.given().get("/accounts/{c}", customer);
            if (response.statusCode() != 200 || !(published + ".00").equals(response.jsonPath().getString("balances[0].balance"))) {
                return false;
            }
        }
        return true;
    }

    private static void assertEverythingRecordedOnce(Load load) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> recordedEverything(load, 1));
        for (String customer : load.customers) {
            RestAssured.given().get("/accounts/{c}", customer).then().statusCode(200)
                    .body("openInvoices.size()", equalTo(load.published.get(customer)));
        }
        // Every invoice on the domain topic, each as one ledger event (one event id), however often it was sent.
        try (TopicReader events = new TopicReader(bootstrapServers(), "ledgerline.receivables.events")) {
            Map<String, Set<String>> eventIdsByInvoice = new HashMap<>();
            int[] read = {0};
            var waiting = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                    .conditionEvaluationListener(condition -> {
                        if (condition.getRemainingTimeInMS() < 300 && !condition.isSatisfied()) {
                            dumpRelays(eventIdsByInvoice.size(), load.invoiceIds.size());
                        }
                    });
            waiting.until(() -> {
                List<ConsumerRecord<byte[], byte[]>> mine = events.forKeyPrefix("C-" + load.prefix);
                // Only what arrived since the last look: the topic holds thousands of events by now.
                for (ConsumerRecord<byte[], byte[]> r : mine.subList(read[0], mine.size())) {
                    if ("io.ledgerline.receivables.InvoiceIssued.v1".equals(header(r, "ce_type"))) {
                        String invoiceId = EventJson.readTree(r.value()).path("invoiceId").asText();
                        eventIdsByInvoice.computeIfAbsent(invoiceId, k -> new HashSet<>()).add(header(r, "ce_id"));
                    }
                }
                read[0] = mine.size();
                return eventIdsByInvoice.keySet().containsAll(load.invoiceIds);
            });
            assertThat(eventIdsByInvoice.keySet()).containsExactlyInAnyOrderElementsOf(load.invoiceIds);
            assertThat(eventIdsByInvoice.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        }
        // Ready again by itself (the datasource's own check may take a moment to see the new connections).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var ready = management().get("/q/health/ready");
            // The body names the check that is still DOWN: the one thing a reader of a failed build needs.
            assertThat(ready.statusCode()).as(ready.body().asString()).isEqualTo(200);
        });
    }

    /** What the relays are doing, when the domain topic falls short: for the person reading a failed build. */
    private static void dumpRelays(int found, int expected) {
        System.err.println("domain topic has " + found + " of " + expected + " invoices");
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().contains("relay")) {
                System.err.println(thread.getName() + " " + thread.getState());
                for (StackTraceElement e : stack) {
                    System.err.println("    at " + e);
                }
            }
        });
    }

    private static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
