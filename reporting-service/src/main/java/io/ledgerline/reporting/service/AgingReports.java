package io.ledgerline.reporting.service;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.reporting.domain.Aging;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.ledgerline.reporting.projection.FactQueries;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aging reports as of any date, grouped by customer, collector, segment or for the whole portfolio, one row per group
 * and currency. The buckets of every row sum to its open amount.
 */
@ApplicationScoped
public class AgingReports {

    public enum GroupBy { PORTFOLIO, CUSTOMER, COLLECTOR, SEGMENT }

    /** One group's aging in one currency. */
    public record AgingGroup(String group, String name, String currency, List<AgingBucket> buckets,
                             BigDecimal openAmount, BigDecimal currentAmount, BigDecimal pastDueAmount,
                             BigDecimal disputedAmount, BigDecimal unappliedAmount, int openItems, int customers) {
    }

    public record AgingReport(LocalDate asOf, AgingBasis basis, String buckets, List<String> bucketNames,
                              GroupBy groupBy, List<AgingGroup> groups) {
    }

    private final Pool pool;
    private final FactQueries queries;

    public AgingReports(Pool pool, FactQueries queries) {
        this.pool = pool;
        this.queries = queries;
    }

    /** {@code customerId} and {@code currency} narrow the report when given. */
    public Uni<AgingReport> aging(LocalDate asOf, AgingBasis basis, AgingBuckets buckets, GroupBy groupBy,
                                  String currency, String customerId) {
        List<String> customers = customerId == null ? null : List.of(customerId);
        return openAmounts(asOf, basis, buckets, customers).chain(open -> report(open, groupBy, currency));
    }

    /**
     * The month-end views as of one date: the portfolio, by collector, by segment, and the {@code topOverdue}
     * customers with the most past due, in that order, all from one read of the open amounts.
     */
    public Uni<List<AgingReport>> views(LocalDate asOf, AgingBasis basis, AgingBuckets buckets, int topOverdue) {
        return openAmounts(asOf, basis, buckets, null).chain(open -> Uni.join().all(
                        report(open, GroupBy.PORTFOLIO, null), report(open, GroupBy.COLLECTOR, null),
                        report(open, GroupBy.SEGMENT, null),
                        report(open, GroupBy.CUSTOMER, null).map(byCustomer -> topOverdue(byCustomer, topOverdue)))
                .andFailFast());
    }

    /** What every aging report as of a date is made of: the bucketed open items and the unapplied money. */
    private record OpenAmounts(LocalDate asOf, AgingBasis basis, AgingBuckets buckets, List<Aging.Slice> slices,
                               Map<FactQueries.Key, BigDecimal> unapplied) {
    }

    private Uni<OpenAmounts> openAmounts(LocalDate asOf, AgingBasis basis, AgingBuckets buckets,
                                         List<String> customers) {
        // The database buckets and sums the open items (a row per customer, currency and bucket), not this code
        // one open item at a time: the same totals, a fraction of the rows (see FactQueries.agingSlices). The two
        // reads go on connections of their own, side by side.
        return Uni.combine().all().unis(queries.agingSlices(pool, asOf, basis, buckets, customers),
                        queries.unapplied(pool, asOf, customers))
                .with((slices, unapplied) -> new OpenAmounts(asOf, basis, buckets, slices, unapplied));
    }

    private Uni<AgingReport> report(OpenAmounts open, GroupBy groupBy, String currency) {
        AgingBuckets buckets = open.buckets();
        return groupNames(groupBy, open.asOf()).chain(groupOf -> {
            Map<String, Group> groups = new TreeMap<>();
            for (Aging.Slice slice : open.slices()) {
                if (currency == null || currency.equals(slice.currency())) {
                    group(groups, groupOf, groupBy, slice.customerId(), slice.currency(), buckets).add(slice);
                }
            }
            open.unapplied().forEach((key, amount) -> {
                if ((currency == null || currency.equals(key.currency())) && amount.signum() != 0) {
                    group(groups, groupOf, groupBy, key.customerId(), key.currency(), buckets)
                            .addUnapplied(key.customerId(), amount);
                }
            });
            return names(groupBy, groups.values()).map(names -> new AgingReport(open.asOf(), open.basis(),
                    buckets.toString(), buckets.names(), groupBy, groups.values().stream()
                    .map(g -> g.row(names)).toList()));
        });
    }

