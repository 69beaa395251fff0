package io.ledgerline.reporting.config;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.ledger.Publications;
import io.ledgerline.reporting.projection.FactQueries;
import io.ledgerline.reporting.projection.FactsWriter;
import io.ledgerline.reporting.projection.DayMoney;
import io.ledgerline.reporting.projection.MonthMoney;
import io.ledgerline.reporting.projection.PeriodMoney;
import io.ledgerline.reporting.projection.SpansWriter;
import io.ledgerline.reporting.service.KpiReports;
import io.ledgerline.reporting.service.AgingPublisher;
import io.ledgerline.reporting.service.AgingSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The plain classes of reporting made injectable (they are plain so that property tests can run them on a database
 * without a Quarkus application), and the published aging's settings: {@code ledgerline.reporting.aging-buckets}
 * (upper limits in days) and {@code ledgerline.reporting.aging-basis} ({@code DUE_DATE} or {@code INVOICE_DATE}).
 */
public class ReportingBeans {

    @Produces
    @Singleton
    FactsWriter factsWriter() {
        return new FactsWriter();
    }

    @Produces
    @Singleton
    FactQueries factQueries() {
        return new FactQueries();
    }

    @Produces
    @Singleton
    SpansWriter spansWriter() {
        return new SpansWriter();
    }

    @Produces
    @Singleton
    MonthMoney monthMoney(FactQueries queries) {
        return new MonthMoney(queries, KpiReports.COUNTBACK_MONTHS);
    }

    @Produces
    @Singleton
    DayMoney dayMoney() {
        return new DayMoney();
    }

    @Produces
    @Singleton
    PeriodMoney periodMoney(FactQueries queries, DayMoney days, MonthMoney months) {
        return new PeriodMoney(queries, days, months, KpiReports.COUNTBACK_MONTHS);
    }

    @Produces
    @Singleton
    Publications publications(EventStore store) {
        return new Publications(store);
    }

    @Produces
    @Singleton
    AgingPublisher agingPublisher(FactQueries queries, Publications publications, AgingSettings settings) {
        return new AgingPublisher(queries, publications, settings);
    }

    @Produces
    @Singleton
    AgingSettings agingSettings(@ConfigProperty(name = "ledgerline.reporting.aging-buckets", defaultValue = "0,30,60,90")
                                String buckets,
                                @ConfigProperty(name = "ledgerline.reporting.aging-basis", defaultValue = "DUE_DATE")
                                AgingBasis basis) {
        return new AgingSettings(AgingBuckets.parse(buckets), basis);
    }
}
