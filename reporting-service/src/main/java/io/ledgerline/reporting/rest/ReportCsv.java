package io.ledgerline.reporting.rest;

import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.ledgerline.reporting.service.AgingReports;
import io.ledgerline.reporting.service.KpiReports;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The CSV shape of each report: one line per row, the same columns as the JSON's fields. */
final class ReportCsv {

    private ReportCsv() {
    }

    static Csv aging(AgingReports.AgingReport report) {
        List<String> header = new ArrayList<>(List.of("asOf", "basis", "groupBy", "group", "name", "currency"));
        header.addAll(report.bucketNames());
        header.addAll(List.of("openAmount", "currentAmount", "pastDueAmount", "disputedAmount", "unappliedAmount",
                "openItems", "customers"));
        Csv csv = new Csv(header.toArray(String[]::new));
        for (AgingReports.AgingGroup g : report.groups()) {
            List<Object> row = new ArrayList<>(List.of(report.asOf(), report.basis(), report.groupBy(), g.group()));
            row.add(g.name());
            row.add(g.currency());
            g.buckets().stream().map(AgingBucket::amount).forEach(row::add);
            row.addAll(List.of(g.openAmount(), g.currentAmount(), g.pastDueAmount(), g.disputedAmount(),
                    g.unappliedAmount(), g.openItems(), g.customers()));
            csv.row(row.toArray());
        }
        return csv;
    }

    static Csv kpis(List<KpiReports.KpiFigure> figures) {
        Csv csv = new Csv("kpi", "scope", "period", "periodStart", "periodEnd", "value", "unit", "currency", "asOf",
                "restated", "formula", "inputs", "note");
        for (KpiReports.KpiFigure f : figures) {
            csv.row(f.kpi(), f.scope(), f.period(), f.periodStart(), f.periodEnd(), f.value(), f.unit(), f.currency(),
                    f.asOf(), f.restated(), f.formula(), inputs(f.inputs()), f.note());
        }
        return csv;
    }

    static Csv disputes(List<KpiReports.DisputeReason> reasons, String period, Object asOf) {
        Csv csv = new Csv("asOf", "period", "reasonCode", "openDisputes", "openAmounts", "resolved", "accepted",
                "acceptanceRate", "cycleDaysP50", "cycleDaysP90");
        for (KpiReports.DisputeReason r : reasons) {
            csv.row(asOf, period, r.reasonCode(), r.openDisputes(), r.openAmounts().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().toPlainString()).collect(Collectors.joining("; ")),
                    r.resolved(), r.accepted(), r.acceptanceRate(), r.cycleDaysP50(), r.cycleDaysP90());
        }
        return csv;
    }

    static String inputs(List<KpiInput> inputs) {
        return inputs.stream().map(i -> i.name() + "=" + i.value().toPlainString()).collect(Collectors.joining("; "));
    }
}
