package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent.CreditApplicationReceived;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;

/**
 * The values a scorecard weighs, as of a business date: the customer's own behaviour from what the other services
 * reported (the last 12 months where it says so) and what the application states. A value is absent when there is
 * nothing to judge by (no payments yet, a figure not stated); the scorecard gives such a value its "missing" points.
 * Amounts in several currencies are weighed in the policy's base currency.
 */
public final class Behaviour {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Behaviour() {
    }

    /**
     * @param application the application being scored, or for a periodic review the last application (null when
     *                    there was none)
     * @param limitBasis  what net worth is compared with: the requested limit, or for a review the limit in force
     */
    public static Map<Feature, BigDecimal> values(UpstreamFacts facts, CreditApplicationReceived application,
                                                  BigDecimal limitBasis, LocalDate asOf, Fx fx) {
        Map<Feature, BigDecimal> values = new EnumMap<>(Feature.class);
        LocalDate yearAgo = asOf.minusMonths(12);
        boolean hasHistory = facts.firstBusinessDate() != null;

        BigDecimal weighted = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;
        for (UpstreamFacts.Application a : facts.applications()) {
            if (a.amount().signum() > 0 && a.appliedDate().isAfter(yearAgo) && !a.appliedDate().isAfter(asOf)) {
                long late = Math.max(0, ChronoUnit.DAYS.between(a.dueDate(), a.appliedDate()));
                weighted = weighted.add(a.amount().multiply(BigDecimal.valueOf(late)));
                paid = paid.add(a.amount());
            }
        }
        if (paid.signum() > 0) {
            values.put(Feature.AVERAGE_DAYS_LATE, weighted.divide(paid, 1, RoundingMode.HALF_UP));
        }

        int settled = 0;
        int settledLate = 0;
        BigDecimal open = BigDecimal.ZERO;
        BigDecimal pastDue = BigDecimal.ZERO;
        for (UpstreamFacts.Invoice invoice : facts.invoices()) {
            LocalDate paidInFull = invoice.paidInFull();
            if (!invoice.cancelled() && paidInFull != null && paidInFull.isAfter(yearAgo) && !paidInFull.isAfter(asOf)) {
                settled++;
                if (paidInFull.isAfter(invoice.dueDate)) {
                    settledLate++;
                }
            }
            if (invoice.open().signum() > 0 && fx.knows(invoice.currency)) {
                BigDecimal inBase = fx.convert(invoice.open(), invoice.currency, fx.base()).converted();
                open = open.add(inBase);
                if (invoice.dueDate.isBefore(asOf)) {
                    pastDue = pastDue.add(inBase);
                }
            }
        }
        if (settled > 0) {
            values.put(Feature.LATE_INVOICE_SHARE, BigDecimal.valueOf(settledLate * 100L)
                    .divide(BigDecimal.valueOf(settled), 1, RoundingMode.HALF_UP));
        }
        if (open.signum() > 0) {
            values.put(Feature.PAST_DUE_SHARE, pastDue.multiply(HUNDRED).divide(open, 1, RoundingMode.HALF_UP));
        }
        if (hasHistory) {
            values.put(Feature.RETURNED_PAYMENTS, count(facts.returnedPayments(), yearAgo, asOf));
            values.put(Feature.BROKEN_PROMISES, count(facts.brokenPromises(), yearAgo, asOf));
            values.put(Feature.OPEN_DISPUTES, BigDecimal.valueOf(facts.disputes().stream()
                    .filter(UpstreamFacts.Dispute::open).count()));
            values.put(Feature.MONTHS_AS_CUSTOMER, BigDecimal.valueOf(
                    Math.max(0, ChronoUnit.MONTHS.between(facts.firstBusinessDate(), asOf))));
        }

        if (application != null) {
            var financials = application.financials();
            if (financials != null) {
                if (financials.yearsInBusiness() != null) {
                    values.put(Feature.YEARS_IN_BUSINESS, BigDecimal.valueOf(financials.yearsInBusiness()));
                }
                if (financials.currentRatio() != null) {
                    values.put(Feature.CURRENT_RATIO, financials.currentRatio());
                }
                if (financials.netWorth() != null && limitBasis != null && limitBasis.signum() > 0) {
                    values.put(Feature.NET_WORTH_TO_LIMIT,
                            financials.netWorth().divide(limitBasis, 2, RoundingMode.HALF_UP));
                }
            }
            if (application.bureauScore() != null) {
                values.put(Feature.BUREAU_SCORE, BigDecimal.valueOf(application.bureauScore()));
            }
            values.put(Feature.TRADE_REFERENCES, BigDecimal.valueOf(
                    application.tradeReferences() == null ? 0 : application.tradeReferences().size()));
        }
        return values;
    }

    private static BigDecimal count(java.util.List<UpstreamFacts.Dated> facts, LocalDate after, LocalDate upTo) {
        return BigDecimal.valueOf(facts.stream()
                .filter(f -> f.date() != null && f.date().isAfter(after) && !f.date().isAfter(upTo)).count());
    }
}
