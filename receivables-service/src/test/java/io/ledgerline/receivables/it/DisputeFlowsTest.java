package io.ledgerline.receivables.it;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ingest.FlowsProcessor;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.receivables.ledger.AccountWriters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * flows.md §2 and §3 end to end in receivables, on the real broker and database: disputes' and collections' events
 * published as their outbox relays publish them, the ledger's answer read over REST.
 */
@QuarkusTest
class DisputeFlowsTest extends LedgerTestBase {

    @Inject
    AccountRepository accounts;

    @Inject
    Pool pool;

    @Inject
    AccountWriters writers;

    @Inject
    FlowsProcessor flows;

    private static final LocalDate OCT_29 = LocalDate.of(2026, 10, 29);
    private static final Actor ANALYST = new Actor("analyst.kim", List.of("dispute-analyst"));
    private static final Actor COLLECTOR = new Actor("collector.jo", List.of("collector"));

    private void shortPaidInvoice() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-A", "1250.00"));
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-A", "1200.00", "INV-A", "1200.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> invoiceDetail().body("openAmount", equalTo("50.00")));
    }

    private io.restassured.response.ValidatableResponse invoiceDetail() {
        return RestAssured.given().get("/accounts/{c}/invoices/INV-A", customer).then().statusCode(200);
    }

    /** A write-off proposal as a marker: once it is pending, everything published before it has been handled. */
    private void awaitHandled(UpstreamPublisher upstream, String proposalId) {
        upstream.publish(new CollectionsEvent.WriteOffProposed(customer, proposalId, "CASE-1", "INV-A", "EUR",
                new BigDecimal("1.00"), "marker", OCT_29.plusDays(60), COLLECTOR));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/write-off-proposals?customerId={c}", customer).then().statusCode(200)
                .body("proposalId", org.hamcrest.Matchers.hasItem(proposalId)));
    }

    @Test
    void a_dispute_marks_the_invoice_out_of_delinquency_and_its_resolution_credits_once() {
        var upstream = new UpstreamPublisher(erp);
        shortPaidInvoice();
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-11-30", customer).then()
                .body("delinquent", equalTo(true));

        upstream.publish(new DisputesEvent.DisputeOpened(customer, "DED-A", DisputesEvent.DisputeKind.DEDUCTION,
                "SHORT_PAYMENT", "50.00 short", "EUR", List.of(new DisputedInvoice("INV-A", new BigDecimal("50.00"))),
                "PAY-A", null, OCT_29, OCT_29.plusDays(14), null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> invoiceDetail()
                .body("disputed", equalTo("50.00")).body("undisputed", equalTo("0.00"))
                .body("disputes[0].disputeId", equalTo("DED-A")));
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-11-30", customer).then()
                .body("delinquent", equalTo(false))
                .body("disputedExcluded[0].invoiceId", equalTo("INV-A"))
                .body("disputedExcluded[0].amount", equalTo("50.00"))
                .body("disputedExcluded[0].disputeIds[0]", equalTo("DED-A"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account()
                .body("openInvoices[0].disputed", equalTo("50.00")));

        var resolved = new DisputesEvent.DisputeResolved(customer, "DED-A", "DED-A-R1",
                DisputesEvent.Outcome.PARTIALLY_ACCEPTED, "EUR",
                List.of(new ResolvedInvoice("INV-A", new BigDecimal("50.00"), new BigDecimal("30.00"), "CN-DED-A-R1-1")),
                "one pallet damaged", OCT_29.plusDays(10), ANALYST, null);
        ProducerRecord<byte[], byte[]> sent = upstream.publish(resolved);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> invoiceDetail()
                .body("openAmount", equalTo("20.00")).body("disputed", equalTo("0.00")));
        invoiceDetail().body("applications.find { it.sourceId == 'CN-DED-A-R1-1' }.amount", equalTo("30.00"));

        // Redelivered as is, and once more under a new message id, with an unreadable record between: nothing more.
        erp.raw(sent);
        erp.raw(new ProducerRecord<>("ledgerline.disputes.events", null, ErpPublisher.utf8(customer),
                ErpPublisher.utf8("not a cloud event"), new org.apache.kafka.common.header.internals.RecordHeaders()));
        upstream.publish(resolved);
        awaitHandled(upstream, "WOP-MARK-1");
        invoiceDetail().body("openAmount", equalTo("20.00"));
        List<Map<String, Object>> movements = RestAssured.given().get("/accounts/{c}/movements?size=500", customer)
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(movements).filteredOn(m -> "CreditNoteIssued".equals(m.get("type"))).hasSize(1);
        assertThat(movements).filteredOn(m -> "InvoiceDisputeCleared".equals(m.get("type"))).hasSize(1);

        String statement = RestAssured.given().get("/accounts/{c}/statement?from=2026-10-01&to=2026-11-30&format=csv",
                customer).then().statusCode(200).extract().asString();
        assertThat(statement).contains("CREDIT_NOTE,CN-DED-A-R1-1,dispute DED-A resolved PARTIALLY_ACCEPTED (DED-A-R1),,30.00,20.00");
    }

    /**
     * Disputes arriving while ingest writes the same account: the two consumers' polls race for the stream (a version
     * conflict or a deadlock makes one decide again on the account read again). Every dispute is marked exactly once,
     * every payment applied, and the state the flows keep for their next poll is the fold of the whole stream.
     */
    @Test
    void disputes_arriving_while_ingest_writes_the_same_account_are_each_marked_once() throws Throwable {
        var upstream = new UpstreamPublisher(erp);
        int n = 25;
        for (int i = 1; i <= n; i++) {
            erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-C" + i, "100.00"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(movements("InvoiceIssued")).hasSize(n));
        for (int i = 1; i <= n; i++) {
            erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-C" + i, "90.00", "INV-C" + i, "90.00"));
            upstream.publish(new DisputesEvent.DisputeOpened(customer, "DED-C" + i,
                    DisputesEvent.DisputeKind.DEDUCTION, "SHORT_PAYMENT", "10.00 short", "EUR",
                    List.of(new DisputedInvoice("INV-C" + i, new BigDecimal("10.00"))), "PAY-C" + i, null, OCT_29,
                    OCT_29.plusDays(14), null));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(movements("InvoiceDisputed")).hasSize(n);
            assertThat(movements("PaymentReceived")).hasSize(n);
        });
        assertThat(movements("InvoiceDisputed")).extracting(m -> ((Map<?, ?>) m.get("data")).get("disputeId"))
                .doesNotHaveDuplicates().hasSize(n);

        Account kept = VertxContextSupport.subscribeAndAwait(() -> accounts.loadForFlows(pool, List.of(customer)))
                .get(customer).account();
        Account replayed = AccountDecider.replay(customer, AccountEvents.fromRecorded(
                VertxContextSupport.subscribeAndAwait(() -> accounts.history(pool, customer))));
        assertThat(kept.toJson()).isEqualTo(replayed.toJson());
        for (int i = 1; i <= n; i++) {
            assertThat(replayed.invoice("INV-C" + i)).isNotNull();
        }
        account().body("openInvoices.disputed", org.hamcrest.Matchers.everyItem(equalTo("10.00")));
    }

    /**
     * The flows and ingest take turns on an account (AccountWriters): while a writer of this instance holds the
     * customer's account, a dispute for it and a payment for it wait for their turn instead of racing it (and, when
     * they lost, deciding again on the account read again); once the turn is given back each is decided once.
     */
    @Test
    void a_dispute_and_a_payment_wait_for_the_turn_on_an_account_another_writer_holds() throws Exception {
        var upstream = new UpstreamPublisher(erp);
        shortPaidInvoice();
        long decidedAgain = flows.decidedAgain();

        CompletableFuture<Void> giveBack = new CompletableFuture<>();
        CompletableFuture<Void> held = writers.exclusively(Set.of(customer),
                () -> Uni.createFrom().completionStage(giveBack)).subscribeAsCompletionStage();
        upstream.publish(new DisputesEvent.DisputeOpened(customer, "DED-T", DisputesEvent.DisputeKind.DEDUCTION,
                "SHORT_PAYMENT", "50.00 short", "EUR", List.of(new DisputedInvoice("INV-A", new BigDecimal("50.00"))),
                "PAY-A", null, OCT_29, OCT_29.plusDays(14), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.waiting() >= 1);
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-T", "80.00"));
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.waiting() >= 2);
        assertThat(movements("InvoiceDisputed")).isEmpty();

        giveBack.complete(null);
        held.get();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(movements("InvoiceDisputed")).hasSize(1);
            assertThat(movements("InvoiceIssued")).hasSize(2);
        });
        invoiceDetail().body("disputed", equalTo("50.00"));
        assertThat(flows.decidedAgain()).as("the dispute waited for its turn instead of losing a race")
                .isEqualTo(decidedAgain);
        await().atMost(Duration.ofSeconds(30)).until(() -> writers.held() == 0 && writers.waiting() == 0);
    }

    private List<Map<String, Object>> movements(String type) {
        List<Map<String, Object>> items = RestAssured.given().get("/accounts/{c}/movements?size=500", customer)
                .then().statusCode(200).extract().jsonPath().getList("items");
        return items.stream().filter(m -> type.equals(m.get("type"))).toList();
    }

    @Test
    void a_write_off_proposal_is_approved_by_a_supervisor_who_is_not_the_proposer_or_declined() {
        var upstream = new UpstreamPublisher(erp);
        shortPaidInvoice();
        upstream.publish(new CollectionsEvent.WriteOffProposed(customer, "WOP-1", "CASE-1", "INV-A", "EUR",
                new BigDecimal("50.00"), "uncollectible", OCT_29.plusDays(60), COLLECTOR));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/write-off-proposals?customerId={c}", customer).then().statusCode(200)
                .body("[0].proposalId", equalTo("WOP-1")).body("[0].status", equalTo("PENDING"))
                .body("[0].proposedBy", equalTo("collector.jo")));
        invoiceDetail().body("openAmount", equalTo("50.00"));

        String approval = "/accounts/{c}/write-off-proposals/WOP-1/approval";
        String supervisor = Tokens.of("sup.ines", Roles.SUPERVISOR);
        RestAssured.given().auth().none().post(approval, customer).then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().auth().oauth2(Tokens.of("clerk.al", Roles.AR_CLERK)).post(approval, customer).then()
                .statusCode(403);
        RestAssured.given().auth().oauth2(Tokens.of("collector.jo", Roles.SUPERVISOR)).post(approval, customer).then()
                .statusCode(422).body("code", equalTo("FOUR_EYES"));
        RestAssured.given().auth().oauth2(supervisor).post(approval, customer).then().statusCode(200)
                .body("events[0].type", equalTo("InvoiceWrittenOff"))
                .body("events[0].data.writeOffId", equalTo("WOP-1"))
                .body("events[0].data.writtenOffBy", equalTo("collector.jo"))
                .body("events[0].data.approvedBy", equalTo("sup.ines"));
        invoiceDetail().body("openAmount", equalTo("0.00")).body("status", equalTo("WRITTEN_OFF"));
        RestAssured.given().auth().oauth2(supervisor).post(approval, customer).then().statusCode(422)
                .body("code", equalTo("PROPOSAL_NOT_PENDING"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/write-off-proposals?status=APPROVED&customerId={c}", customer).then()
                .body("[0].decidedBy", equalTo("sup.ines")));

        upstream.publish(new CollectionsEvent.WriteOffProposed(customer, "WOP-2", "CASE-1", "INV-A", "EUR",
                new BigDecimal("5.00"), "again", OCT_29.plusDays(61), COLLECTOR));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/write-off-proposals?customerId={c}", customer).then().body("[0].proposalId", equalTo("WOP-2")));
        RestAssured.given().auth().oauth2(supervisor)
                .contentType(ContentType.JSON).body("{}")
                .post("/accounts/{c}/write-off-proposals/WOP-2/decline", customer).then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        RestAssured.given().auth().oauth2(supervisor)
                .contentType(ContentType.JSON).body("{\"reason\":\"already written off\"}")
                .post("/accounts/{c}/write-off-proposals/WOP-2/decline", customer).then().statusCode(200)
                .body("events[0].type", equalTo("WriteOffProposalDeclined"));
        RestAssured.given().auth().oauth2(supervisor)
                .post("/accounts/{c}/write-off-proposals/WOP-9/approval", customer).then().statusCode(404)
                .body("code", equalTo("UNKNOWN_PROPOSAL"));
    }
}
