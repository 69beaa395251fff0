package io.ledgerline.testsupport;

import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Arrays;

/**
 * Reads the application's Prometheus metrics the way a scraper does: {@code /q/metrics} on the management interface
 * of the Quarkus application under test (its {@code quarkus.management.test-port}).
 */
public final class Metrics {

    private Metrics() {
    }

    /** The whole {@code /q/metrics} answer, as text. */
    public static String scrape() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return RestAssured.given().port(port).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The sum of the samples of {@code name} (exactly that metric, with or without labels) whose label set contains
     * every one of {@code labelFragments} (e.g. {@code event_type="X"}, or just a part of a value); 0 when none is
     * exposed, so a counter's first increment reads as a move from 0.
     */
    public static double sum(String scrape, String name, String... labelFragments) {
        return scrape.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> {
                    String labels = line.startsWith(name + "{") ? line.substring(name.length(), line.lastIndexOf('}') + 1) : "";
                    return Arrays.stream(labelFragments).allMatch(labels::contains);
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Whether {@code name} is exposed at all (a counter registered at start shows 0 before its first event). */
    public static boolean exposed(String scrape, String name) {
        return scrape.lines().anyMatch(line -> line.startsWith(name + " ") || line.startsWith(name + "{"));
    }
}
