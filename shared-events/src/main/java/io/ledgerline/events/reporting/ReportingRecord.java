package io.ledgerline.events.reporting;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.Topics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What reporting publishes for analysts on {@code ledgerline.reporting.aging} and {@code ledgerline.reporting.kpis}
 * (ce_type {@code io.ledgerline.reporting.<Name>.v1}). Unlike the domain topics these are not keyed by customerId:
 * each record knows its own {@link #key()}.
 */
public sealed interface ReportingRecord {

    /** The Kafka record key this record is published under. */
    String key();

    /**
     * One customer's open items in one currency by aging bucket, as of a date, on {@code ledgerline.reporting.aging}
     * (compacted, key {@code <customerId>/<currency>}). The buckets, in order, always sum to {@code openAmount};
     * when nothing is owed in that currency reporting publishes a tombstone (null value) under the key instead.
     * {@code unappliedAmount} is the customer's money received or credited in that currency and not yet applied.
     */
    record AgingSnapshot(String customerId, String currency, LocalDate asOf, AgingBasis basis,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal openAmount,
                         List<AgingBucket> buckets,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal pastDueAmount,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal disputedAmount,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unappliedAmount,
                         int openItems) implements ReportingRecord {

        @Override
        public String key() {
            return Topics.agingKey(customerId, currency);
        }
    }

    /**
     * One KPI for one scope and period, on {@code ledgerline.reporting.kpis} (key {@code <kpi>/<scope>/<period>}),
     * with how it was computed: the {@code formula}'s name and its {@code inputs}. {@code scope} is e.g.
     * {@code portfolio}, {@code collector:jane} or {@code segment:large}; {@code period} e.g. {@code 2026-10},
     * {@code 2026-Q4} or {@code 2026-10-01_2026-10-15}, covering {@code periodStart}..{@code periodEnd} inclusive.
     * {@code restated} says an event dated in the period arrived after the figure was first published.
     */
    record KpiCalculated(String kpi, String scope, String period, LocalDate periodStart, LocalDate periodEnd,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal value, KpiUnit unit, String currency,
                         String formula, List<KpiInput> inputs, LocalDate asOf, boolean restated)
            implements ReportingRecord {

        @Override
        public String key() {
            return Topics.kpiKey(kpi, scope, period);
        }
    }

    /**
     * One bucket of an aging, e.g. {@code current}, {@code 1-30}, {@code 90+}, with the days (past due, or since the
     * invoice date, as the basis says) it spans: {@code fromDays} absent for the first bucket, {@code toDays} for
     * the last.
     */
    record AgingBucket(String name, Integer fromDays, Integer toDays,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    /** One named input of a KPI's formula, e.g. {@code endingAr}, with its value (money in the KPI's currency). */
    record KpiInput(String name, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal value) {
    }

    enum AgingBasis { DUE_DATE, INVOICE_DATE }

    enum KpiUnit { DAYS, PERCENT, RATIO, AMOUNT, COUNT }
}
