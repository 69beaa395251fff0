package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Exposure;
import io.ledgerline.credit.domain.Fx;
import io.ledgerline.credit.domain.Money;
import io.ledgerline.credit.domain.Rejection;
import io.ledgerline.credit.domain.Scorecard;
import io.ledgerline.credit.ledger.CreditFiles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the front end reads: a customer's credit as memory has it (checked against the database's versions first, so
 * another instance's change is never hidden), exposure of a customer or its group, and the analysts' queues and search
 * from the read models.
 */
@ApplicationScoped
public class CreditQueries {

    private final Pool pool;
    private final CreditFiles files;
    private final GroupDirectory groups;
    private final PolicyInForce policies;

    public CreditQueries(Pool pool, CreditFiles files, GroupDirectory groups, PolicyInForce policies) {
        this.pool = pool;
        this.files = files;
        this.groups = groups;
        this.policies = policies;
    }

    /** A customer credit knows (from other services' events or its own decisions); 404 otherwise. */
    public Uni<CustomerCredit> customer(String customerId) {
        return files.loadCurrent(pool, customerId).invoke(credit -> {
            if (credit.unknown()) {
                throw new CommandRejected(Rejection.notFound("UNKNOWN_CUSTOMER", "credit knows nothing of customer "
                        + customerId + " (no receivables, collections or disputes events, no credit decision)"));
            }
        });
    }

    /** A group's exposure: each customer's in the group limit's currency, and the sum against that limit. */
    public record GroupExposure(String groupId, String parentId, String currency, BigDecimal limit,
                                BigDecimal total, BigDecimal heldOrders, BigDecimal utilisation, BigDecimal headroom,
                                List<Exposure> customers) {
    }

    public Optional<GroupDirectory.Group> groupOf(String customerId) {
        return groups.of(customerId);
    }

    public Optional<GroupDirectory.Group> group(String groupId) {
        return groups.byId(groupId);
    }

    public Uni<GroupExposure> groupExposure(GroupDirectory.Group group, LocalDate asOf) {
        return files.load(pool, group.everyone()).map(all -> {
            CustomerCredit parent = all.get(group.parentId());
            var limit = parent.file().limitOn(asOf);
            String currency = limit != null ? limit.currency()
                    : parent.file().limitCurrency() != null ? parent.file().limitCurrency() : policies.current().fx().base();
            List<Exposure> exposures = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            BigDecimal held = BigDecimal.ZERO;
            for (String id : group.everyone()) {
                Exposure e = exposure(all.get(id), asOf, currency);
                exposures.add(e);
                total = total.add(e.total());
                held = held.add(e.heldOrders());
            }
            BigDecimal limitAmount = limit == null ? null : limit.amount();
            return new GroupExposure(group.groupId(), group.parentId(), currency, limitAmount, total, held,
                    limitAmount == null || limitAmount.signum() == 0 ? null
                            : Money.percent(total, limitAmount),
                    limitAmount == null ? null : limitAmount.subtract(total), exposures);
        });
    }

    /**
     * Exposure as of a day in a currency (null: the limit's currency, or the base currency without a limit).
     *
     * @throws CommandRejected NO_EXCHANGE_RATE when the customer owes in a currency without a rate
     */
    public Exposure exposure(CustomerCredit credit, LocalDate asOf, String currency) {
        String in = currency;
        if (in == null) {
            var limit = credit.file().limitOn(asOf);
            in = limit != null ? limit.currency()
                    : credit.file().limitCurrency() != null ? credit.file().limitCurrency() : policies.current().fx().base();
        }
        try {
            return Exposure.of(credit, policies.current(), asOf, in);
        } catch (Fx.MissingRate missing) {
            throw new CommandRejected(Rejection.refused("NO_EXCHANGE_RATE", "no exchange rate is configured for "
                    + missing.currency() + ": exposure cannot be shown in " + in));
        }
    }

    /**
     * Exposure for the profile, or null when it cannot be converted into the limit's currency (an import of rates left
     * that currency out): the analyst still sees the limit, holds, orders and applications, and
     * {@code GET /customers/{c}/exposure} says which rate is missing.
     */
    public Exposure exposureIfConvertible(CustomerCredit credit, LocalDate asOf) {
        try {
            return exposure(credit, asOf, null);
        } catch (CommandRejected noRate) {
            return null;
        }
    }

    // --- queues and search, from the read models ------------------------------------------------------------------

    public record HeldOrder(String orderId, String customerId, String currency, BigDecimal amount, String reasons,
                            LocalDate checkedDate, LocalDate expiresOn) {
    }

    public record ReferredApplication(String customerId, String applicationId, String kind, String status,
                                      String currency, BigDecimal requestedLimit, BigDecimal recommendedLimit,
                                      BigDecimal approvalLimit, Integer score, String riskClass, LocalDate updatedDate,
                                      String approvalAskedBy, String reason) {
    }

