package io.ledgerline.receivables.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Aging of open items into buckets by days past due (or days since the invoice date), per currency. Every open item
 * falls in exactly one bucket, so the buckets add up to the open items to the cent; the report also carries unapplied
 * cash and credits so that open items less both is the balance.
 */
public final class Aging {

    public enum Basis { DUE_DATE, INVOICE_DATE }

    /**
     * Bucket limits in days, ascending: {@code [0, 30, 60, 90, 120]} gives current (≤ 0), 1–30, 31–60, 61–90,
     * 91–120 and over 120.
     */
    public record Buckets(List<Integer> upperBounds) {

        public static final Buckets STANDARD = new Buckets(List.of(0, 30, 60, 90, 120));

        public Buckets {
            upperBounds = List.copyOf(upperBounds);
            if (upperBounds.isEmpty()) {
                throw new IllegalArgumentException("at least one bucket limit is needed");
            }
            for (int n = 1; n < upperBounds.size(); n++) {
                if (upperBounds.get(n) <= upperBounds.get(n - 1)) {
                    throw new IllegalArgumentException("bucket limits must be ascending: " + upperBounds);
                }
            }
        }

        public List<String> names() {
            List<String> names = new ArrayList<>();
            for (int n = 0; n < upperBounds.size(); n++) {
                names.add(name(n));
            }
            names.add("over " + upperBounds.getLast());
            return names;
        }

        private String name(int n) {
            int upper = upperBounds.get(n);
            if (n == 0) {
                return upper == 0 ? "current" : "0-" + upper;
            }
            return (upperBounds.get(n - 1) + 1) + "-" + upper;
        }

        public int indexOf(long days) {
            for (int n = 0; n < upperBounds.size(); n++) {
                if (days <= upperBounds.get(n)) {
                    return n;
                }
            }
            return upperBounds.size();
        }

        public String nameOf(long days) {
            return names().get(indexOf(days));
        }
    }

    public record Item(String invoiceId, LocalDate issueDate, LocalDate dueDate, String currency, BigDecimal openAmount,
                       long days, String bucket) {
    }

    public record CurrencyAging(String currency, Map<String, BigDecimal> buckets, BigDecimal openItems,
                                BigDecimal unappliedCash, BigDecimal unappliedCredits, BigDecimal balance) {
    }

    public record Report(LocalDate asOf, Basis basis, List<String> bucketNames, List<CurrencyAging> currencies,
                         List<Item> items) {
    }

    private Aging() {
    }

    public static Report of(Account account, LocalDate asOf, Basis basis, Buckets buckets) {
        return of(List.of(account), asOf, basis, buckets);
    }

    /** One report over many accounts: the portfolio. */
    public static Report of(List<Account> accounts, LocalDate asOf, Basis basis, Buckets buckets) {
        Portfolio portfolio = new Portfolio(asOf, basis, buckets);
        accounts.forEach(portfolio::add);
        return portfolio.report();
    }

    /**
     * A report built one account at a time, so a portfolio is aged without holding every account: each is folded,
     * added, and dropped. It keeps only the totals and the open items.
     */
    public static final class Portfolio {
        private final LocalDate asOf;
        private final Basis basis;
        private final Buckets buckets;
        private final List<String> names;
        private final Map<String, Totals> byCurrency = new TreeMap<>();
        private final List<Item> items = new ArrayList<>();

        public Portfolio(LocalDate asOf, Basis basis, Buckets buckets) {
            this.asOf = asOf;
            this.basis = basis;
            this.buckets = buckets;
            this.names = buckets.names();
        }

        public void add(Account account) {
            for (Account.Invoice invoice : account.invoices()) {
                BigDecimal open = invoice.openAmount();
                if (invoice.isCancelled() || open.signum() == 0) {
                    continue;
                }
                LocalDate from = basis == Basis.DUE_DATE ? invoice.issued().dueDate() : invoice.issued().issueDate();
                long days = ChronoUnit.DAYS.between(from, asOf);
                int bucket = buckets.indexOf(days);
                totals(byCurrency, invoice.currency(), buckets).add(bucket, open);
                items.add(new Item(invoice.id(), invoice.issued().issueDate(), invoice.issued().dueDate(),
                        invoice.currency(), open, days, names.get(bucket)));
            }
            for (Account.Payment payment : account.payments()) {
                totals(byCurrency, payment.received().currency(), buckets).cash(payment.unapplied());
            }
            for (Account.CreditNote credit : account.creditNotes()) {
                totals(byCurrency, credit.issued().currency(), buckets).credit(credit.unapplied());
            }
        }

        public Report report() {
            List<CurrencyAging> currencies = byCurrency.entrySet().stream()
                    .map(e -> e.getValue().report(e.getKey(), buckets)).toList();
            return new Report(asOf, basis, names, currencies, List.copyOf(items));
        }
    }

    private static Totals totals(Map<String, Totals> byCurrency, String currency, Buckets buckets) {
        return byCurrency.computeIfAbsent(currency, c -> new Totals(buckets.upperBounds().size() + 1, c));
    }

    private static final class Totals {
        private final BigDecimal[] buckets;
        private BigDecimal cash;
        private BigDecimal credit;

        Totals(int size, String currency) {
            BigDecimal zero = Currencies.normalize(BigDecimal.ZERO, currency);
            buckets = new BigDecimal[size];
            java.util.Arrays.fill(buckets, zero);
            cash = zero;
            credit = zero;
        }

        void add(int bucket, BigDecimal amount) {
            buckets[bucket] = buckets[bucket].add(amount);
        }

        void cash(BigDecimal amount) {
            cash = cash.add(amount);
        }

        void credit(BigDecimal amount) {
            credit = credit.add(amount);
        }

        CurrencyAging report(String currency, Buckets spec) {
            Map<String, BigDecimal> named = new java.util.LinkedHashMap<>();
            BigDecimal open = Currencies.normalize(BigDecimal.ZERO, currency);
            List<String> names = spec.names();
            for (int n = 0; n < buckets.length; n++) {
                named.put(names.get(n), buckets[n]);
                open = open.add(buckets[n]);
            }
            return new CurrencyAging(currency, named, open, cash, credit, open.subtract(cash).subtract(credit));
        }
    }
}
