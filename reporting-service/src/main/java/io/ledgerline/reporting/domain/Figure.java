package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.ledgerline.events.reporting.ReportingRecord.KpiUnit;

import java.math.BigDecimal;
import java.util.List;

/**
 * One computed figure: its KPI name, value, unit and how it was computed (the formula's name as the README lists it
 * and the inputs it was given). {@code value} is absent when the formula cannot be computed (a division by zero:
 * no credit sales in the period, nothing to collect); {@code note} then says why.
 */
public record Figure(String kpi, BigDecimal value, KpiUnit unit, String currency, String formula,
                     List<KpiInput> inputs, String note) {

    public Figure {
        inputs = List.copyOf(inputs);
    }

    public static Figure of(String kpi, BigDecimal value, KpiUnit unit, String currency, String formula,
                            List<KpiInput> inputs) {
        return new Figure(kpi, value, unit, currency, formula, inputs, null);
    }

    public static Figure notComputable(String kpi, KpiUnit unit, String currency, String formula,
                                       List<KpiInput> inputs, String why) {
        return new Figure(kpi, null, unit, currency, formula, inputs, why);
    }

    public boolean computable() {
        return value != null;
    }

    public static KpiInput input(String name, BigDecimal value) {
        return new KpiInput(name, value);
    }

    public static KpiInput input(String name, long value) {
        return new KpiInput(name, BigDecimal.valueOf(value));
    }
}
