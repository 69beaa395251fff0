package io.ledgerline.collections.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A collector's worklist: cases scored by the configured formula, highest first, each row showing its factors; an
 * unanswered inquiry past its 24 hours is raised as an event and on the worklist; a team lead reassigns with a reason
 * and sees the load per collector.
 */
@QuarkusTest
class WorklistTest extends CollectionsTestBase {

    @Test
    void rows_are_scored_and_explained_an_overdue_inquiry_moves_a_case_up_and_a_lead_reassigns() {
        String big = customer;
        upstream.publish(customerUpdated("DE", "Europe/Berlin"));
        upstream.publish(invoice("INV-1", "90000.00", LocalDate.of(2026, 9, 30)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 9, 30), "90000.00"));
        String bigCase = awaitCase();
        // Key accounts (50,000 and more past due) go to ines.
        RestAssured.given().get("/cases/{id}", bigCase).then().body("collector", equalTo("ines"));

        customer = "C-small-" + customer.substring(2);
        upstream.publish(customerUpdated("DE", "Europe/Berlin"));
        upstream.publish(invoice("INV-9", "120.00", LocalDate.of(2026, 11, 1)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 11, 1), "120.00"));
        String smallCase = awaitCase();
        as("lee", "supervisor").body("{\"collector\": \"ines\", \"reason\": \"same group as " + big + "\"}")
                .post("/cases/{id}/assignment", smallCase).then().statusCode(201)
                .body("events[0].event.previousCollector", org.hamcrest.Matchers.oneOf("jo", "max"))
                .body("events[0].event.by.subject", equalTo("lee"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(rows()).extracting(r -> r.get("caseId"))
                .contains(bigCase, smallCase));
        List<Map<String, Object>> rows = rows();
        assertThat(indexOf(rows, bigCase)).isLessThan(indexOf(rows, smallCase));
        Map<String, Object> first = rows.get(indexOf(rows, bigCase));
        // The past-due amount in the currency's scale (the read model keeps four decimals), and per currency.
        assertThat(first.get("amountPastDue")).isEqualTo("90000.00");
        assertThat((List<Map<String, Object>>) first.get("pastDue"))
                .containsExactly(Map.of("currency", "EUR", "amount", "90000.00"));
        assertThat((List<Map<String, Object>>) first.get("why")).extracting(f -> f.get("factor"))
                .contains("amountPastDue", "daysPastDue", "riskClass", "brokenPromises", "promiseDueToday",
                        "daysSinceLastContact", "inquiry", "openCallTasks");

        // The small customer writes in and gets no answer for more than 24 hours.
        collector().body("""
                {"channel": "EMAIL", "direction": "INBOUND", "outcome": "DELIVERED", "contactedAt": "2026-11-10T09:00:00Z",
                 "notes": "why is INV-9 overdue? we never got it"}""").post("/cases/{id}/contacts", smallCase)
                .then().statusCode(201);
        runDay(TODAY.plusDays(1));
        RestAssured.given().get("/cases/{id}", smallCase).then().body("inquiries[0].overdue", equalTo(true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> small = rows().get(indexOf(rows(), smallCase));
            assertThat(small.get("inquiryOverdue")).isEqualTo(true);
            assertThat((List<Map<String, Object>>) small.get("why")).anySatisfy(f -> {
                assertThat(f.get("factor")).isEqualTo("inquiry");
                assertThat(f.get("value")).isEqualTo("overdue");
                assertThat(f.get("points")).isEqualTo("40.0");
            });
        });

        RestAssured.given().get("/team/load").then().statusCode(200)
                .body("collectors.collector", hasItem("ines"))
                .body("collectors.find { it.collector == 'ines' }.capacity", equalTo(50));
    }

    private static List<Map<String, Object>> rows() {
        JsonPath json = RestAssured.given().get("/worklists/ines?limit=500").then().statusCode(200).extract().jsonPath();
        return json.getList("rows");
    }

    private static int indexOf(List<Map<String, Object>> rows, String caseId) {
        for (int i = 0; i < rows.size(); i++) {
            if (caseId.equals(rows.get(i).get("caseId"))) {
                return i;
            }
        }
        return -1;
    }
}
