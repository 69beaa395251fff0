package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Open items into aging buckets, as of a date, by days past due ({@code DUE_DATE}) or days since the invoice date
 * ({@code INVOICE_DATE}). Each item falls in exactly one bucket, so the buckets sum to the open amount to the cent.
 * Past due is always by due date (an item is past due the day after its due date), whichever basis the buckets use.
 */
public final class Aging {

    private Aging() {
    }

    /** Days an item counts for its bucket on {@code asOf}. */
    public static long days(OpenItem item, LocalDate asOf, AgingBasis basis) {
        LocalDate from = basis == AgingBasis.DUE_DATE ? item.dueDate() : item.issueDate();
        return ChronoUnit.DAYS.between(from, asOf);
    }

    public static boolean pastDue(OpenItem item, LocalDate asOf) {
        return item.dueDate().isBefore(asOf);
    }

    /**
     * The open items of one customer in one currency that fall in the same bucket ({@link AgingBuckets#indexOf} of
     * their days) and on the same side of their due date, summed: open amount, disputed amount (each item's as
     * {@link OpenItem} has it, never below zero nor above its open amount) and how many. Adding a slice to
     * {@link Totals} gives exactly what adding its items one by one gives, because every total is a sum and every
     * amount is in the currency's minor units; a portfolio's aging then reads one row per customer, currency and
     * bucket instead of one per open item.
     */
    public record Slice(String customerId, String currency, int bucket, boolean pastDue, BigDecimal openAmount,
                        BigDecimal disputedAmount, int items) {
    }

    /** The totals of one group (a customer, a collector, the portfolio ...) in one currency. */
    public static final class Totals {
        private final String currency;
        private final AgingBuckets buckets;
        private final BigDecimal[] amounts;
        private BigDecimal open;
        private BigDecimal pastDue;
        private BigDecimal disputed;
        private BigDecimal unapplied;
        private int items;

        public Totals(String currency, AgingBuckets buckets) {
            this.currency = currency;
            this.buckets = buckets;
            BigDecimal zero = Money.zero(currency);
            amounts = new BigDecimal[buckets.size()];
            Arrays.fill(amounts, zero);
            open = zero;
            pastDue = zero;
            disputed = zero;
            unapplied = zero;
        }

        public Totals add(OpenItem item, LocalDate asOf, AgingBasis basis) {
            return add(new Slice(item.customerId(), item.currency(), buckets.indexOf(days(item, asOf, basis)),
                    Aging.pastDue(item, asOf), item.openAmount(), item.disputedAmount(), 1));
        }

        /** A slice's items at once: the same totals as adding each of them (see {@link Slice}). */
        public Totals add(Slice slice) {
            if (!slice.currency().equals(currency)) {
                throw new IllegalArgumentException("a slice in " + slice.currency() + " is not " + currency);
            }
            amounts[slice.bucket()] = amounts[slice.bucket()].add(slice.openAmount());
            open = open.add(slice.openAmount());
            if (slice.pastDue()) {
                pastDue = pastDue.add(slice.openAmount());
            }
            disputed = disputed.add(slice.disputedAmount());
            items += slice.items();
            return this;
        }

        public Totals addUnapplied(BigDecimal amount) {
            unapplied = unapplied.add(amount);
            return this;
        }

        public Totals addAll(Totals other) {
            for (int n = 0; n < amounts.length; n++) {
                amounts[n] = amounts[n].add(other.amounts[n]);
            }
            open = open.add(other.open);
            pastDue = pastDue.add(other.pastDue);
            disputed = disputed.add(other.disputed);
            unapplied = unapplied.add(other.unapplied);
            items += other.items;
            return this;
        }

        public String currency() {
            return currency;
        }

        public List<AgingBucket> buckets() {
            List<AgingBucket> list = new ArrayList<>();
            for (int n = 0; n < amounts.length; n++) {
                list.add(buckets.bucket(n, Money.of(amounts[n], currency)));
            }
            return list;
        }

        public BigDecimal open() {
            return Money.of(open, currency);
        }

        public BigDecimal pastDue() {
            return Money.of(pastDue, currency);
        }

        /** Open and not yet past due: the "current" receivables of BPDSO and CEI. */
        public BigDecimal current() {
            return open().subtract(pastDue());
        }

        public BigDecimal disputed() {
            return Money.of(disputed, currency);
        }

        public BigDecimal unapplied() {
            return Money.of(unapplied, currency);
        }

        public int items() {
            return items;
        }
    }

    /** One customer's aging in one currency, as reporting publishes it. */
    public static AgingSnapshot snapshot(String customerId, String currency, LocalDate asOf, AgingBasis basis,
                                         AgingBuckets buckets, Collection<OpenItem> items, BigDecimal unapplied) {
        Totals totals = new Totals(currency, buckets);
        for (OpenItem item : items) {
            if (!item.customerId().equals(customerId) || !item.currency().equals(currency)) {
                throw new IllegalArgumentException("item " + item.invoiceId() + " is not " + customerId + "/" + currency);
            }
            totals.add(item, asOf, basis);
        }
        totals.addUnapplied(unapplied);
        return new AgingSnapshot(customerId, currency, asOf, basis, totals.open(), totals.buckets(),
                totals.pastDue(), totals.disputed(), totals.unapplied(), totals.items());
    }
}
