package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.ledgerline.events.reporting.ReportingRecord.KpiUnit;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Given what was published under a KPI key, when the figure is computed again, then what goes out: progress during
 * the period, the figure of record once the period is over, and a restatement only when a late-dated event changed it.
 */
class KpiPublicationTest {

    private static final LocalDate OCT_31 = LocalDate.of(2026, 10, 31);

    @Test
    void duringThePeriodAChangedFigureIsPublishedAndAnUnchangedOneIsNot() {
        KpiCalculated midMonth = figure("41.00", LocalDate.of(2026, 10, 15), LocalDate.of(2026, 10, 15));
        KpiPublication.State state = publish(KpiPublication.State.NONE, midMonth, false);

        assertThat(KpiPublication.decide(state, figure("41.00", LocalDate.of(2026, 10, 15), LocalDate.of(2026, 10, 15))))
                .isEmpty();
        assertThat(KpiPublication.decide(state, figure("43.50", LocalDate.of(2026, 10, 20), LocalDate.of(2026, 10, 20))))
                .singleElement().extracting(KpiCalculated::restated).isEqualTo(false);
    }

    @Test
    void theFirstFigureAfterThePeriodEndedIsPublishedAsTheFigureOfRecordEvenIfUnchanged() {
        KpiPublication.State state = publish(KpiPublication.State.NONE, figure("42.00", OCT_31, OCT_31), false);

        List<KpiCalculated> onFirstNovember = KpiPublication.decide(state, figure("42.00", OCT_31, OCT_31.plusDays(1)));
        assertThat(onFirstNovember).singleElement().extracting(KpiCalculated::restated).isEqualTo(false);

        KpiPublication.State closed = KpiPublication.evolve(state, onFirstNovember.getFirst());
        assertThat(closed.closed()).isTrue();
        assertThat(KpiPublication.decide(closed, figure("42.00", OCT_31, LocalDate.of(2026, 12, 1)))).isEmpty();
    }

    @Test
    void aChangeAfterTheFigureOfRecordIsARestatementUntilItIsBackToThatFigure() {
        KpiPublication.State closed = publish(KpiPublication.State.NONE, figure("42.00", OCT_31, OCT_31.plusDays(1)),
                false);

        // An invoice dated in October arrived in December.
        KpiCalculated late = figure("44.10", OCT_31, LocalDate.of(2026, 12, 3));
        assertThat(KpiPublication.restated(closed, late)).isTrue();
        List<KpiCalculated> restated = KpiPublication.decide(closed, late);
        assertThat(restated).singleElement().extracting(KpiCalculated::restated).isEqualTo(true);

        KpiPublication.State after = KpiPublication.evolve(closed, restated.getFirst());
        // Cancelled again: the October figure is what it was on 1 November.
        assertThat(KpiPublication.decide(after, figure("42.00", OCT_31, LocalDate.of(2026, 12, 9))))
                .singleElement().extracting(KpiCalculated::restated).isEqualTo(false);
    }

    @Test
    void aFigureOfRecordThatCannotBeComputedAnyMoreIsRestated() {
        KpiPublication.State closed = publish(KpiPublication.State.NONE, figure("42.00", OCT_31, OCT_31.plusDays(1)),
                false);
        KpiCalculated figure = figure("42.00", OCT_31, LocalDate.of(2026, 12, 3));
        // A cancel dated in October took October's credit sales to zero: no DSO any more.
        KpiCalculated noLonger = new KpiCalculated(figure.kpi(), figure.scope(), figure.period(), figure.periodStart(),
                figure.periodEnd(), null, figure.unit(), figure.currency(), figure.formula(), figure.inputs(),
                figure.asOf(), false);

        assertThat(KpiPublication.restated(closed, noLonger)).isTrue();
        assertThat(KpiPublication.restated(KpiPublication.State.NONE, noLonger)).isFalse();
    }

    private static KpiPublication.State publish(KpiPublication.State state, KpiCalculated figure, boolean restated) {
        List<KpiCalculated> out = KpiPublication.decide(state, figure);
        assertThat(out).singleElement().extracting(KpiCalculated::restated).isEqualTo(restated);
        return KpiPublication.evolve(state, out.getFirst());
    }

    private static KpiCalculated figure(String value, LocalDate periodEnd, LocalDate asOf) {
        return new KpiCalculated("DSO_SIMPLE", "portfolio:EUR", "2026-10", LocalDate.of(2026, 10, 1), periodEnd,
                new BigDecimal(value), KpiUnit.DAYS, "EUR", "DSO_SIMPLE = endingAr / creditSales × days",
                List.of(new KpiInput("endingAr", new BigDecimal(value).multiply(BigDecimal.TEN))), asOf, false);
    }
}