    public record ReviewDue(String customerId, String riskClass, Integer score, LocalDate nextReviewDate,
                            LocalDate lastReviewDate, LocalDate dueSince) {
    }

    public record CustomerRow(String customerId, String name, String riskClass, Integer score, String limitCurrency,
                              BigDecimal limit, int activeHolds, LocalDate nextReviewDate, String groupId) {
    }

    public Uni<List<HeldOrder>> heldOrders(LocalDate today, int page, int size) {
        return list("SELECT order_id, customer_id, currency, amount, reasons, checked_date, expires_on FROM order_view"
                        + " WHERE status = 'HELD' AND (expires_on IS NULL OR expires_on >= $1)"
                        + " ORDER BY checked_date, order_id LIMIT $2 OFFSET $3",
                Tuple.of(today, size, page * size), r -> new HeldOrder(r.getString(0), r.getString(1), r.getString(2),
                        Money.stored(r.getBigDecimal(3), r.getString(2)), r.getString(4), r.getLocalDate(5),
                        r.getLocalDate(6)));
    }

    public Uni<List<ReferredApplication>> referredApplications(int page, int size) {
        return list("SELECT customer_id, application_id, kind, status, currency, requested_limit, recommended_limit,"
                        + " approval_limit, score, risk_class, updated_date, approval_asked_by, reason"
                        + " FROM application_view WHERE status IN ('REFERRED', 'AWAITING_SECOND_APPROVAL')"
                        + " ORDER BY updated_date, id LIMIT $1 OFFSET $2",
                Tuple.of(size, page * size), r -> new ReferredApplication(r.getString(0), r.getString(1),
                        r.getString(2), r.getString(3), r.getString(4), Money.stored(r.getBigDecimal(5), r.getString(4)),
                        Money.stored(r.getBigDecimal(6), r.getString(4)), Money.stored(r.getBigDecimal(7), r.getString(4)),
                        r.getInteger(8), r.getString(9), r.getLocalDate(10), r.getString(11),
                        r.getString(12)));
    }

    public Uni<List<ReviewDue>> reviewsDue(int page, int size) {
        return list("SELECT customer_id, risk_class, score, next_review_date, last_review_date, review_due_since"
                        + " FROM customer_view WHERE review_due_since IS NOT NULL"
                        + " ORDER BY review_due_since, customer_id LIMIT $1 OFFSET $2",
                Tuple.of(size, page * size), r -> new ReviewDue(r.getString(0), r.getString(1), r.getInteger(2),
                        r.getLocalDate(3), r.getLocalDate(4), r.getLocalDate(5)));
    }

    /** Customers whose id or name contains the text (any case), optionally of one risk class. */
    public Uni<List<CustomerRow>> search(String text, String riskClass, int page, int size) {
        if (riskClass != null && riskClass.isBlank()) {
            riskClass = null;
        }
        var scorecard = policies.current().scorecard();
        if (riskClass != null && scorecard.riskClass(riskClass) == null) {
            // An unknown class (a typo, a lower-case "b") would find no one and look like an empty portfolio.
            throw new CommandRejected(Rejection.invalid("riskClass", "INVALID_VALUE", "riskClass must be one of "
                    + scorecard.classes().stream().map(Scorecard.RiskClass::name).toList()));
        }
        String pattern = "%" + (text == null ? "" : text.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        return list("SELECT coalesce(c.customer_id, v.customer_id), c.name, v.risk_class, v.score, v.limit_currency,"
                        + " v.limit_amount, coalesce(v.active_holds, 0), v.next_review_date, v.group_id"
                        + " FROM credit_customer c FULL JOIN customer_view v ON v.customer_id = c.customer_id"
                        + " WHERE (lower(coalesce(c.customer_id, v.customer_id)) LIKE $1 OR lower(c.name) LIKE $1)"
                        + " AND ($2::text IS NULL OR v.risk_class = $2)"
                        + " ORDER BY 1 LIMIT $3 OFFSET $4",
                Tuple.of(pattern, riskClass, size, page * size), r -> new CustomerRow(r.getString(0), r.getString(1),
                        r.getString(2), r.getInteger(3), r.getString(4), Money.stored(r.getBigDecimal(5), r.getString(4)),
                        r.getInteger(6),
                        r.getLocalDate(7), r.getString(8)));
    }

    private <T> Uni<List<T>> list(String sql, Tuple parameters, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(parameters).map((RowSet<Row> rows) -> {
            List<T> items = new ArrayList<>();
            rows.forEach(row -> items.add(mapper.apply(row)));
            return items;
        });
    }

    public Map<String, Object> policySummary() {
        return Map.of("name", policies.current().name(), "scorecard", policies.current().scorecard().name());
    }
}
