package io.ledgerline.receivables.it;

import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.PostgresServer;
import io.ledgerline.testsupport.identity.TestIssuer;
import io.ledgerline.testsupport.identity.Tokens;
import io.ledgerline.identity.Roles;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of receivables-service, each its own process started from the built jar, on one database and one
 * consumer group, with a real broker, under load. Both consume ingest (the group splits the partitions between
 * them); only one runs the outbox relay and the projection (one active reader per database). The read models must
 * show every balance exactly as the ledger does, and every domain event must be on the topic exactly once. Then the
 * instance that started first is stopped in the middle of more load: the other takes over the partitions, the relay
 * and the projection, still without a double.
 * <p>
 * Run by failsafe after the jar is built ({@code ./mvnw verify}).
 */
class TwoInstancesIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration CONVERGE = Duration.ofSeconds(120);
    private static final String EVENTS_TOPIC = "ledgerline.receivables.events";

    private static PostgresServer.Database database;
    private static String bootstrapServers;
    private static Instance first;
    private static Instance second;

    /** One service process. */
    private record Instance(String name, Process process, int port, int managementPort) {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    @BeforeAll
    static void startTwoInstances() throws Exception {
        database = PostgresServer.shared().createDatabase("two_instances");
        // Every request below carries a token of the test issuer the instances trust.
        RestAssured.authentication = RestAssured.oauth2(Tokens.of("two-instances", Roles.AUDITOR, Roles.OPERATOR));
        bootstrapServers = KafkaBroker.shared().bootstrapServers();
        // One after the other, so the first has migrated the database before the second looks at it.
        first = start("a");
        awaitReady(first);
        second = start("b");
        awaitReady(second);
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        for (Instance instance : new Instance[]{first, second}) {
            if (instance != null && instance.process().isAlive()) {
                instance.process().destroy();
                instance.process().waitFor();
            }
        }
    }

    @Test
    void readModelsEqualTheLedgerAndNoDomainEventIsPublishedTwice() throws Exception {
        Map<String, BigDecimal> expected = new LinkedHashMap<>();
        try (ErpPublisher erp = new ErpPublisher(bootstrapServers)) {
            publishLoad(erp, 120, expected);
            awaitBalances(expected, second);
            assertBalancesEqualTheLedger(expected);

            JsonPath fromFirst = projections(first);
            JsonPath fromSecond = projections(second);
            assertThat(fromFirst.getBoolean("find { it.name == 'accounts' }.active")
                    ^ fromSecond.getBoolean("find { it.name == 'accounts' }.active"))
                    .as("exactly one instance runs the projection").isTrue();
            assertEveryEventPublishedOnce();

            // The first instance stops while more arrives: the second takes over whatever the first was doing.
            Map<String, BigDecimal> more = new LinkedHashMap<>();
            Thread load = Thread.ofPlatform().start(() -> publishLoad(erp, 60, more));
            first.process().destroy();
            assertThat(first.process().waitFor()).as("a graceful stop").isIn(0, 130, 143);
            load.join();
            expected.putAll(more);
            awaitBalances(expected, second);
            assertBalancesEqualTheLedger(expected);
            assertThat(projections(second).getBoolean("find { it.name == 'accounts' }.active")).isTrue();
            assertEveryEventPublishedOnce();
        }
    }

    /**
     * {@code customers} new customers, each with four invoices and two payments (one with remittance, one without),
     * sent as an ERP and a bank would; {@code expected} receives each one's balance: invoices less payments.
     */
    private static void publishLoad(ErpPublisher erp, int customers, Map<String, BigDecimal> expected) {
        for (int c = 0; c < customers; c++) {
            String customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
            erp.binary("ledgerline.ingest.customers", customer, "CustomerUpdated", """
                    {"customerId": "%s", "name": "Customer %s", "countryCode": "DE", "timeZone": "Europe/Berlin",
                     "paymentTermsDays": 30, "currency": "EUR"}""".formatted(customer, customer));
            BigDecimal balance = BigDecimal.ZERO;
            for (int i = 1; i <= 4; i++) {
                BigDecimal amount = new BigDecimal(100 * i + c % 97 + ".25");
                erp.binary("ledgerline.ingest.invoices", customer, "InvoiceIssued", LedgerApi.invoice(customer,
                        "INV-" + customer + "-" + i, "2026-10-0" + i, "2026-11-0" + i, amount.toPlainString(), "load"));
                balance = balance.add(amount);
            }
            BigDecimal remitted = new BigDecimal("50.00");
            erp.binary("ledgerline.ingest.payments", customer, "PaymentReceived", LedgerApi.payment(customer,
                    "PAY-" + customer + "-1", "2026-10-20", remitted.toPlainString(), "INV-" + customer + "-2",
                    Map.of("INV-" + customer + "-2", remitted.toPlainString())));
            BigDecimal unremitted = new BigDecimal("75.10");
            erp.binary("ledgerline.ingest.payments", customer, "PaymentReceived", LedgerApi.payment(customer,
                    "PAY-" + customer + "-2", "2026-10-25", unremitted.toPlainString(), "thanks", Map.of()));
            expected.put(customer, balance.subtract(remitted).subtract(unremitted));
        }
    }

    /** Until every customer's summary (a read model) on {@code instance} shows the expected balance. */
    private static void awaitBalances(Map<String, BigDecimal> expected, Instance instance) {
        List<String> pending = new ArrayList<>(expected.keySet());
        await().atMost(CONVERGE).pollInterval(Duration.ofMillis(500)).until(() -> {
            pending.removeIf(customer -> {
                var response = RestAssured.given().baseUri(instance.url()).get("/accounts/{c}", customer);
                if (response.statusCode() != 200) {
                    return false;
                }
                // The customer's summary can be there before any of its invoices is: no balance yet, still pending.
                String balance = response.jsonPath().getString("balances[0].balance");
                return balance != null && expected.get(customer).compareTo(new BigDecimal(balance)) == 0;
            });
            return pending.isEmpty();
        });
    }

    /**
     * The summary (read models) of each customer against its aging folded from the ledger's events, on the other
     * instance: same balance, and the version the summary names is the stream's (nothing is left to apply).
     */
    private static void assertBalancesEqualTheLedger(Map<String, BigDecimal> expected) throws SQLException {
        Map<String, Long> streamVersions = streamVersions();
        for (Map.Entry<String, BigDecimal> entry : expected.entrySet()) {
            String customer = entry.getKey();
            JsonPath summary = RestAssured.given().baseUri(second.url()).get("/accounts/{c}", customer)
                    .then().statusCode(200).extract().jsonPath();
            JsonPath aging = RestAssured.given().baseUri(second.url())
                    .get("/accounts/{c}/aging?asOf=2027-06-30", customer).then().statusCode(200).extract().jsonPath();
            BigDecimal readModel = new BigDecimal(summary.getString("balances[0].balance"));
            BigDecimal ledger = LedgerApi.money(LedgerApi.checkedCurrency(aging, "EUR").get("balance"));
            assertThat(readModel).as("balance of %s", customer).isEqualByComparingTo(ledger)
                    .isEqualByComparingTo(entry.getValue());
            assertThat(summary.getLong("version")).as("version of %s", customer)
                    .isEqualTo(streamVersions.get("account-" + customer));
        }
    }

    /** Every event of the store is on the domain topic, and none twice (by ce_id). */
    private static void assertEveryEventPublishedOnce() throws SQLException {
        long stored = count("SELECT count(*) FROM events");
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "two-instances-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(EVENTS_TOPIC));
            await().atMost(CONVERGE).until(() -> {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> ids.add(
                        new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)));
                return ids.size() >= stored;
            });
            for (int n = 0; n < 5; n++) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> ids.add(
                        new String(r.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(ids).as("domain events on the topic").doesNotHaveDuplicates().hasSize((int) stored);
    }

    private static JsonPath projections(Instance instance) {
        return RestAssured.given().baseUri(instance.url()).get("/admin/projections").then().statusCode(200)
                .extract().jsonPath();
    }

    private static Instance start(String name) throws IOException {
        int port = freePort();
        int managementPort = freePort();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("the service jar, built before failsafe runs").exists();
        Path log = Path.of("target", "two-instances-" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        // Tokens from the test issuer, verified against its JWKS as a deployment's IdP would be.
        TestIssuer issuer = TestIssuer.shared();
        env.put("MP_JWT_VERIFY_ISSUER", issuer.url());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl());
        env.put("MP_JWT_VERIFY_AUDIENCES", TestIssuer.AUDIENCE);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", database.reactiveUrl());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", database.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.password() == null ? "" : database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("LEDGERLINE_CLOCK_TODAY", "2026-11-23");
        // The start's warm-up still runs in the built jar, but short: this test waits for two starts in a row within
        // its time limit, on a machine that may be busy, and measures nothing.
        env.put("LEDGERLINE_INGEST_WARM_UP_RECORDS", "1000");
        return new Instance(name, builder.start(), port, managementPort);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitReady(Instance instance) {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!instance.process().isAlive()) {
                throw new AssertionError("instance " + instance.name() + " exited: "
                        + Files.readString(Path.of("target", "two-instances-" + instance.name() + ".log")));
            }
            try {
                return RestAssured.given().baseUri(instance.managementUrl()).get("/q/health/ready").statusCode() == 200;
            } catch (Exception notYetListening) {
                return false;
            }
        });
    }

    private static Map<String, Long> streamVersions() throws SQLException {
        Map<String, Long> versions = new LinkedHashMap<>();
        try (Connection connection = connect(); ResultSet rows = connection.createStatement()
                .executeQuery("SELECT stream_id, max(version) FROM events GROUP BY stream_id")) {
            while (rows.next()) {
                versions.put(rows.getString(1), rows.getLong(2));
            }
        }
        return versions;
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }
}
