package io.ledgerline.reporting.it;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** One profile for every integration test, so they share one application start: today is 23 November 2026. */
public class ReportingTestProfile implements QuarkusTestProfile {

    static final String TODAY = "2026-11-23";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ledgerline.clock.today", TODAY,
                // Tests run the publication on demand; a daily run at an arbitrary moment would make them flaky.
                "ledgerline.reporting.daily-cron", "off",
                "ledgerline.reporting.outbox.poll-interval", "50ms");
    }
}
