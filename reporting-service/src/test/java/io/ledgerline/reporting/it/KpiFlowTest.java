package io.ledgerline.reporting.it;

import io.ledgerline.events.Topics;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * October 2026 of two customers in CHF (a currency no other test uses, so the portfolio's CHF figures are theirs),
 * worked out by hand: their KPIs over REST, published on the KPI topic by a run (read as an analyst would), stable
 * when later events arrive, and restated when an event dated in October arrives late.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class KpiFlowTest extends ReportingTestBase {

    private static final Actor ANALYST = new Actor("kim", List.of("dispute-analyst", "collector"));

    @Test
    void octoberFiguresAreComputedPublishedStableAndRestatedByALateOctoberInvoice() {
        String a = customer;
        String b = id("C");
        String collector = id("jane");
        String reason = id("DAMAGED");
        for (String c : List.of(a, b)) {
            upstream.publish(new CollectionsEvent.CollectionCaseAssigned(c, "CASE-" + c, collector, null, "portfolio",
                    LocalDate.parse("2026-09-01"), null));
        }
        // Beginning of October: A owes 1,000.00 (due 10 October). In October: 5,000.00 of credit sales, 600.00 paid
        // on A's September invoice, 100.00 of B's invoice written off.
        upstream.publish(invoice(a, "A-SEP", "CHF", "1000.00", "2026-09-10", "2026-10-10"));
        upstream.publish(invoice(a, "A-OCT", "CHF", "2000.00", "2026-10-05", "2026-11-04"));
        upstream.publish(invoice(b, "B-OCT", "CHF", "3000.00", "2026-10-20", "2026-11-19"));
        pay(a, "A-SEP", "CHF", "600.00", "2026-10-12");
        upstream.publish(new ReceivablesEvent.InvoiceWrittenOff(b, "B-OCT", "WO-1", "CHF", new BigDecimal("100.00"),
                LocalDate.parse("2026-10-25"), "goodwill", "sam", false, "SUPERVISOR", "GOODWILL"));
        // A promise kept and one broken; two disputes of one reason, one accepted after 10 days, one rejected after 20.
        upstream.publish(promise(a, "P-1", "2026-10-02"));
        upstream.publish(new CollectionsEvent.PromiseToPayKept(a, "P-1", "CHF", new BigDecimal("600.00"),
                new BigDecimal("600.00"), List.of(), LocalDate.parse("2026-10-12")));
        upstream.publish(promise(a, "P-2", "2026-10-03"));
        upstream.publish(new CollectionsEvent.PromiseToPayBroken(a, "P-2", "CHF", LocalDate.parse("2026-10-15"),
                new BigDecimal("600.00"), BigDecimal.ZERO.setScale(2), new BigDecimal("600.00"), List.of(),
                LocalDate.parse("2026-10-20")));
        dispute(b, "D-1-" + b, reason, "2026-10-01", "2026-10-11", DisputesEvent.Outcome.ACCEPTED);
        dispute(b, "D-2-" + b, reason, "2026-10-05", "2026-10-25", DisputesEvent.Outcome.REJECTED);

        // Ending AR 5,300.00 (400.00 past due), current 4,900.00; 31 days.
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(october("portfolio"), "CREDIT_SALES", "portfolio:CHF"))
                .isEqualTo("5000.00"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(october("collector:" + collector),
                "PROMISE_KEPT_RATE", "collector:" + collector)).isEqualTo("50.00"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(october("portfolio"), "DISPUTES_RESOLVED",
                "reason:" + reason)).isEqualTo("2"));
        JsonPath portfolio = october("portfolio");
        Map<String, String> expected = Map.ofEntries(
                Map.entry("ENDING_AR", "5300.00"), Map.entry("DSO_SIMPLE", "32.86"), Map.entry("BPDSO", "30.38"),
                Map.entry("ADD", "2.48"), Map.entry("DSO_COUNTBACK", "40.00"), Map.entry("CEI", "63.64"),
                Map.entry("BAD_DEBT_RATIO", "2.00"), Map.entry("PAST_DUE_PCT", "7.55"), Map.entry("COLLECTED", "600.00"),
                Map.entry("COLLECTED_VS_ASSIGNED", "10.00"));
        expected.forEach((kpi, value) -> assertThat(value(portfolio, kpi, "portfolio:CHF")).as(kpi).isEqualTo(value));
        assertThat(value(portfolio, "DISPUTE_ACCEPTANCE_RATE", "reason:" + reason)).isEqualTo("50.00");
        assertThat(value(portfolio, "DISPUTE_CYCLE_TIME_P50", "reason:" + reason)).isEqualTo("10");
        assertThat(value(portfolio, "DISPUTE_CYCLE_TIME_P90", "reason:" + reason)).isEqualTo("20");
        JsonPath byCollector = october("collector:" + collector);
        assertThat(value(byCollector, "DSO_SIMPLE", "collector:" + collector + ":CHF")).isEqualTo("32.86");
        assertThat(portfolio.getString("find { it.kpi == 'CEI' && it.scope == 'portfolio:CHF' }.formula"))
                .startsWith("CEI = (beginningAr + creditSales − endingAr)");

        String csv = RestAssured.given().queryParam("period", "2026-10").queryParam("scope", "portfolio")
                .queryParam("kpi", "DSO_SIMPLE").queryParam("format", "csv").get("/kpis").then().statusCode(200)
                .header("Content-Type", startsWith("text/csv")).extract().asString();
        assertThat(csv).startsWith("kpi,scope,period,periodStart,periodEnd,value,unit,currency,asOf,restated,formula,"
                + "inputs,note\r\n").contains("DSO_SIMPLE,portfolio:CHF,2026-10,2026-10-01,2026-10-31,32.86,DAYS,CHF,"
                + "2026-11-23,false,DSO_SIMPLE = endingAr / creditSales × days,endingAr=5300.00; creditSales=5000.00; "
                + "days=31,");

        String key = Topics.kpiKey("DSO_SIMPLE", "portfolio:CHF", "2026-10");
        try (AnalystReader analyst = new AnalystReader(bootstrapServers(), Topics.REPORTING_KPIS)) {
            RestAssured.given().post("/publications/runs").then().statusCode(200).body("asOf", equalTo("2026-11-23"));
            KpiCalculated published = await().atMost(WAIT).until(() -> analyst.latest(key)
                    .map(r -> AnalystReader.read(r, KpiCalculated.class)), Optional::isPresent).orElseThrow();
            assertThat(published.value()).isEqualByComparingTo("32.86");
            assertThat(published.restated()).isFalse();
            assertThat(published.asOf()).isEqualTo(TODAY);
            assertThat(published.formula()).isEqualTo("DSO_SIMPLE = endingAr / creditSales × days");
            assertThat(published.inputs()).extracting(KpiInput::name, i -> i.value().toPlainString()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("endingAr", "5300.00"),
                    org.assertj.core.groups.Tuple.tuple("creditSales", "5000.00"),
                    org.assertj.core.groups.Tuple.tuple("days", "31"));

            // An unrelated later event (a November invoice) leaves October as it was, and a second run sends nothing.
            upstream.publish(invoice(a, "A-NOV", "CHF", "700.00", "2026-11-10", "2026-12-10"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(value(kpis("2026-11", "portfolio"), "CREDIT_SALES",
                    "portfolio:CHF")).isEqualTo("700.00"));
            assertThat(value(october("portfolio"), "DSO_SIMPLE", "portfolio:CHF")).isEqualTo("32.86");
            RestAssured.given().post("/publications/runs").then().statusCode(200);
            assertThat(analyst.records(key)).hasSize(1);

            // An invoice dated 28 October arrives late: October is restated, over REST and on the topic.
            upstream.publish(invoice(a, "A-LATE", "CHF", "1000.00", "2026-10-28", "2026-11-27"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(value(october("portfolio"), "DSO_SIMPLE",
                    "portfolio:CHF")).isEqualTo("32.55"));
            assertThat(october("portfolio").getBoolean(
                    "find { it.kpi == 'DSO_SIMPLE' && it.scope == 'portfolio:CHF' }.restated")).isTrue();
            RestAssured.given().post("/publications/runs").then().statusCode(200);
            KpiCalculated restated = await().atMost(WAIT).until(() -> analyst.latest(key)
                    .map(r -> AnalystReader.read(r, KpiCalculated.class)).filter(KpiCalculated::restated),
                    Optional::isPresent).orElseThrow();
            assertThat(restated.value()).isEqualByComparingTo("32.55");
        }
    }

    @Test
    void aCollectorsWorkAndCollectionsCountForTheCollectorAssignedAtTheTimeNotAtThePeriodsEnd() {
        String jane = id("jane");
        String bob = id("bob");
        String c = customer;
        // Jane has the customer from 1 September and makes a promise (broken later) and a call; Bob takes over on
        // 10 September and makes a promise (kept) and a call. At September's end the customer is Bob's.
        upstream.publish(new CollectionsEvent.CollectionCaseAssigned(c, "CASE-" + c, jane, null, "portfolio",
                LocalDate.parse("2026-09-01"), null));
        upstream.publish(new CollectionsEvent.CollectionCaseAssigned(c, "CASE-" + c, bob, jane, "rebalanced",
                LocalDate.parse("2026-09-10"), null));
        upstream.publish(promise(c, "PJ", "2026-09-05"));
        upstream.publish(contact(c, "K-JANE-" + c, "2026-09-06T10:00:00Z"));
        upstream.publish(promise(c, "PB", "2026-09-12"));
        upstream.publish(contact(c, "K-BOB-" + c, "2026-09-16T10:00:00Z"));
        upstream.publish(new CollectionsEvent.PromiseToPayBroken(c, "PJ-" + c, "CHF", LocalDate.parse("2026-09-15"),
                new BigDecimal("600.00"), BigDecimal.ZERO.setScale(2), new BigDecimal("600.00"), List.of(),
                LocalDate.parse("2026-09-18")));
        upstream.publish(new CollectionsEvent.PromiseToPayKept(c, "PB-" + c, "CHF", new BigDecimal("600.00"),
                new BigDecimal("600.00"), List.of(), LocalDate.parse("2026-09-20")));
        // The customer owes 1,000.00 from August; 400.00 is paid while Jane has it, 300.00 once Bob has it. (In a
        // currency of its own, so that the portfolio figures the other tests check in CHF do not move.)
        upstream.publish(invoice(c, "AUG", "NOK", "1000.00", "2026-08-20", "2026-09-19"));
        pay(c, "AUG", "NOK", "400.00", "2026-09-08");
        pay(c, "AUG", "NOK", "300.00", "2026-09-15");

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath bobs = kpis("2026-09", "collector:" + bob);
            assertThat(value(bobs, "CONTACTS", "collector:" + bob)).isEqualTo("1");
            assertThat(value(bobs, "PROMISES_MADE", "collector:" + bob)).isEqualTo("1");
            assertThat(value(bobs, "PROMISE_KEPT_RATE", "collector:" + bob)).isEqualTo("100.00");
            assertThat(value(bobs, "COLLECTED", "collector:" + bob + ":NOK")).isEqualTo("300.00");
            // Of the 1,000.00 the customer owed at the start (Bob had it in the period too).
            assertThat(value(bobs, "COLLECTED_VS_ASSIGNED", "collector:" + bob + ":NOK")).isEqualTo("30.00");
        });
        JsonPath janes = kpis("2026-09", "collector:" + jane);
        assertThat(value(janes, "CONTACTS", "collector:" + jane)).isEqualTo("1");
        assertThat(value(janes, "PROMISES_MADE", "collector:" + jane)).isEqualTo("1");
        assertThat(value(janes, "PROMISE_KEPT_RATE", "collector:" + jane)).isEqualTo("0.00");
        // Jane's collections count for her though the customer is Bob's at the month's end.
        assertThat(value(janes, "COLLECTED", "collector:" + jane + ":NOK")).isEqualTo("400.00");
        assertThat(value(janes, "COLLECTED_VS_ASSIGNED", "collector:" + jane + ":NOK")).isEqualTo("40.00");
        // A quarter (computed from the facts) attributes them the same way.
        JsonPath quarter = kpis("2026-Q3", "collector:" + jane);
        assertThat(value(quarter, "COLLECTED", "collector:" + jane + ":NOK")).isEqualTo("400.00");
        // Every scope of the month lists Jane too, though she holds no customer at its end.
        assertThat(RestAssured.given().queryParam("period", "2026-09").get("/kpis").then().statusCode(200).extract()
                .jsonPath().getList("scope", String.class)).contains("collector:" + jane, "collector:" + bob);
    }

    @Test
    void disputesByReasonOfAPastPeriodCountTheDisputesOpenOnAsOfAsTheirRowsSay() {
        String stillOpen = id("LATE");
        String resolvedSince = id("SETTLED");
        // Opened in November and still open; opened in October and resolved on 10 November.
        upstream.publish(new DisputesEvent.DisputeOpened(customer, id("D"), DisputesEvent.DisputeKind.DISPUTE,
                stillOpen, "late delivery", "CHF", List.of(new DisputesEvent.DisputedInvoice("B-OCT",
                new BigDecimal("50.00"))), null, null, LocalDate.parse("2026-11-05"), LocalDate.parse("2026-12-05"),
                ANALYST));
        dispute(customer, id("D"), resolvedSince, "2026-10-05", "2026-11-10", DisputesEvent.Outcome.REJECTED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(RestAssured.given().queryParam("period", "2026-11")
                .get("/disputes/by-reason").then().statusCode(200).extract().jsonPath().getList("reasonCode"))
                .contains(stillOpen, resolvedSince));

        // October's report as of today (23 November): open today is the November dispute, not the one resolved since.
        JsonPath october = RestAssured.given().queryParam("period", "2026-10").get("/disputes/by-reason").then()
                .statusCode(200).extract().jsonPath();
        assertThat(october.getString("find { it.reasonCode == '" + stillOpen + "' }.openDisputes")).isEqualTo("1");
        assertThat(october.getString("find { it.reasonCode == '" + stillOpen + "' }.openAmounts.CHF"))
                .isEqualTo("50.00");
        assertThat(october.getList("reasonCode")).doesNotContain(resolvedSince);
        String csv = RestAssured.given().queryParam("period", "2026-10").queryParam("format", "csv")
                .get("/disputes/by-reason").then().statusCode(200).extract().asString();
        assertThat(csv).contains("2026-11-23,2026-10," + stillOpen + ",1,CHF 50.00,0,0,,,");
        // As of 9 November the October dispute was still open.
        assertThat(RestAssured.given().queryParam("period", "2026-10").queryParam("asOf", "2026-11-09")
                .get("/disputes/by-reason").then().statusCode(200).extract().jsonPath()
                .getString("find { it.reasonCode == '" + resolvedSince + "' }.openDisputes")).isEqualTo("1");
    }

    @Test
    void aFigureOfRecordThatALateCancelMakesUncomputableIsMarkedRestated() {
        // In a currency of its own: September's invoice still open at October's end, October's one cancelled late.
        upstream.publish(invoice(customer, "CZ-SEP", "CZK", "4000.00", "2026-09-10", "2026-10-10"));
        upstream.publish(invoice(customer, "CZ-OCT", "CZK", "1000.00", "2026-10-05", "2026-11-04"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(kpis("2026-10", "portfolio"), "CREDIT_SALES",
                "portfolio:CZK")).isEqualTo("1000.00"));
        RestAssured.given().post("/publications/runs").then().statusCode(200);
        assertThat(value(kpis("2026-10", "portfolio"), "DSO_SIMPLE", "portfolio:CZK")).isEqualTo("155.00");

        upstream.publish(new ReceivablesEvent.InvoiceCancelled(customer, "CZ-OCT", LocalDate.parse("2026-10-20"),
                "duplicate"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(value(kpis("2026-10", "portfolio"), "CREDIT_SALES",
                "portfolio:CZK")).isEqualTo("0.00"));
        JsonPath october = kpis("2026-10", "portfolio");
        String dso = "find { it.kpi == 'DSO_SIMPLE' && it.scope == 'portfolio:CZK' }";
        assertThat(october.getString(dso + ".value")).isNull();
        assertThat(october.getBoolean(dso + ".restated")).as("differs from the figure of record, 155.00 days")
                .isTrue();
    }

    @Test
    void theMonthEndPackHoldsTheAgingTheKpisAndTheDisputesOfTheMonth() {
        upstream.publish(invoice(customer, "INV-ME", "SEK", "1200.00", "2026-10-02", "2026-10-20"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().queryParam("month", "2026-10")
                .get("/reports/month-end").then().statusCode(200)
                .body("monthEnd", equalTo("2026-10-31"))
                .body("aging.groups.find { it.currency == 'SEK' }.openAmount", equalTo("1200.00"))
                .body("kpis.find { it.kpi == 'CREDIT_SALES' && it.scope == 'portfolio:SEK' }.value", equalTo("1200.00")));
        String csv = RestAssured.given().queryParam("month", "2026-10").queryParam("format", "csv")
                .get("/reports/month-end").then().statusCode(200).extract().asString();
        assertThat(csv).contains("asOf,basis,groupBy,group,name,currency").contains("kpi,scope,period")
                .contains("asOf,period,reasonCode");
    }

    @Test
    void theMonthEndPackAndTheTrendAnswerWhatTheReportsTheyGatherAnswer() {
        // The pack reads its aging views from one read of the open amounts and its parts side by side, and the trend
        // reads several months at once: each must still be what the report it stands for answers on its own.
        String c = id("C");
        String collector = id("pat");
        upstream.publish(new CollectionsEvent.CollectionCaseAssigned(c, "CASE-" + c, collector, null, "portfolio",
                LocalDate.parse("2026-04-01"), null));
        upstream.publish(invoice(c, "PLN-APR", "PLN", "700.00", "2026-04-03", "2026-04-20"));
        upstream.publish(invoice(c, "PLN-MAY", "PLN", "300.00", "2026-05-05", "2026-06-04"));
        pay(c, "PLN-APR", "PLN", "200.00", "2026-05-10");
        await().atMost(WAIT).untilAsserted(() -> assertThat(RestAssured.given().queryParam("month", "2026-05")
                .get("/reports/month-end").then().statusCode(200).extract().jsonPath()
                .getString("topOverdue.groups.find { it.currency == 'PLN' }.pastDueAmount")).isEqualTo("500.00"));

        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath pack = RestAssured.given().queryParam("month", "2026-05").get("/reports/month-end").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(pack.getList("aging.groups")).isEqualTo(aging(null).getList("groups"));
            assertThat(pack.getList("agingByCollector.groups")).isEqualTo(aging("COLLECTOR").getList("groups"));
            assertThat(pack.getList("agingBySegment.groups")).isEqualTo(aging("SEGMENT").getList("groups"));
            assertThat(pack.getList("topOverdue.groups")).isEqualTo(RestAssured.given()
                    .queryParam("asOf", "2026-05-31").get("/aging/top-overdue").then().statusCode(200).extract()
                    .jsonPath().getList("groups"));
            assertThat(pack.getList("kpis")).isEqualTo(RestAssured.given().queryParam("period", "2026-05")
                    .get("/kpis").then().statusCode(200).extract().jsonPath().getList("$"));

            List<Object> trend = RestAssured.given().queryParam("from", "2026-03").queryParam("to", "2026-08")
                    .get("/kpis/trend").then().statusCode(200).extract().jsonPath().getList("$");
            List<Object> monthByMonth = new java.util.ArrayList<>();
            for (String month : List.of("2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08")) {
                monthByMonth.addAll(kpis(month, "portfolio").getList("$"));
            }
            assertThat(trend).isEqualTo(monthByMonth);
        });
    }

    private static JsonPath aging(String groupBy) {
        var request = RestAssured.given().queryParam("asOf", "2026-05-31");
        if (groupBy != null) {
            request.queryParam("groupBy", groupBy);
        }
        return request.get("/aging").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath october(String scope) {
        return kpis("2026-10", scope);
    }

    private static JsonPath kpis(String period, String scope) {
        return RestAssured.given().queryParam("period", period).queryParam("scope", scope).get("/kpis").then()
                .statusCode(200).extract().jsonPath();
    }

    private static String value(JsonPath figures, String kpi, String scope) {
        return figures.getString("find { it.kpi == '" + kpi + "' && it.scope == '" + scope + "' }.value");
    }

    private static CollectionsEvent.PromiseToPayMade promise(String customer, String promiseId, String madeDate) {
        return new CollectionsEvent.PromiseToPayMade(customer, promiseId + "-" + customer, null, "CHF",
                new BigDecimal("600.00"), LocalDate.parse("2026-10-15"), List.of(), null, LocalDate.parse(madeDate),
                ANALYST);
    }

    private static CollectionsEvent.ContactLogged contact(String customer, String contactId, String at) {
        return new CollectionsEvent.ContactLogged(customer, contactId, null, CollectionsEvent.ContactChannel.PHONE,
                CollectionsEvent.ContactDirection.OUTBOUND, CollectionsEvent.ContactOutcome.REACHED,
                java.time.Instant.parse(at), "accounts payable", "called", ANALYST);
    }

    private void dispute(String customer, String disputeId, String reason, String opened, String resolved,
                         DisputesEvent.Outcome outcome) {
        upstream.publish(new DisputesEvent.DisputeOpened(customer, disputeId, DisputesEvent.DisputeKind.DISPUTE,
                reason, "damaged goods", "CHF", List.of(new DisputesEvent.DisputedInvoice("B-OCT",
                new BigDecimal("50.00"))), null, null, LocalDate.parse(opened), LocalDate.parse(opened).plusDays(30),
                ANALYST));
        upstream.publish(new DisputesEvent.DisputeResolved(customer, disputeId, "R-" + disputeId, outcome, "CHF",
                List.of(new DisputesEvent.ResolvedInvoice("B-OCT", new BigDecimal("50.00"),
                        outcome == DisputesEvent.Outcome.ACCEPTED ? new BigDecimal("50.00") : BigDecimal.ZERO.setScale(2),
                        outcome == DisputesEvent.Outcome.ACCEPTED ? "CN-" + disputeId : null)),
                "checked", LocalDate.parse(resolved), ANALYST, null));
    }
}