    /**
     * The customers with the most past due, most first, in each currency ({@code limit} each, currencies in
     * alphabetical order): amounts in two currencies are not compared, or 500,000 JPY would rank above 1,000 EUR.
     */
    public Uni<AgingReport> topOverdue(LocalDate asOf, AgingBasis basis, AgingBuckets buckets, String currency,
                                       int limit) {
        return aging(asOf, basis, buckets, GroupBy.CUSTOMER, currency, null).map(report -> topOverdue(report, limit));
    }

    private static AgingReport topOverdue(AgingReport byCustomer, int limit) {
        Map<String, List<AgingGroup>> byCurrency = new TreeMap<>();
        byCustomer.groups().stream().filter(g -> g.pastDueAmount().signum() > 0)
                .forEach(g -> byCurrency.computeIfAbsent(g.currency(), c -> new ArrayList<>()).add(g));
        List<AgingGroup> top = new ArrayList<>();
        byCurrency.values().forEach(groups -> groups.stream()
                .sorted(Comparator.comparing(AgingGroup::pastDueAmount).reversed().thenComparing(AgingGroup::group))
                .limit(limit).forEach(top::add));
        return new AgingReport(byCustomer.asOf(), byCustomer.basis(), byCustomer.buckets(), byCustomer.bucketNames(),
                byCustomer.groupBy(), top);
    }

    private Uni<Map<String, String>> groupNames(GroupBy groupBy, LocalDate asOf) {
        return switch (groupBy) {
            case COLLECTOR -> queries.collectors(pool, asOf);
            case SEGMENT -> queries.segments(pool, asOf);
            default -> Uni.createFrom().item(Map.of());
        };
    }

    private static Group group(Map<String, Group> groups, Map<String, String> groupOf, GroupBy groupBy,
                               String customerId, String currency, AgingBuckets buckets) {
        String group = switch (groupBy) {
            case PORTFOLIO -> "portfolio";
            case CUSTOMER -> customerId;
            case COLLECTOR -> groupOf.getOrDefault(customerId, PeriodFacts.UNASSIGNED);
            case SEGMENT -> groupOf.getOrDefault(customerId, PeriodFacts.UNRATED);
        };
        return groups.computeIfAbsent(group + "\u0000" + currency, k -> new Group(group, currency, buckets));
    }

    private Uni<Map<String, String>> names(GroupBy groupBy, java.util.Collection<Group> groups) {
        if (groupBy != GroupBy.CUSTOMER || groups.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Set<String> customers = new HashSet<>();
        groups.forEach(g -> customers.add(g.group));
        return queries.customerNames(pool, customers);
    }

    private static final class Group {
        final String group;
        final Aging.Totals totals;
        final Set<String> customers = new HashSet<>();

        Group(String group, String currency, AgingBuckets buckets) {
            this.group = group;
            this.totals = new Aging.Totals(currency, buckets);
        }

        void add(Aging.Slice slice) {
            totals.add(slice);
            customers.add(slice.customerId());
        }

        void addUnapplied(String customerId, BigDecimal amount) {
            totals.addUnapplied(amount);
            customers.add(customerId);
        }

        AgingGroup row(Map<String, String> names) {
            return new AgingGroup(group, names.get(group), totals.currency(), totals.buckets(), totals.open(),
                    totals.current(), totals.pastDue(), totals.disputed(), totals.unapplied(), totals.items(),
                    customers.size());
        }
    }
}
