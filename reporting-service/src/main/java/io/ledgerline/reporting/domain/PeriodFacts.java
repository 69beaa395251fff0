package io.ledgerline.reporting.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the KPIs of one period need, per customer, as the events dated up to the period's end (or the as-of
 * date, if earlier) tell it. Scopes (collector, segment) are each customer's as of that end.
 *
 * @param countbackMonths the months a countback walks, newest first; {@link Money#monthlySales} follow that order
 */
public record PeriodFacts(Period period, List<Period> countbackMonths, List<Money> money, List<Activity> activity,
                          List<Dispute> disputesResolved, Map<String, String> collectorOf,
                          Map<String, String> segmentOf, List<Collection> collections, List<Held> held) {

    /** One customer's receivables in one currency over the period. */
    public record Money(String customerId, String currency, BigDecimal beginningAr, BigDecimal endingAr,
                        BigDecimal endingCurrentAr, BigDecimal endingPastDue, BigDecimal endingDisputed,
                        BigDecimal creditSales, BigDecimal writeOffs, BigDecimal collected,
                        List<BigDecimal> monthlySales) {
    }

    /**
     * One customer's collection work in the period by one collector: the collector assigned to the customer when the
     * promise was made (its outcome counts for that collector too) or the contact logged; {@link #UNASSIGNED} if none.
     */
    public record Activity(String customerId, String collector, int promisesMade, int promisesKept,
                           int promisesBroken, int contacts) {
    }

    /**
     * Payments applied to one customer's invoices in the period (net of unapplications and of payments returned by
     * its end) in one currency while {@code collector} had the customer (the latest case assignment on or before the
     * day of each application; {@link #UNASSIGNED} if none).
     */
    public record Collection(String customerId, String collector, String currency, BigDecimal collected) {
    }

    /** A customer a collector had at some time in the period (at its start or assigned during it). */
    public record Held(String customerId, String collector) {
    }

    /** A dispute resolved (or withdrawn) in the period. */
    public record Dispute(String customerId, String disputeId, String reasonCode, LocalDate openedDate,
                          LocalDate resolvedDate, String outcome) {

        public long cycleDays() {
            return java.time.temporal.ChronoUnit.DAYS.between(openedDate, resolvedDate);
        }

        public boolean accepted() {
            return "ACCEPTED".equals(outcome) || "PARTIALLY_ACCEPTED".equals(outcome);
        }
    }

    public static final String UNASSIGNED = "unassigned";
    public static final String UNRATED = "unrated";

    public String collectorOf(String customerId) {
        return collectorOf.getOrDefault(customerId, UNASSIGNED);
    }

    public String segmentOf(String customerId) {
        return segmentOf.getOrDefault(customerId, UNRATED);
    }
}
