package io.ledgerline.reporting.it;

import io.ledgerline.events.Topics;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;

/**
 * The third quarter of one customer in DKK (a currency no other test uses, so the portfolio's DKK figures are its),
 * worked out by hand, for every kind of period: a quarter, a custom range, a year to date and the month to date, over
 * REST in JSON and CSV, and the quarter and the year on the KPI topic as an analyst reads them.
 *
 * <p>July: an invoice of 1,000.00 (due 9 August). August: an invoice of 2,000.00 (due 4 September), cancelled on
 * 2 September. 15 September: 400.00 paid on July's invoice. August's credit sales are 2,000.00 (not cancelled by
 * 31 August) but the quarter's are 1,000.00 (cancelled by 30 September): a quarter is not the sum of its months.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class PeriodFlowTest extends ReportingTestBase {

    private static final String PORTFOLIO = "portfolio:DKK";

    @Test
    void everyKindOfPeriodIsComputedAsOfItsEndAndTheQuarterAndYearArePublished() {
        upstream.publish(invoice(customer, "D-JUL", "DKK", "1000.00", "2026-07-10", "2026-08-09"));
        upstream.publish(invoice(customer, "D-AUG", "DKK", "2000.00", "2026-08-05", "2026-09-04"));
        upstream.publish(new ReceivablesEvent.InvoiceCancelled(customer, "D-AUG", LocalDate.parse("2026-09-02"),
                "ordered twice"));
        pay(customer, "D-JUL", "DKK", "400.00", "2026-09-15");

        await().atMost(WAIT).untilAsserted(() -> assertThat(value(kpis("period", "2026-Q3"), "COLLECTED"))
                .isEqualTo("400.00"));

        // The quarter: 92 days; credit sales less what was cancelled by 30 September.
        JsonPath quarter = kpis("period", "2026-Q3");
        assertThat(Map.of("CREDIT_SALES", value(quarter, "CREDIT_SALES"), "ENDING_AR", value(quarter, "ENDING_AR"),
                "DSO_SIMPLE", value(quarter, "DSO_SIMPLE"), "BPDSO", value(quarter, "BPDSO"),
                "CEI", value(quarter, "CEI"), "PAST_DUE_PCT", value(quarter, "PAST_DUE_PCT")))
                .isEqualTo(Map.of("CREDIT_SALES", "1000.00", "ENDING_AR", "600.00", "DSO_SIMPLE", "55.20",
                        "BPDSO", "0.00", "CEI", "40.00", "PAST_DUE_PCT", "100.00"));
        assertThat(quarter.getString(path("DSO_SIMPLE") + ".periodStart")).isEqualTo("2026-07-01");
        assertThat(quarter.getString(path("DSO_SIMPLE") + ".periodEnd")).isEqualTo("2026-09-30");
        // ... while its months, each as of its own end, add up to more.
        assertThat(value(kpis("period", "2026-07"), "CREDIT_SALES")).isEqualTo("1000.00");
        assertThat(value(kpis("period", "2026-08"), "CREDIT_SALES")).isEqualTo("2000.00");
        assertThat(value(kpis("period", "2026-09"), "CREDIT_SALES")).isEqualTo("0.00");

        // A custom range, 1 to 20 August: 20 days, the cancel of 2 September not yet there.
        JsonPath range = RestAssured.given().queryParam("from", "2026-08-01").queryParam("to", "2026-08-20")
                .queryParam("scope", "portfolio").get("/kpis").then().statusCode(200).extract().jsonPath();
        assertThat(value(range, "CREDIT_SALES")).isEqualTo("2000.00");
        assertThat(value(range, "ENDING_AR")).isEqualTo("3000.00");
        assertThat(value(range, "DSO_SIMPLE")).isEqualTo("30.00");
        assertThat(range.getString(path("DSO_SIMPLE") + ".period")).isEqualTo("2026-08-01_2026-08-20");
        assertThat(range.getString(path("DSO_SIMPLE") + ".inputs.find { it.name == 'days' }.value")).isEqualTo("20");

        // The year as it stands today (23 November): 327 days.
        JsonPath year = kpis("period", "2026");
        assertThat(value(year, "DSO_SIMPLE")).isEqualTo("196.20");
        assertThat(year.getString(path("DSO_SIMPLE") + ".periodEnd")).isEqualTo("2026-11-23");

        // The month to date: nothing sold in November, 600.00 still owed.
        JsonPath toDate = kpis("period", "month-to-date");
        assertThat(value(toDate, "CREDIT_SALES")).isEqualTo("0.00");
        assertThat(value(toDate, "ENDING_AR")).isEqualTo("600.00");
        assertThat(toDate.getString(path("DSO_SIMPLE") + ".value")).isNull();
        assertThat(toDate.getString(path("ENDING_AR") + ".period")).isEqualTo("2026-11");
        assertThat(toDate.getString(path("ENDING_AR") + ".periodEnd")).isEqualTo("2026-11-23");

        // CSV: the same figures, formula and inputs.
        String csv = RestAssured.given().queryParam("period", "2026-Q3").queryParam("scope", "portfolio")
                .queryParam("kpi", "DSO_SIMPLE").queryParam("format", "csv").get("/kpis").then().statusCode(200)
                .header("Content-Type", startsWith("text/csv")).extract().asString();
        assertThat(csv).contains("DSO_SIMPLE,portfolio:DKK,2026-Q3,2026-07-01,2026-09-30,55.20,DAYS,DKK,2026-11-23,"
                + "false,DSO_SIMPLE = endingAr / creditSales × days,endingAr=600.00; creditSales=1000.00; days=92,");
        String rangeCsv = RestAssured.given().queryParam("from", "2026-08-01").queryParam("to", "2026-08-20")
                .queryParam("scope", "portfolio").queryParam("kpi", "CREDIT_SALES").queryParam("format", "csv")
                .get("/kpis").then().statusCode(200).extract().asString();
        assertThat(rangeCsv).contains("CREDIT_SALES,portfolio:DKK,2026-08-01_2026-08-20,2026-08-01,2026-08-20,2000.00,");

        // The run publishes quarters and years too: the analyst reads the quarter's and the year's figures.
        try (AnalystReader analyst = new AnalystReader(bootstrapServers(), Topics.REPORTING_KPIS)) {
            RestAssured.given().post("/publications/runs").then().statusCode(200);
            KpiCalculated q3 = published(analyst, Topics.kpiKey("CREDIT_SALES", PORTFOLIO, "2026-Q3"));
            assertThat(q3.value()).isEqualByComparingTo("1000.00");
            assertThat(q3.periodStart()).isEqualTo(LocalDate.parse("2026-07-01"));
            assertThat(q3.periodEnd()).isEqualTo(LocalDate.parse("2026-09-30"));
            assertThat(q3.formula()).isEqualTo("CREDIT_SALES = invoices issued in the period, less those cancelled "
                    + "by its end");
            KpiCalculated y2026 = published(analyst, Topics.kpiKey("DSO_SIMPLE", PORTFOLIO, "2026"));
            assertThat(y2026.value()).isEqualByComparingTo("196.20");
            assertThat(y2026.periodEnd()).isEqualTo(TODAY);
            assertThat(y2026.inputs()).anySatisfy(input -> {
                assertThat(input.name()).isEqualTo("days");
                assertThat(input.value()).isEqualByComparingTo("327");
            });
            KpiCalculated august = published(analyst, Topics.kpiKey("CREDIT_SALES", PORTFOLIO, "2026-08"));
            assertThat(august.value()).isEqualByComparingTo("2000.00");
        }
    }

    private static KpiCalculated published(AnalystReader analyst, String key) {
        return await().atMost(WAIT).until(() -> analyst.latest(key)
                .map(r -> AnalystReader.read(r, KpiCalculated.class)), Optional::isPresent).orElseThrow();
    }

    private static JsonPath kpis(String param, String value) {
        return RestAssured.given().queryParam(param, value).queryParam("scope", "portfolio").get("/kpis").then()
                .statusCode(200).extract().jsonPath();
    }

    private static String path(String kpi) {
        return "find { it.kpi == '" + kpi + "' && it.scope == '" + PORTFOLIO + "' }";
    }

    private static String value(JsonPath figures, String kpi) {
        return figures.getString(path(kpi) + ".value");
    }
}
