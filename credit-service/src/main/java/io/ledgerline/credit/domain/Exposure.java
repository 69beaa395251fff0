package io.ledgerline.credit.domain;

import io.ledgerline.credit.domain.CreditFile.LimitInForce;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A customer's live exposure as of a day, in one currency: open AR (the receivables balance: open invoices less
 * unapplied cash and credits) + open released orders − open disputed amounts (when the policy excludes them), per
 * currency and converted, each conversion with its rate and date. Orders still held are shown beside it: they are not
 * exposure yet, but an order check counts them, so a held order cannot slip through split or resubmitted.
 *
 * @param utilisation exposure as a percentage of the limit (null without a limit, or with a limit of zero)
 * @param headroom    the limit less exposure (null without a limit)
 */
public record Exposure(String customerId, LocalDate asOf, String currency, List<Line> lines, BigDecimal openAr,
                       BigDecimal openOrders, BigDecimal disputedExcluded, BigDecimal total, BigDecimal heldOrders,
                       LimitInForce limit, BigDecimal utilisation, BigDecimal headroom) {

    /**
     * One currency the customer owes in. Amounts in that currency; {@code conversion} turns each into the exposure
     * currency at one rate (absent when it is the same currency).
     */
    public record Line(String currency, BigDecimal openAr, BigDecimal openOrders, BigDecimal disputedExcluded,
                       BigDecimal total, BigDecimal heldOrders, Conversion conversion) {
    }

    /** The rate from a line's currency into the exposure currency, its date, and each amount converted. */
    public record Conversion(String to, BigDecimal rate, LocalDate rateDate, BigDecimal openAr, BigDecimal openOrders,
                             BigDecimal disputedExcluded, BigDecimal total, BigDecimal heldOrders) {
    }

    /**
     * The exposure of one customer in {@code currency} as of {@code asOf}.
     *
     * @throws Fx.MissingRate when the customer owes in a currency without a configured rate
     */
    public static Exposure of(CustomerCredit credit, CreditPolicy policy, LocalDate asOf, String currency) {
        UpstreamFacts facts = credit.facts();
        CreditFile file = credit.file();
        Map<String, BigDecimal[]> perCurrency = new TreeMap<>();
        for (UpstreamFacts.Invoice invoice : facts.invoices()) {
            add(perCurrency, invoice.currency, 0, invoice.open());
        }
        for (UpstreamFacts.Source source : facts.sources()) {
            add(perCurrency, source.currency, 0, source.unapplied().negate());
        }
        for (CreditFile.Order order : file.orders()) {
            if (order.openOn(asOf) && facts.invoiceNaming(order.check.orderId()) == null) {
                int column = order.status() == CreditFile.OrderStatus.RELEASED ? 1 : 3;
                add(perCurrency, order.check.currency(), column, order.check.amount());
            }
        }
        if (policy.excludeDisputed()) {
            facts.disputedOpen().forEach((c, amount) -> add(perCurrency, c, 2, amount));
        }
        List<Line> lines = new ArrayList<>();
        BigDecimal[] totals = zeros();
        perCurrency.forEach((c, a) -> {
            BigDecimal total = a[0].add(a[1]).subtract(a[2]);
            Conversion conversion = null;
            BigDecimal[] converted = a;
            if (!c.equals(currency)) {
                Fx fx = policy.fx();
                BigDecimal rate = fx.rate(c, currency);
                converted = new BigDecimal[] {fx.convert(a[0], c, currency).converted(),
                        fx.convert(a[1], c, currency).converted(), fx.convert(a[2], c, currency).converted(),
                        fx.convert(a[3], c, currency).converted()};
                conversion = new Conversion(currency, rate, fx.rateDate(), converted[0], converted[1], converted[2],
                        converted[0].add(converted[1]).subtract(converted[2]), converted[3]);
            }
            // Each line in its own currency's scale: an empty column reads 0.00, not 0, like the totals.
            lines.add(new Line(c, Money.scaled(a[0], c), Money.scaled(a[1], c), Money.scaled(a[2], c),
                    Money.scaled(total, c), Money.scaled(a[3], c), conversion));
            for (int i = 0; i < 4; i++) {
                totals[i] = totals[i].add(converted[i]);
            }
        });
        int scale = Money.scaleOf(currency);
        for (int i = 0; i < 4; i++) {
            totals[i] = totals[i].setScale(Math.max(scale, totals[i].scale()), java.math.RoundingMode.UNNECESSARY);
        }
        BigDecimal total = totals[0].add(totals[1]).subtract(totals[2]);
        LimitInForce limit = file.limitOn(asOf);
        if (limit != null && !limit.currency().equals(currency)) {
            limit = null;
        }
        BigDecimal utilisation = limit == null || limit.amount().signum() == 0 ? null
                : Money.percent(total, limit.amount());
        BigDecimal headroom = limit == null ? null : limit.amount().subtract(total);
        return new Exposure(credit.customerId(), asOf, currency, lines, totals[0], totals[1], totals[2], total,
                totals[3], limit, utilisation, headroom);
    }

    /** The exposure in the currency of the customer's limit (or, without any limit, {@code fallbackCurrency}). */
    public static Exposure of(CustomerCredit credit, CreditPolicy policy, LocalDate asOf, String fallbackCurrency,
                              boolean useLimitCurrency) {
        LimitInForce limit = credit.file().limitOn(asOf);
        String currency = limit != null ? limit.currency()
                : credit.file().limitCurrency() != null ? credit.file().limitCurrency() : fallbackCurrency;
        return of(credit, policy, asOf, useLimitCurrency ? currency : fallbackCurrency);
    }

    private static void add(Map<String, BigDecimal[]> perCurrency, String currency, int column, BigDecimal amount) {
        BigDecimal[] row = perCurrency.computeIfAbsent(currency, c -> zeros());
        row[column] = row[column].add(amount);
    }

    private static BigDecimal[] zeros() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    }
}
