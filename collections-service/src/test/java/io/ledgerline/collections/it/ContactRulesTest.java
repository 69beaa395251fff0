package io.ledgerline.collections.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * The contact rules over REST for a US consumer (Regulation F pack): a call the rules forbid is refused with
 * problem+json naming the rule and never logged; an override needs a supervisor and a reason and is an event of its
 * own; a planned contact can be checked first; a written cease request leaves only the permitted notices.
 */
@QuarkusTest
class ContactRulesTest extends CollectionsTestBase {

    private String usCase() {
        upstream.publish(customerUpdated("US", "America/New_York"));
        upstream.publish(invoice("INV-1", "800.00", LocalDate.of(2026, 10, 1)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 10, 1), "800.00"));
        return awaitCase();
    }

    @Test
    void a_call_before_8_in_the_consumers_zone_is_refused_naming_the_rule_and_a_supervisor_may_override() {
        String caseId = usCase();
        RestAssured.given().get("/cases/{id}", caseId).then().body("customer.contactRules", equalTo("US_REG_F"))
                .body("strategy", equalTo("us-consumer"));
        // 12:30Z on 2026-11-10 is 07:30 in New York (EST).
        String early = """
                {"channel": "PHONE", "direction": "OUTBOUND", "outcome": "NO_ANSWER", "contactedAt": "2026-11-10T12:30:00Z"}""";
        clock.set(java.time.Instant.parse("2026-11-10T12:31:00Z"));
        collector().body(early).post("/cases/{id}/contacts", caseId).then().statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("CONTACT_RULE_VIOLATED"))
                .body("rules", contains("REG_F_INCONVENIENT_TIME"))
                .body("detail", containsString("America/New_York"));
        RestAssured.given().get("/cases/{id}", caseId).then().body("contacts", hasSize(0));

        String override = early.replace("}", ", \"overrideReason\": \"consumer asked for an early call in writing\"}");
        collector().body(override).post("/cases/{id}/contacts", caseId).then().statusCode(403)
                .body("code", equalTo("OVERRIDE_NEEDS_SUPERVISOR"));
        as("ines", "collector", "supervisor").body(override).post("/cases/{id}/contacts", caseId).then().statusCode(201)
                .body("events.type", contains("ContactRuleOverridden", "ContactLogged"))
                .body("events[0].event.rules", contains("REG_F_INCONVENIENT_TIME"))
                .body("events[0].event.by.subject", equalTo("ines"));

        // 13:00Z is 08:00 local: allowed, and the check says so beforehand.
        collector().body("""
                {"channel": "PHONE", "at": "2026-11-10T13:00:00Z"}""")
                .post("/customers/{id}/contact-checks", customer).then().statusCode(200)
                .body("allowed", equalTo(true)).body("contactRules", equalTo("US_REG_F"));
    }

    @Test
    void after_a_conversation_no_call_for_seven_days_and_after_a_cease_request_only_permitted_letters() {
        String caseId = usCase();
        clock.set(java.time.Instant.parse("2026-11-10T16:00:00Z"));
        collector().body("""
                {"channel": "PHONE", "direction": "OUTBOUND", "outcome": "REACHED", "contactedAt": "2026-11-10T15:00:00Z",
                 "contactName": "Sam Doe", "notes": "will call back"}""")
                .post("/cases/{id}/contacts", caseId).then().statusCode(201);
        collector().body("""
                {"channel": "PHONE", "at": "2026-11-16T15:00:00Z"}""")
                .post("/customers/{id}/contact-checks", customer).then().statusCode(200)
                .body("allowed", equalTo(false)).body("violations.rule", contains("REG_F_7_DAYS_AFTER_CONVERSATION"));

        collector().body("""
                {"ceaseCommunication": true, "optedOutChannels": ["SMS"], "receivedDate": "2026-11-10", "note": "letter"}""")
                .put("/customers/{id}/contact-preferences", customer).then().statusCode(201);
        collector().body("""
                {"channel": "LETTER", "at": "2026-11-20T15:00:00Z"}""")
                .post("/customers/{id}/contact-checks", customer).then()
                .body("violations.rule", contains("REG_F_CEASE_COMMUNICATION"));
        collector().body("""
                {"channel": "LETTER", "at": "2026-11-20T15:00:00Z", "purpose": "TERMINATION_NOTICE"}""")
                .post("/customers/{id}/contact-checks", customer).then().body("allowed", equalTo(true));
        collector().body("""
                {"channel": "SMS", "at": "2026-11-20T15:00:00Z"}""")
                .post("/customers/{id}/contact-checks", customer).then()
                .body("violations.rule", hasItem("CHANNEL_OPT_OUT"));
    }
}
