package io.ledgerline.collections.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * What every integration test shares (one Quarkus start for all): the real in-process Kafka broker, a fresh embedded
 * PostgreSQL database, GreenMail for mail, a clock the test moves, a publisher of upstream events, and a customer of
 * its own per test.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(GreenMailTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
abstract class CollectionsTestBase {

    /** Reads go out as a reader unless a test says who it is. */
    static final String READER_TOKEN = Tokens.of("rita", Roles.READER);

    static final LocalDate TODAY = LocalDate.of(2026, 11, 10);

    @Inject
    Pool pool;

    protected UpstreamPublisher upstream;
    protected String customer;
    protected MovableClock clock = MovableClock.SHARED;

    @BeforeEach
    void connect() {
        upstream = new UpstreamPublisher(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
        clock.set(TODAY, 10);
        RestAssured.authentication = RestAssured.oauth2(READER_TOKEN);
    }

    @AfterEach
    void disconnect() {
        upstream.close();
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    protected String apEmail() {
        return "ap-" + customer.toLowerCase() + "@nordwind.example";
    }

    protected ReceivablesEvent.CustomerUpdated customerUpdated(String country, String zone) {
        return new ReceivablesEvent.CustomerUpdated(customer, "Nordwind Logistik GmbH", country, zone, 30, "EUR",
                List.of(new Contact("Ana Ruiz", apEmail(), "+49 30 1234567", "accounts-payable"),
                        new Contact("Max Roth", "cfo-" + customer.toLowerCase() + "@nordwind.example", "+49 30 7654321",
                                "escalation")));
    }

    protected ReceivablesEvent.InvoiceIssued invoice(String id, String amount, LocalDate due) {
        return new ReceivablesEvent.InvoiceIssued(customer, id, due.minusDays(30), due, "EUR", new BigDecimal(amount),
                null, "freight");
    }

    protected ReceivablesEvent.AccountDelinquent delinquent(LocalDate asOf, LocalDate oldestDue, String pastDue) {
        return new ReceivablesEvent.AccountDelinquent(customer, asOf, oldestDue,
                (int) java.time.temporal.ChronoUnit.DAYS.between(oldestDue, asOf),
                List.of(new ReceivablesEvent.CurrencyAmount("EUR", new BigDecimal(pastDue))), "1-30");
    }

    protected ReceivablesEvent.PaymentReceived payment(String id, String amount, LocalDate on) {
        return new ReceivablesEvent.PaymentReceived(customer, id, on, "EUR", new BigDecimal(amount),
                io.ledgerline.events.ingest.PaymentMethod.SEPA, "remittance " + id, List.of());
    }

    protected ReceivablesEvent.PaymentApplied applied(String payment, String invoice, String amount, LocalDate on) {
        return new ReceivablesEvent.PaymentApplied(customer, ReceivablesEvent.SourceKind.PAYMENT, payment, invoice,
                "EUR", new BigDecimal(amount), on, ReceivablesEvent.ApplicationRule.REMITTANCE);
    }

    /** A request as a person in these roles sends it: with their bearer token. */
    protected static RequestSpecification as(String subject, String... roles) {
        return RestAssured.given().auth().oauth2(Tokens.of(subject, roles)).contentType(ContentType.JSON);
    }

    protected static RequestSpecification collector() {
        return as("jo", Roles.COLLECTOR);
    }

    protected static RequestSpecification operator() {
        return as("ops", Roles.OPERATOR);
    }

    /** Waits until the customer has a case (the upstream events were consumed) and returns its id. */
    protected String awaitCase() {
        String[] caseId = new String[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> caseId[0] = RestAssured.given()
                .get("/customers/{id}/case", customer).then().statusCode(200).extract().path("caseId"));
        return caseId[0];
    }

    protected void awaitFacts(long count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> facts() >= count);
    }

    protected long facts() {
        return count("SELECT count(*) FROM ledger_facts WHERE customer_id = $1");
    }

    protected long streamEvents() {
        return count("SELECT count(*) FROM events WHERE stream_id = 'collections-' || $1");
    }

    private long count(String sql) {
        return pool.preparedQuery(sql).execute(Tuple.of(customer))
                .map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(5));
    }

    /** Runs the day on demand, as an operator would. */
    protected void runDay(LocalDate day) {
        clock.set(day, 10);
        operator().post("/dunning/runs?asOf=" + day).then().statusCode(200);
    }

    /** The messages in a mailbox of GreenMail, read over IMAP (GreenMail's users log in with their address). */
    protected static List<Message> mailbox(String address) throws Exception {
        int port = ConfigProvider.getConfig().getValue("test.greenmail.imap-port", Integer.class);
        Session session = Session.getInstance(new Properties());
        List<Message> messages = new ArrayList<>();
        Store store = session.getStore("imap");
        try {
            store.connect("127.0.0.1", port, address, address);
        } catch (jakarta.mail.AuthenticationFailedException noMailYet) {
            // GreenMail makes a user (login and password = the address) when the first mail to it arrives.
            return messages;
        }
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        for (Message message : inbox.getMessages()) {
            messages.add(new jakarta.mail.internet.MimeMessage((jakarta.mail.internet.MimeMessage) message));
        }
        inbox.close(false);
        store.close();
        return messages;
    }

    static String json(Object value) {
        return EventJson.writeString(value);
    }
}
