package io.ledgerline.disputes.service;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The dispute lead's figures, from the read models: what is open (by reason, owner and age), how long cases take
 * (cycle time percentiles per reason), how often customers are right (share accepted), and what each reason costs
 * (credit per reason and month). Every figure says what it counted.
 */
@ApplicationScoped
public class DisputeAnalytics {

    /** Open cases grouped one way; {@code amount} is what they dispute, per currency. */
    public record OpenGroup(String group, String currency, long cases, BigDecimal amount) {
    }

    public record OpenReport(LocalDate asOf, List<OpenGroup> byReason, List<OpenGroup> byOwner, List<OpenGroup> byAge) {
    }

    /** Days from a round's start to its resolution, over {@code resolutions} resolutions. */
    public record CycleTime(String reasonCode, long resolutions, BigDecimal p50Days, BigDecimal p90Days,
                            BigDecimal averageDays, int maxDays) {
    }

    /** Of the resolutions of a reason, how many were accepted fully, partly, rejected; {@code acceptedShare} counts both acceptances. */
    public record Outcomes(String reasonCode, long resolutions, long accepted, long partiallyAccepted, long rejected,
                           BigDecimal acceptedShare) {
    }

    public record Credited(String month, String reasonCode, String currency, long resolutions, BigDecimal credited) {
    }

    private static final String ACTIVE = "status IN ('OPEN','IN_REVIEW','ESCALATED','REOPENED')";

    private final Pool pool;

    public DisputeAnalytics(Pool pool) {
        this.pool = pool;
    }

    /**
     * The cases open on {@code asOf}, by reason, owner and the age of the round open then: a round is open from its
     * start until the day it was resolved or closed (not on that day). Rounds already resolved come from the
     * resolutions, the last one from the case; reason and owner are the case's now.
     */
    public Uni<OpenReport> open(LocalDate asOf) {
        String age = "CASE WHEN $1::date - round_start <= 10 THEN '0-10 days'"
                + " WHEN $1::date - round_start <= 30 THEN '11-30 days'"
                + " WHEN $1::date - round_start <= 60 THEN '31-60 days' ELSE 'over 60 days' END";
        return groups("reason_code", asOf).chain(byReason -> groups("coalesce(owner, 'unassigned')", asOf)
                .chain(byOwner -> groups(age, asOf)
                        .map(byAge -> new OpenReport(asOf, byReason, byOwner, byAge))));
    }

    private static final String OPEN_ROUNDS = """
            SELECT v.reason_code, v.owner, r.currency, r.disputed, r.round_start
              FROM dispute_resolution_view r JOIN dispute_view v ON v.dispute_id = r.dispute_id
             WHERE r.round_start <= $1::date AND r.resolved_date > $1::date
            UNION ALL
            SELECT reason_code, owner, currency, disputed, round_start
              FROM dispute_view
             WHERE round_start <= $1::date
               AND (%s OR (status = 'CLOSED' AND round_closed > $1::date))""".formatted(ACTIVE);

    private Uni<List<OpenGroup>> groups(String expression, LocalDate asOf) {
        // $1 is the day asked about, also the age's reference day.
        return pool.preparedQuery("SELECT " + expression + " AS g, currency, count(*), sum(disputed) FROM ("
                        + OPEN_ROUNDS + ") AS open_rounds GROUP BY 1, 2 ORDER BY 1, 2")
                .execute(Tuple.of(asOf))
                .map(rows -> {
                    List<OpenGroup> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new OpenGroup(row.getString(0), row.getString(1), row.getLong(2), row.getBigDecimal(3)));
                    }
                    return out;
                });
    }

    public Uni<List<CycleTime>> cycleTimes(LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                        SELECT reason_code, count(*),
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY cycle_days),
                               percentile_cont(0.9) WITHIN GROUP (ORDER BY cycle_days),
                               avg(cycle_days), max(cycle_days)
                          FROM dispute_resolution_view WHERE resolved_date BETWEEN $1 AND $2
                         GROUP BY reason_code ORDER BY reason_code
                        """)
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<CycleTime> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new CycleTime(row.getString(0), row.getLong(1), days(row.getDouble(2)),
                                days(row.getDouble(3)), row.getBigDecimal(4).setScale(1, RoundingMode.HALF_UP),
                                row.getInteger(5)));
                    }
                    return out;
                });
    }

    public Uni<List<Outcomes>> outcomes(LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                        SELECT reason_code, count(*),
                               count(*) FILTER (WHERE outcome = 'ACCEPTED'),
                               count(*) FILTER (WHERE outcome = 'PARTIALLY_ACCEPTED'),
                               count(*) FILTER (WHERE outcome = 'REJECTED')
                          FROM dispute_resolution_view WHERE resolved_date BETWEEN $1 AND $2
                         GROUP BY ROLLUP (reason_code) ORDER BY reason_code NULLS LAST
                        """)
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<Outcomes> out = new ArrayList<>();
                    for (Row row : rows) {
                        long total = row.getLong(1);
                        long accepted = row.getLong(2);
                        long partly = row.getLong(3);
                        out.add(new Outcomes(row.getString(0) == null ? "ALL" : row.getString(0), total, accepted,
                                partly, row.getLong(4), total == 0 ? BigDecimal.ZERO
                                : BigDecimal.valueOf(accepted + partly).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP)));
                    }
                    return out;
                });
    }

    public Uni<List<Credited>> credited(LocalDate from, LocalDate to) {
        return pool.preparedQuery("""
                        SELECT to_char(resolved_date, 'YYYY-MM'), reason_code, currency, count(*), sum(credited)
                          FROM dispute_resolution_view WHERE resolved_date BETWEEN $1 AND $2 AND credited > 0
                         GROUP BY 1, 2, 3 ORDER BY 1, 5 DESC, 2, 3
                        """)
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<Credited> out = new ArrayList<>();
                    for (Row row : rows) {
                        out.add(new Credited(row.getString(0), row.getString(1), row.getString(2), row.getLong(3),
                                row.getBigDecimal(4)));
                    }
                    return out;
                });
    }

    private static BigDecimal days(Double value) {
        return value == null ? null : BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP);
    }
}
