package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The decider of one KPI key ({@code <kpi>/<scope>/<period>}). A figure goes out when it differs from the last one
 * published, and once more as the period's figure of record: the first time it is computed after the period ended.
 * Any later change can only come from an event dated in (or before) the period that arrived late, so that figure is
 * published {@code restated}, for as long as it differs from the figure of record.
 */
public final class KpiPublication {

    /**
     * What was published under the key: {@code lastContent} the latest figure, {@code closedContent} the figure of
     * record (empty until the period has ended and been published).
     */
    public record State(long version, String lastContent, String closedContent) {
        public static final State NONE = new State(0, "", "");

        public boolean closed() {
            return !closedContent.isEmpty();
        }
    }

    private KpiPublication() {
    }

    /** {@code computed} with {@code restated} false; the answer says what to publish, restated or not. */
    public static List<KpiCalculated> decide(State state, KpiCalculated computed) {
        String content = content(computed);
        boolean periodOver = computed.asOf().isAfter(computed.periodEnd());
        boolean unchanged = content.equals(state.lastContent());
        if (unchanged && (state.closed() || !periodOver)) {
            return List.of();
        }
        boolean restated = state.closed() && !content.equals(state.closedContent());
        return List.of(withRestated(computed, restated));
    }

    public static State evolve(State state, KpiCalculated published) {
        String content = content(published);
        String closed = !state.closed() && published.asOf().isAfter(published.periodEnd()) ? content
                : state.closedContent();
        return new State(state.version() + 1, content, closed);
    }

    /**
     * Whether a figure computed now differs from the period's figure of record; one that cannot be computed any more
     * (a late cancel took the period's credit sales to zero) differs from any figure of record.
     */
    public static boolean restated(State state, KpiCalculated computed) {
        if (computed.value() == null) {
            return state.closed();
        }
        return state.closed() && !content(computed).equals(state.closedContent());
    }

    /** The figure without its as-of date and restated flag: value, unit, currency, formula and inputs. */
    public static String content(KpiCalculated figure) {
        return figure.value().toPlainString() + "|" + figure.unit() + "|" + figure.currency() + "|" + figure.formula()
                + "|" + figure.inputs().stream().map(i -> i.name() + "=" + i.value().toPlainString())
                .collect(Collectors.joining(","));
    }

    static KpiCalculated withRestated(KpiCalculated figure, boolean restated) {
        return new KpiCalculated(figure.kpi(), figure.scope(), figure.period(), figure.periodStart(), figure.periodEnd(),
                figure.value(), figure.unit(), figure.currency(), figure.formula(), figure.inputs(), figure.asOf(),
                restated);
    }
}
