package io.ledgerline.reporting.it;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every malformed query parameter of every endpoint is answered with problem+json naming it (and an Accept header no
 * endpoint can answer, with 406 naming it); unknown customers with 404.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class BadRequestsTest extends ReportingTestBase {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/aging?asOf=2026-13-01                     | asOf     | INVALID_DATE",
            "/aging?asOf=2026-11-24                     | asOf     | AS_OF_IN_THE_FUTURE",
            "/aging?basis=PAYMENT_DATE                  | basis    | INVALID_BASIS",
            "/aging?buckets=30,10                       | buckets  | INVALID_BUCKETS",
            "/aging?buckets=thirty                      | buckets  | INVALID_BUCKETS",
            "/aging?groupBy=REGION                      | groupBy  | INVALID_GROUP_BY",
            "/aging?currency=euro                       | currency | INVALID_CURRENCY",
            "/aging?currency=XYZ                        | currency | INVALID_CURRENCY",
            "/aging/top-overdue?currency=XAU            | currency | INVALID_CURRENCY",
            "/dashboard?currency=ABC                    | currency | INVALID_CURRENCY",
            "/aging?format=xml                          | format   | INVALID_FORMAT",
            "/aging/top-overdue?limit=0                 | limit    | INVALID_LIMIT",
            "/aging/top-overdue?limit=ten               | limit    | INVALID_LIMIT",
            "/aging/top-overdue?asOf=2026-11-31         | asOf     | INVALID_DATE",
            "/aging/top-overdue?format=pdf              | format   | INVALID_FORMAT",
            "/aging/customers/C-any?asOf=2026-11-24     | asOf     | AS_OF_IN_THE_FUTURE",
            "/aging/customers/C-any?basis=AGE           | basis    | INVALID_BASIS",
            "/aging/customers/C-any?buckets=0,30,30     | buckets  | INVALID_BUCKETS",
            "/aging/customers/C-any?format=xlsx         | format   | INVALID_FORMAT",
            "/kpis?asOf=2026-11-24                      | asOf     | AS_OF_IN_THE_FUTURE",
            "/kpis?format=xlsx                          | format   | INVALID_FORMAT",
            "/kpis?period=2026-Q5                       | period   | INVALID_PERIOD",
            "/kpis?period=2026-12                       | period   | PERIOD_AFTER_AS_OF",
            "/kpis?period=2026-W40                      | period   | INVALID_PERIOD",
            "/kpis?period=2027                          | period   | PERIOD_AFTER_AS_OF",
            "/kpis?period=2020-01-01_2026-10-31         | period   | PERIOD_TOO_LONG",
            "/kpis?from=2026-10-15&to=2026-10-01        | from     | FROM_AFTER_TO",
            "/kpis?from=2026-1-01                       | from     | INVALID_DATE",
            "/kpis?to=2026-10-01                        | from     | MISSING_FROM",
            "/kpis?from=2026-11-01&to=2026-11-30        | to       | PERIOD_AFTER_AS_OF",
            "/kpis?from=2020-01-01&to=2026-11-01        | to       | PERIOD_TOO_LONG",
            "/kpis?period=2026-Q3&from=2026-07-01       | period   | PERIOD_AND_RANGE",
            "/disputes/by-reason?from=2026-10-15&to=2026-10-01 | from | FROM_AFTER_TO",
            "/kpis?scope=region:north                   | scope    | INVALID_SCOPE",
            "/kpis?scope=collector:nobody-at-all        | scope    | UNKNOWN_COLLECTOR",
            "/kpis?scope=segment:NO-SUCH-CLASS          | scope    | UNKNOWN_SEGMENT",
            "/kpis?kpi=DSO                              | kpi      | INVALID_KPI",
            "/kpis?kpi=CEI,,CEI_MONTHLY                 | kpi      | INVALID_KPI",
            "/kpis/trend?kpi=DSO_SIMPLE,DSO_COUNT_BACK  | kpi      | INVALID_KPI",
            "/kpis?period=1969                          | period   | INVALID_PERIOD",
            "/kpis?period=0001-01-01_0001-01-31         | period   | INVALID_PERIOD",
            "/disputes/by-reason?period=1969-Q4         | period   | INVALID_PERIOD",
            "/kpis/trend?from=0001-01                    | from     | INVALID_MONTH",
            "/reports/month-end?month=1969-12           | month    | INVALID_MONTH",
            "/kpis/trend?from=2026-11&to=2026-01        | from     | INVALID_MONTH",
            "/kpis/trend?from=2020-01&to=2026-11        | from     | TOO_MANY_MONTHS",
            "/kpis/trend?to=2026-13                     | to       | INVALID_MONTH",
            "/kpis/trend?to=2026-12                     | to       | PERIOD_AFTER_AS_OF",
            "/kpis/trend?asOf=23.11.2026                | asOf     | INVALID_DATE",
            "/kpis/trend?format=html                    | format   | INVALID_FORMAT",
            "/disputes/by-reason?asOf=2026-11-24        | asOf     | AS_OF_IN_THE_FUTURE",
            "/disputes/by-reason?to=2026-11-01          | from     | MISSING_FROM",
            "/disputes/by-reason?period=2027            | period   | PERIOD_AFTER_AS_OF",
            "/disputes/by-reason?format=xml             | format   | INVALID_FORMAT",
            "/disputes/by-reason?period=last-month      | period   | INVALID_PERIOD",
            "/reports/month-end                         | month    | INVALID_MONTH",
            "/reports/month-end?month=2026-13           | month    | INVALID_MONTH",
            "/reports/month-end?month=2026-12           | month    | PERIOD_AFTER_AS_OF",
            "/reports/month-end?month=2026-10&asOf=x    | asOf     | INVALID_DATE",
            "/reports/month-end?month=2026-10&format=ods | format  | INVALID_FORMAT",
            "/dashboard?asOf=yesterday                  | asOf     | INVALID_DATE"})
    void aMalformedParameterIsNamed(String path, String field, String code) {
        RestAssured.given().get(path.trim()).then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo(code.trim()))
                .body("errors[0].field", equalTo(field.trim()));
    }

    @Test
    void aScopeWithAControlCharacterIsRefusedBeforeItReachesTheDatabase() {
        for (String scope : List.of("collector:a%00b", "segment:%00", "collector:jane%0A")) {
            RestAssured.given().urlEncodingEnabled(false).get("/kpis?scope=" + scope).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("INVALID_SCOPE"))
                    .body("errors[0].field", equalTo("scope"));
        }
    }

    @Test
    void aRunAsOfAFutureDateIsRefused() {
        RestAssured.given().post("/publications/runs?asOf=2026-12-01").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("asOf"));
        RestAssured.given().post("/publications/runs?asOf=yesterday").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("INVALID_DATE"))
                .body("errors[0].field", equalTo("asOf"));
    }

    @Test
    void figuresNeedATokenWithAReportingRoleAndTheRunAnOperatorOrSupervisor() {
        RestAssured.given().auth().none().get("/kpis").then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().auth().oauth2(Tokens.of("kim", Roles.AUDITOR)).get("/aging").then().statusCode(200);
        RestAssured.given().auth().oauth2(Tokens.of("kim", Roles.AUDITOR)).post("/publications/runs").then()
                .statusCode(403).contentType("application/problem+json");
        // The page itself is open (it holds no figure) and so are its scripts and Chart.js.
        RestAssured.given().auth().none().get("/dashboard").then().statusCode(200);
        RestAssured.given().auth().none().get("/webjars/chart.js/4.4.1/dist/chart.umd.js").then().statusCode(200);
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        RestAssured.given().get("/aging/customers/{c}", customer).then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("UNKNOWN_CUSTOMER"));
    }

    @Test
    void aKpiIsNamedInAnyCase() {
        RestAssured.given().queryParam("scope", "portfolio").queryParam("kpi", "promises_made").get("/kpis").then()
                .statusCode(200).body("kpi", contains("PROMISES_MADE"));
    }

    @Test
    void aCustomerIdThatIsNoIdentifierIsNamed() {
        for (String id : List.of("x".repeat(65), "a b", "C-1*")) {
            RestAssured.given().get("/aging/customers/{c}", id).then().statusCode(400)
                    .contentType("application/problem+json").body("code", equalTo("INVALID_IDENTIFIER"))
                    .body("errors[0].field", equalTo("customerId"));
        }
    }

    @Test
    void aCustomerWhoseIdHoldsASlashIsFoundByItsIdAsThePathSpellsIt() {
        // The ingest contract's identifiers may hold '/': the id is the rest of the path, escaped or not.
        String id = "ACME/EU-" + customer;
        upstream.publish(invoice(id, "INV-1", "EUR", "70.00", "2026-11-01", "2026-12-01"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().urlEncodingEnabled(false)
                .get("/aging/customers/" + id).then().statusCode(200)
                .body("groups[0].group", equalTo(id)).body("groups[0].openAmount", equalTo("70.00")));
        RestAssured.given().urlEncodingEnabled(false).get("/aging/customers/" + id.replace("/", "%2F")).then()
                .statusCode(200).body("groups[0].group", equalTo(id));
        // Its CSV file is named without the '/', which no file system takes in a name.
        RestAssured.given().urlEncodingEnabled(false).queryParam("format", "csv").get("/aging/customers/" + id)
                .then().statusCode(200).header("Content-Disposition",
                        equalTo("attachment; filename=\"aging-ACME_EU-" + customer + "-2026-11-23.csv\""));
    }

    @Test
    void theCatchAllScopesAndAKnownCollectorAreAnswered() {
        // The customers with no collector and no risk class are scopes too, as the aging groups them.
        RestAssured.given().queryParam("scope", "collector:unassigned").queryParam("kpi", "CONTACTS").get("/kpis")
                .then().statusCode(200).body("scope", contains("collector:unassigned"));
        RestAssured.given().queryParam("scope", "segment:unrated").queryParam("kpi", "CONTACTS").get("/kpis")
                .then().statusCode(200).body("scope", contains("segment:unrated"));
        String collector = id("ana");
        upstream.publish(new CollectionsEvent.CollectionCaseAssigned(customer, "CASE-" + customer, collector, null,
                "portfolio", LocalDate.parse("2026-11-02"), null));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().queryParam("scope", "collector:" + collector)
                .queryParam("kpi", "CONTACTS").get("/kpis").then().statusCode(200)
                .body("scope", contains("collector:" + collector)));
    }

    @Test
    void csvIsAnsweredWhenTheClientPrefersItWhateverItsOtherTypesAndTheirCase() {
        for (String accept : List.of("text/csv", "TEXT/CSV", "text/html, text/csv", "application/json;q=0.5, text/csv",
                "text/*")) {
            RestAssured.given().accept(accept).get("/aging").then().statusCode(200)
                    .contentType(startsWith("text/csv")).body(startsWith("asOf,basis,groupBy"));
        }
        for (String accept : List.of("text/csv;q=0.5, application/json", "*/*", "application/*, text/csv;q=0.9")) {
            RestAssured.given().accept(accept).get("/aging").then().statusCode(200)
                    .contentType(startsWith("application/json"));
        }
    }

    @Test
    void anAcceptHeaderNoEndpointCanAnswerIsNamed() {
        for (String[] call : new String[][] {{"/aging", "application/xml"}, {"/kpis", "text/html"},
                {"/reports/month-end?month=2026-10", "text/plain"}, {"/dashboard", "application/json"}}) {
            RestAssured.given().accept(call[1]).get(call[0]).then().statusCode(406)
                    .contentType("application/problem+json").body("code", equalTo("NOT_ACCEPTABLE"))
                    .body("errors[0].field", equalTo("Accept")).body("detail", containsString(call[1]));
        }
        RestAssured.given().accept("text/csv").post("/publications/runs").then().statusCode(406)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Accept"));
    }

    @Test
    void theOpenApiDocumentListsEveryReport() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", hasItems("/aging", "/aging/customers/{customerId}", "/aging/top-overdue",
                        "/kpis", "/kpis/trend", "/disputes/by-reason", "/reports/month-end", "/publications/runs",
                        "/dashboard"))
                .body("info.title", containsString("reporting"));
    }
}
