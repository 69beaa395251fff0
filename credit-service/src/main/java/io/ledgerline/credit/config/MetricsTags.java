package io.ledgerline.credit.config;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every metric carries {@code application} = the service's name, as the dashboard expects (deploy/README.md). */
public class MetricsTags {

    @Produces
    @Singleton
    MeterFilter application(@ConfigProperty(name = "quarkus.application.name") String name) {
        return MeterFilter.commonTags(Tags.of("application", name));
    }
}
