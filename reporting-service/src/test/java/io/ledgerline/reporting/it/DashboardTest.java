package io.ledgerline.reporting.it;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium): it loads
 * without console errors, each chart is drawn with the figures the REST API answers, and a screenshot is kept in
 * {@code target/dashboard.png}. Without a chromium on the machine the test is skipped, except in CI (CI=true), where
 * {@code .ci/run} installs it and a missing browser is a failure.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class DashboardTest extends ReportingTestBase {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/dashboard?asOf=2026-11-23&currency=GBP")
    URL dashboard;

    @Test
    void theDashboardDrawsTheFiguresOfTheApiWithoutConsoleErrors() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must install chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(installed, "no chromium/chromedriver on this machine");

        // A small GBP book: three customers overdue by different amounts, one dispute open and one resolved.
        String reason = id("PRICE");
        for (int n = 1; n <= 3; n++) {
            String c = customer + "-" + n;
            upstream.publish(invoice(c, "G-" + n, "GBP", n + "00.00", "2026-08-01", "2026-08-31"));
            upstream.publish(invoice(c, "G-NEW-" + n, "GBP", "50.00", "2026-11-10", "2026-12-10"));
        }
        Actor analyst = new Actor("kim", List.of("dispute-analyst"));
        upstream.publish(new DisputesEvent.DisputeOpened(customer + "-1", id("D"), DisputesEvent.DisputeKind.DISPUTE,
                reason, "price", "GBP", List.of(new DisputesEvent.DisputedInvoice("G-1", new BigDecimal("10.00"))),
                null, null, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-12-02"), analyst));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().queryParam("currency", "GBP")
                .queryParam("groupBy", "PORTFOLIO").get("/aging").then()
                .body("groups.find { it.currency == 'GBP' }.openAmount", equalTo("750.00")));
        await().atMost(WAIT).untilAsserted(() -> assertThat(RestAssured.given().get("/disputes/by-reason?period=2026-11")
                .then().extract().jsonPath().getList("reasonCode")).contains(reason));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags that work on these machines as root, with no network but the loopback.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().window().setSize(new Dimension(1400, 1000));
            browser.get(dashboard + "#token=" + TOKEN);
            await().atMost(WAIT).until(() -> browser.executeScript("return document.body.dataset.ready") != null);
            List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
            assertThat(problems).as("console errors and warnings").isEmpty();
            assertThat(browser.executeScript("return document.body.dataset.ready")).isEqualTo("true");

            JavascriptExecutor js = browser;
            @SuppressWarnings("unchecked")
            Map<String, Object> drawn = (Map<String, Object>) js.executeScript("return window.dashboardData");
            assertThat(drawn.get("currency")).isEqualTo("GBP");
            // Every chart exists as Chart.js drew it, with data.
            for (String canvas : List.of("aging-chart", "trend-chart", "overdue-chart", "disputes-chart")) {
                Object points = js.executeScript("const c = Chart.getChart(document.getElementById(arguments[0]));"
                        + " return c ? c.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1;", canvas);
                assertThat(((Number) points).intValue()).as(canvas).isPositive();
            }

            JsonPath aging = RestAssured.given().queryParam("asOf", "2026-11-23").get("/aging").then().extract()
                    .jsonPath();
            List<Double> apiBuckets = aging.getList("groups.find { it.currency == 'GBP' }.buckets.amount", String.class)
                    .stream().map(Double::valueOf).toList();
            assertThat(numbers(js.executeScript("return Chart.getChart(document.getElementById('aging-chart'))"
                    + ".data.datasets[0].data"))).isEqualTo(apiBuckets);

            JsonPath top = RestAssured.given().queryParam("currency", "GBP").queryParam("limit", "10")
                    .get("/aging/top-overdue").then().extract().jsonPath();
            assertThat(numbers(js.executeScript("return Chart.getChart(document.getElementById('overdue-chart'))"
                    + ".data.datasets[0].data")))
                    .isEqualTo(top.getList("groups.pastDueAmount", String.class).stream().map(Double::valueOf).toList());

            JsonPath trend = RestAssured.given().queryParam("from", "2025-12").queryParam("to", "2026-11")
                    .queryParam("kpi", "DSO_SIMPLE").get("/kpis/trend").then().extract().jsonPath();
            String novemberDso = trend.getString("find { it.period == '2026-11' && it.scope == 'portfolio:GBP' }.value");
            Object drawnDso = js.executeScript("const c = Chart.getChart(document.getElementById('trend-chart'));"
                    + " return c.data.datasets[0].data[c.data.labels.indexOf('2026-11')];");
            assertThat(((Number) drawnDso).doubleValue()).isEqualTo(Double.parseDouble(novemberDso));

            @SuppressWarnings("unchecked")
            List<String> reasons = (List<String>) js.executeScript(
                    "return Chart.getChart(document.getElementById('disputes-chart')).data.labels");
            assertThat(reasons).contains(reason);

            File shot = browser.getScreenshotAs(OutputType.FILE);
            Path kept = Path.of("target", "dashboard.png");
            Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(kept)).isGreaterThan(10_000);
        } finally {
            browser.quit();
        }
    }

    private static List<Double> numbers(Object list) {
        return ((List<?>) list).stream().map(n -> ((Number) n).doubleValue()).toList();
    }
}
