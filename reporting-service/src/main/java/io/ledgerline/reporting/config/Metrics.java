package io.ledgerline.reporting.config;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Every metric carries {@code application}, as deploy/README.md's dashboard expects. */
public class Metrics {

    @Produces
    @Singleton
    MeterFilter application() {
        return MeterFilter.commonTags(Tags.of("application", "reporting-service"));
    }
}
