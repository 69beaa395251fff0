package io.ledgerline.reporting.domain;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The KPI names REST accepts in {@code kpi=} are exactly the KPIs computed, so none is refused or left unlisted. */
class KpiNamesTest {

    @Test
    void theListedNamesAreTheKpisAPortfolioGets() {
        Period october = Period.month(YearMonth.of(2026, 10));
        BigDecimal ten = new BigDecimal("10.00");
        PeriodFacts facts = new PeriodFacts(october, october.countbackMonths(12),
                List.of(new PeriodFacts.Money("C-1", "EUR", ten, ten, ten, BigDecimal.ZERO, BigDecimal.ZERO, ten,
                        BigDecimal.ZERO, BigDecimal.ZERO, java.util.Collections.nCopies(12, ten))),
                List.of(), List.of(), Map.of(), Map.of(), List.of(), List.of());

        List<String> computed = KpiCalculator.compute(facts, Scope.PORTFOLIO).stream()
                .map(f -> f.figure().kpi()).distinct().toList();

        assertThat(KpiCalculator.NAMES).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(computed);
    }
}
