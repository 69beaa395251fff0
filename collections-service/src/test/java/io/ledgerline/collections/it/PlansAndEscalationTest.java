package io.ledgerline.collections.it;

import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.Topics;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A payment plan over REST: instalments missed after grace, the plan broken at the second miss and dunning resumed;
 * then a hand-over to an agency with its file, and a write-off proposed to receivables on the topic.
 */
@QuarkusTest
class PlansAndEscalationTest extends CollectionsTestBase {

    @Test
    void a_plan_broken_after_two_misses_then_escalated_and_a_write_off_proposed() {
        upstream.publish(customerUpdated("FR", "Europe/Paris"));
        upstream.publish(invoice("INV-7", "600.00", LocalDate.of(2026, 11, 5)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 11, 5), "600.00"));
        String caseId = awaitCase();

        collector().body("""
                {"currency": "EUR", "instalments": [{"dueDate": "2026-11-15", "amount": "300.00"},
                                                    {"dueDate": "2026-11-25", "amount": "300.00"}]}""")
                .post("/cases/{id}/plans", caseId).then().statusCode(201)
                .body("events.type", contains("PaymentPlanAgreed", "DunningPaused"))
                .body("events[0].event.total", equalTo("600.00"));
        // Paused: the run of the day after the first instalment's grace (5 days) reaches no level, but sees the miss.
        runDay(LocalDate.of(2026, 11, 21));
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(0))
                .body("plans[0].missed", contains(1));
        runDay(LocalDate.of(2026, 12, 1));
        RestAssured.given().get("/cases/{id}", caseId).then()
                .body("plans[0].status", equalTo("BROKEN"))
                // Dunning resumed at once: 26 days past due, the second notice in French.
                .body("level", equalTo(2))
                .body("letters[0].language", equalTo("fr"))
                .body("letters[0].subject", equalTo("Deuxième relance – Nordwind Logistik GmbH"));

        collector().body("""
                {"to": "AGENCY", "handedTo": "Recouvrement Ouest SA", "reason": "plan broken twice"}""")
                .post("/cases/{id}/escalations", caseId).then().statusCode(201)
                .body("events[0].event.handover.items", hasSize(1))
                .body("events[0].event.handover.totals[0].amount", equalTo("600.00"))
                .body("events[0].event.by.subject", equalTo("jo"));
        collector().body("""
                {"invoiceId": "INV-7", "amount": "600.00", "reason": "agency reports the customer insolvent"}""")
                .post("/cases/{id}/write-off-proposals", caseId).then().statusCode(201);
        collector().body("""
                {"invoiceId": "INV-7", "amount": "600.00", "reason": "again"}""")
                .post("/cases/{id}/write-off-proposals", caseId).then().statusCode(422)
                .body("code", equalTo("WRITE_OFF_ALREADY_PROPOSED"));
        // Escalated: no more dunning.
        runDay(LocalDate.of(2026, 12, 20));
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(2)).body("escalatedTo", equalTo("AGENCY"));

        try (TopicReader topic = new TopicReader(bootstrapServers(), Topics.COLLECTIONS_EVENTS)) {
            ConsumerRecord<byte[], byte[]> proposal = await().atMost(Duration.ofSeconds(30)).until(() -> topic
                    .forKey(customer).stream().filter(r -> "io.ledgerline.collections.WriteOffProposed.v1"
                            .equals(TopicReader.header(r, "ce_type"))).findFirst().orElse(null), Objects::nonNull);
            CollectionsEvent.WriteOffProposed event = (CollectionsEvent.WriteOffProposed)
                    DomainEventReader.COLLECTIONS.read(proposal).event();
            assertThat(event.caseId()).isEqualTo(caseId);
            assertThat(event.amount()).isEqualByComparingTo("600.00");
            assertThat(event.by().subject()).isEqualTo("jo");
        }
    }
}
