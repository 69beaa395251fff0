package io.ledgerline.receivables.it;

import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ledgerline.receivables.it.LedgerApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Write-offs over REST with real tokens: limits per role at their edges, a request above the limit approved by a
 * different supervisor (never by the asker), declines, and the audit trail an auditor reads from the events.
 */
@QuarkusTest
class WriteOffApprovalTest extends LedgerTestBase {

    // Limits (application.properties): ar-clerk 100, supervisor 10000, credit-manager 10000.
    private static final String KIM = Tokens.withSubject("u-kim", "kim.clerk", Roles.AR_CLERK);
    private static final String SAM = Tokens.withSubject("u-sam", "sam.supervisor", Roles.SUPERVISOR);
    private static final String SAM_AGAIN = Tokens.withSubject("u-sam", "sam.supervisor", Roles.SUPERVISOR, Roles.CREDIT_MANAGER);
    private static final String LEE = Tokens.withSubject("u-lee", "lee.manager", Roles.CREDIT_MANAGER);
    private static final String PAT = Tokens.withSubject("u-pat", "pat.auditor", Roles.AUDITOR);

    private String givenInvoice(String suffix, String amount) {
        String invoiceId = LedgerApi.id("INV", customer, suffix);
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceId, "2026-09-01", "2026-10-01", amount, "September freight"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200));
        return invoiceId;
    }

    private io.restassured.response.ValidatableResponse writeOff(String token, String invoiceId, String amount) {
        return json().auth().oauth2(token)
                .body("{\"amount\": \"" + amount + "\", \"reasonCode\": \"SHORT_PAYMENT\", \"reason\": \"internal note\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then();
    }

    @Test
    void limits_per_role_hold_at_their_edges() {
        String invoiceId = givenInvoice("A", "20000.00");
        writeOff(KIM, invoiceId, "100.00").statusCode(200).body("events[0].type", equalTo("InvoiceWrittenOff"))
                .body("events[0].data.writtenOffBy", equalTo("kim.clerk"))
                .body("events[0].data.role", equalTo(Roles.AR_CLERK));
        writeOff(KIM, invoiceId, "100.01").statusCode(202).body("events[0].type", equalTo("WriteOffRequested"))
                .body("events[0].data.approvalNeeded", equalTo(List.of("ABOVE_LIMIT")));
        writeOff(SAM, invoiceId, "10000.00").statusCode(200).body("events[0].type", equalTo("InvoiceWrittenOff"));
        writeOff(SAM, invoiceId, "0.01").statusCode(200);
        // Above the highest limit nobody writes off alone, a supervisor neither.
        String big = givenInvoice("B", "20000.00");
        writeOff(SAM, big, "10000.01").statusCode(202).body("events[0].type", equalTo("WriteOffRequested"));
        // Roles without a write-off endpoint entry are refused before any limit.
        writeOff(PAT, big, "1.00").statusCode(403).body("code", equalTo("ROLE_REQUIRED"));
    }

    @Test
    void above_the_limit_a_different_person_in_an_approving_role_approves_and_both_are_on_record() {
        // A clerk asks for more than their limit...
        JsonPath requested = writeOff(KIM, givenInvoice("B", "2500.00"), "2500.00").statusCode(202).extract().jsonPath();
        String requestId = requested.getString("events[0].data.requestId");
        String invoiceB = requested.getString("events[0].data.invoiceId");
        assertThat(requestId).isEqualTo("WOR-1");

        // The asker cannot approve, whatever roles the token shows that day...
        String kimAsSupervisor = Tokens.withSubject("u-kim", "kim.clerk", Roles.AR_CLERK, Roles.SUPERVISOR);
        json().auth().oauth2(kimAsSupervisor).post("/accounts/{c}/write-off-requests/{r}/approval", customer, requestId)
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("SAME_PERSON"));
        // ...a clerk cannot approve at all...
        json().auth().oauth2(Tokens.of("other.clerk", Roles.AR_CLERK))
                .post("/accounts/{c}/write-off-requests/{r}/approval", customer, requestId)
                .then().statusCode(403).body("code", equalTo("ROLE_REQUIRED"));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceB).then().body("openAmount", equalTo("2500.00"));

        // ...a supervisor can.
        json().auth().oauth2(SAM).post("/accounts/{c}/write-off-requests/{r}/approval", customer, requestId)
                .then().statusCode(200)
                .body("events[0].type", equalTo("InvoiceWrittenOff"))
                .body("events[0].data.writtenOffBy", equalTo("kim.clerk"))
                .body("events[0].data.approvedBy", equalTo("sam.supervisor"))
                .body("events[0].data.requestId", equalTo(requestId));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceB).then()
                .body("status", equalTo("WRITTEN_OFF"));
        json().auth().oauth2(LEE).post("/accounts/{c}/write-off-requests/{r}/approval", customer, requestId)
                .then().statusCode(422).body("code", equalTo("REQUEST_ALREADY_DECIDED"));

        // A supervisor's own request above the top limit needs another approver; a decline writes nothing off.
        String big = givenInvoice("C", "30000.00");
        String bigRequest = writeOff(SAM, big, "30000.00").statusCode(202).extract().jsonPath()
                .getString("events[0].data.requestId");
        json().auth().oauth2(SAM_AGAIN).post("/accounts/{c}/write-off-requests/{r}/approval", customer, bigRequest)
                .then().statusCode(403).body("code", equalTo("SAME_PERSON"));
        json().auth().oauth2(LEE).body("{\"reason\": \"collect first\"}")
                .post("/accounts/{c}/write-off-requests/{r}/decline", customer, bigRequest)
                .then().statusCode(200).body("events[0].type", equalTo("WriteOffProposalDeclined"));
        RestAssured.given().get("/accounts/{c}/write-off-requests", customer).then().statusCode(200)
                .body("", hasSize(2))
                .body("status", equalTo(List.of("APPROVED", "DECLINED")))
                .body("[1].decidedBy", equalTo("lee.manager"));

        // The auditor sees who did what, from the events.
        JsonPath audit = RestAssured.given().auth().oauth2(PAT).get("/accounts/{c}/audit?size=500", customer).then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> items = audit.getList("items");
        Map<String, Object> request = items.stream().filter(i -> "WriteOffRequested".equals(i.get("type"))).findFirst()
                .orElseThrow();
        assertThat(request.get("actor")).isEqualTo(Map.of("subject", "u-kim", "name", "kim.clerk",
                "roles", List.of(Roles.AR_CLERK)));
        Map<String, Object> approval = items.stream().filter(i -> "InvoiceWrittenOff".equals(i.get("type"))
                && requestId.equals(((Map<?, ?>) i.get("data")).get("requestId"))).findFirst().orElseThrow();
        assertThat(approval.get("command")).isEqualTo("ApproveWriteOff");
        assertThat(approval.get("actor")).isEqualTo(Map.of("subject", "u-sam", "name", "sam.supervisor",
                "roles", List.of(Roles.SUPERVISOR)));
        Map<String, Object> issued = items.stream().filter(i -> "InvoiceIssued".equals(i.get("type"))).findFirst()
                .orElseThrow();
        assertThat(issued.get("actor")).as("the ERP's records are attributed to their source").isNull();
        assertThat(((Map<?, ?>) issued.get("source")).get("topic")).isEqualTo(INVOICES);
        // A clerk does not read the audit trail.
        RestAssured.given().auth().oauth2(KIM).get("/accounts/{c}/audit", customer).then().statusCode(403);
    }

    @Test
    void a_write_off_before_the_due_date_needs_a_supervisor() {
        String invoiceId = LedgerApi.id("INV", customer, "F");
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceId, "2026-09-01",
                        java.time.LocalDate.now().plusYears(1).toString(), "50.00", "due next year"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200));
        writeOff(KIM, invoiceId, "10.00").statusCode(202).body("events[0].data.approvalNeeded", equalTo(List.of("NOT_YET_DUE")));
        writeOff(SAM, invoiceId, "10.00").statusCode(200).body("events[0].type", equalTo("InvoiceWrittenOff"));
    }
}
