package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.Portfolio;
import io.ledgerline.collections.domain.WorklistScore;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A collector's worklist: their open cases, scored by the configured formula as of today, highest first, each row
 * saying what its score is made of; and a team lead's view of every collector's load against capacity.
 */
@ApplicationScoped
public class Worklists {

    private static final String OPEN_CASES = """
            SELECT c.case_id, c.customer_id, v.name, c.level, c.level_name, c.broken_promises, c.open_promise_due,
                   c.last_contact_at, c.inquiry_open_since, c.inquiry_overdue, c.open_call_tasks,
                   coalesce(v.past_due_amount, 0), coalesce(v.days_past_due, 0), v.delinquent_as_of, v.risk_class,
                   c.escalated_to, v.past_due
              FROM case_view c LEFT JOIN customer_view v ON v.customer_id = c.customer_id
             WHERE c.collector = $1 AND c.status = 'OPEN'
            """;

    /**
     * @param amountPastDue the currencies' past-due amounts added as they are (what the score weighs; no exchange
     *                      rates yet), {@code pastDue} has them per currency
     */
    public record Row(String caseId, String customerId, String customerName, int level, String levelName,
                      BigDecimal amountPastDue, List<CurrencyAmount> pastDue, int daysPastDue, String riskClass, LocalDate openPromiseDue,
                      Instant lastContactAt, boolean inquiryOverdue, int openCallTasks, String escalatedTo,
                      BigDecimal score, List<WorklistScore.Factor> why) {
    }

    public record Worklist(String collector, LocalDate asOf, int openCases, String formula, List<Row> rows) {
    }

    public record CollectorLoad(String collector, int openCases, int capacity, int room) {
    }

    public record TeamLoad(List<CollectorLoad> collectors, int unassigned) {
    }

    private final Pool pool;
    private final WorklistScore.Weights weights;
    private final Portfolio portfolio;
    private final Clock clock;

    public Worklists(Pool pool, WorklistScore.Weights weights, Portfolio portfolio, Clock clock) {
        this.pool = pool;
        this.weights = weights;
        this.portfolio = portfolio;
        this.clock = clock;
    }

    public Uni<Worklist> worklist(String collector, int limit) {
        LocalDate today = LocalDate.now(clock);
        return pool.preparedQuery(OPEN_CASES).execute(Tuple.of(collector)).map(result -> {
            List<Row> rows = new ArrayList<>();
            for (io.vertx.mutiny.sqlclient.Row r : result) {
                int days = daysPastDue(r.getInteger(12), r.getLocalDate(13), today);
                Instant lastContact = r.getOffsetDateTime(7) == null ? null : r.getOffsetDateTime(7).toInstant();
                boolean overdue = r.getBoolean(9);
                WorklistScore.Score score = WorklistScore.score(new WorklistScore.Inputs(r.getBigDecimal(11), days,
                        r.getString(14), r.getInteger(5), r.getLocalDate(6),
                        lastContact == null ? null : lastContact.atZone(ZoneOffset.UTC).toLocalDate(), overdue,
                        r.getOffsetDateTime(8) != null, r.getInteger(10)), weights, today);
                rows.add(new Row(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3), r.getString(4),
                        CustomerViews.scoreAmount(r.getBigDecimal(11)), CustomerViews.pastDue(r.getString(16)),
                        days, r.getString(14), r.getLocalDate(6), lastContact, overdue,
                        r.getInteger(10), r.getString(15), score.total(), score.factors()));
            }
            rows.sort(Comparator.comparing(Row::score).reversed().thenComparing(Row::caseId));
            return new Worklist(collector, today, rows.size(), FORMULA, rows.subList(0, Math.min(limit, rows.size())));
        });
    }

    public Uni<TeamLoad> teamLoad() {
        return CustomerViews.openCasesPerCollector(pool).chain(load -> pool.query(
                        "SELECT count(*) FROM case_view WHERE status = 'OPEN' AND collector IS NULL").execute()
                .map(rows -> {
                    Map<String, Integer> all = new TreeMap<>(load);
                    portfolio.rules().forEach(rule -> rule.collectors().forEach(c -> all.putIfAbsent(c, 0)));
                    List<CollectorLoad> collectors = new ArrayList<>();
                    all.forEach((collector, open) -> collectors.add(new CollectorLoad(collector, open,
                            portfolio.capacityOf(collector), portfolio.capacityOf(collector) - open)));
                    return new TeamLoad(collectors, rows.iterator().next().getLong(0).intValue());
                }));
    }

    /** Days past due today, from what receivables said on its last as-of date. */
    static int daysPastDue(int daysAsOf, LocalDate asOf, LocalDate today) {
        if (daysAsOf <= 0 || asOf == null) {
            return 0;
        }
        return daysAsOf + (int) Math.max(0, ChronoUnit.DAYS.between(asOf, today));
    }

    static final String FORMULA = "amount × log10(1 + amountPastDue) + days × daysPastDue + risk[riskClass]"
            + " + brokenPromise × brokenPromises + promiseDueToday + sinceContact × min(daysSinceLastContact, cap)"
            + " + inquiryOverdue | inquiryOpen + callTask × openCallTasks";
}
