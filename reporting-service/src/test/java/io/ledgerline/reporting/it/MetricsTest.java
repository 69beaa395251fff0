package io.ledgerline.reporting.it;

import io.ledgerline.events.Topics;
import io.ledgerline.eventstore.LagMetrics;
import io.ledgerline.reporting.ledger.RelayLagMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code /q/metrics} (management port) shows how far behind reporting is: the lag of each of its two relays
 * (reporting's own gauge, since the event-store's covers only the library's single relay), the lag of its consumer
 * group on every domain topic (the event-store's generic gauge), and its own counters and poll timer. The lags read
 * zero once everything is through.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class MetricsTest extends ReportingTestBase {

    @Inject
    RelayLagMetrics relayLags;

    @Inject
    LagMetrics lags;

    @Test
    void theRelaysAndTheConsumerGroupLagsAndReportingsOwnMetricsAreOnQMetrics() {
        upstream.publish(invoice(customer, "INV-M", "EUR", "10.00", "2026-11-20", "2026-12-20"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().get("/aging/customers/{c}", customer).then()
                .statusCode(200).body("groups[0].openAmount", equalTo("10.00")));

        await().atMost(WAIT).untilAsserted(() -> {
            relayLags.sample();
            lags.sample();
            String metrics = RestAssured.given().port(managementPort()).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            for (String topic : new String[] {Topics.REPORTING_AGING, Topics.REPORTING_KPIS}) {
                assertThat(gauge(metrics, "ledgerline_outbox_lag_events", "relay=\"" + topic + "\""))
                        .as("relay lag of %s", topic).isEqualTo(0.0);
            }
            for (String topic : new String[] {Topics.RECEIVABLES_EVENTS, Topics.CREDIT_EVENTS,
                    Topics.COLLECTIONS_EVENTS, Topics.DISPUTES_EVENTS}) {
                assertThat(gauge(metrics, "ledgerline_kafka_consumer_lag_records",
                        "group=\"reporting-service\",topic=\"" + topic + "\"")).as("consumer lag on %s", topic)
                        .isEqualTo(0.0);
            }
            assertThat(gauge(metrics, "ledgerline_reporting_events_recorded_total", "")).isPositive();
            assertThat(gauge(metrics, "ledgerline_reporting_aging_records_total", "")).isPositive();
            assertThat(gauge(metrics, "ledgerline_reporting_poll_seconds_count", "")).isPositive();
        });
    }

    /** The value of the first sample of {@code name} whose labels contain {@code labels}; fails if there is none. */
    private static double gauge(String metrics, String name, String labels) {
        Matcher sample = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
        while (sample.find()) {
            if (sample.group(1).contains("application=\"reporting-service\"") && sample.group(1).contains(labels)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no " + name + "{" + labels + "} in /q/metrics");
    }
}
