package io.ledgerline.credit.domain;

import io.ledgerline.events.common.EventReference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The blocking rules that weigh amounts, as of a day: they fire, or not, on what the customer owes now. (The rules
 * that fire on an event, a broken promise or an escalation, are decided where the event arrives.)
 */
public final class BlockingRules {

    private static final int MAX_SOURCES = 5;

    private BlockingRules() {
    }

    /** A rule that fires, why (with the figures), and the events the figures come from. */
    public record Firing(BlockingRule rule, String reason, List<EventReference> sources) {
    }

    public static List<Firing> weigh(CustomerCredit credit, CreditPolicy policy, LocalDate asOf) {
        CreditPolicy.Rules rules = policy.rules();
        List<Firing> firing = new ArrayList<>();
        CreditFile.LimitInForce limit = credit.file().limitOn(asOf);
        if (limit == null) {
            // A customer without credit has no orders to hold: its orders are answered by the no-limit policy.
            return firing;
        }
        String currency = limit.currency();
        Exposure exposure;
        try {
            exposure = Exposure.of(credit, policy, asOf, currency);
        } catch (Fx.MissingRate e) {
            // Amounts that cannot be weighed hold nobody; order checks answer HELD for them instead.
            return firing;
        }
        if (rules.isOn(BlockingRule.PAST_DUE)) {
            pastDue(credit, policy, asOf, exposure).ifPresent(firing::add);
        }
        if (rules.isOn(BlockingRule.OVER_LIMIT) && limit.amount().signum() > 0) {
            BigDecimal allowed = limit.amount().multiply(BigDecimal.valueOf(100).add(rules.overLimitTolerancePercent()))
                    .divide(BigDecimal.valueOf(100));
            if (exposure.total().compareTo(allowed) > 0) {
                firing.add(new Firing(BlockingRule.OVER_LIMIT, "exposure " + exposure.total() + " " + currency
                        + " is " + exposure.utilisation() + " % of the limit " + limit.amount() + " " + currency
                        + " (tolerance " + rules.overLimitTolerancePercent().stripTrailingZeros().toPlainString()
                        + " %)", largestOpenInvoices(credit.facts(), List.of())));
            }
        }
        return firing;
    }

    /**
     * The amount rules weighed over a credit group as one: the group's exposure (every member's, in the parent's limit
     * currency) against the parent's limit, and what is past due across the group against the share the parent's risk
     * class allows. A firing holds the whole group (a GROUP hold on the parent).
     */
    public static List<Firing> weighGroup(CreditDecider.GroupContext group, CreditPolicy policy, LocalDate asOf) {
        CreditPolicy.Rules rules = policy.rules();
        List<Firing> firing = new ArrayList<>();
        CreditFile.LimitInForce limit = group.parent().file().limitOn(asOf);
        if (limit == null || group.members().isEmpty()) {
            return firing;
        }
        String currency = limit.currency();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal pastDue = BigDecimal.ZERO;
        List<UpstreamFacts.Invoice> overdue = new ArrayList<>();
        List<UpstreamFacts.Invoice> open = new ArrayList<>();
        try {
            for (CustomerCredit member : group.everyone()) {
                total = total.add(Exposure.of(member, policy, asOf, currency).total());
                PastDue due = pastDueOf(member, policy, asOf, currency);
                pastDue = pastDue.add(due.amount());
                overdue.addAll(due.invoices());
                open.addAll(member.facts().invoices());
            }
        } catch (Fx.MissingRate e) {
            return firing;
        }
        String whose = "credit group " + group.groupId() + " (" + group.everyone().size() + " customers)";
        if (rules.isOn(BlockingRule.PAST_DUE) && pastDue.signum() > 0 && total.signum() > 0) {
            BigDecimal minimum = policy.fx().convert(rules.pastDueMinAmount(), policy.fx().base(), currency).converted();
            BigDecimal share = Money.percent(pastDue, total);
            String riskClass = group.parent().file().riskClass();
            BigDecimal allowed = rules.maxPastDueShare(riskClass);
            if (pastDue.compareTo(minimum) >= 0 && share.compareTo(allowed) > 0) {
                firing.add(new Firing(BlockingRule.PAST_DUE, pastDue + " " + currency + " more than "
                        + rules.pastDueDays() + " days past due across " + whose + " is " + share + " % of its exposure "
                        + total + " " + currency + "; the parent's risk class " + (riskClass == null ? "(unrated)"
                        : riskClass) + " allows " + allowed.stripTrailingZeros().toPlainString() + " %",
                        largestOpenInvoices(overdue, List.of())));
            }
        }
        if (rules.isOn(BlockingRule.OVER_LIMIT) && limit.amount().signum() > 0) {
            BigDecimal allowed = limit.amount().multiply(BigDecimal.valueOf(100).add(rules.overLimitTolerancePercent()))
                    .divide(BigDecimal.valueOf(100));
            if (total.compareTo(allowed) > 0) {
                firing.add(new Firing(BlockingRule.OVER_LIMIT, "exposure of " + whose + ", " + total + " " + currency
                        + ", is " + Money.percent(total, limit.amount()) + " % of the group's limit " + limit.amount()
                        + " " + currency + " (tolerance " + rules.overLimitTolerancePercent().stripTrailingZeros()
                        .toPlainString() + " %)", largestOpenInvoices(open, List.of())));
            }
        }
        return firing;
    }

    private record PastDue(BigDecimal amount, List<UpstreamFacts.Invoice> invoices) {
    }

    /** What of a customer's open invoices is more than the rule's days past due, in {@code currency}. */
    private static PastDue pastDueOf(CustomerCredit credit, CreditPolicy policy, LocalDate asOf, String currency) {
        CreditPolicy.Rules rules = policy.rules();
        UpstreamFacts facts = credit.facts();
        BigDecimal pastDue = BigDecimal.ZERO;
        List<UpstreamFacts.Invoice> overdue = new ArrayList<>();
        for (UpstreamFacts.Invoice invoice : facts.invoices()) {
            if (invoice.open().signum() > 0 && invoice.dueDate.plusDays(rules.pastDueDays()).isBefore(asOf)) {
                BigDecimal amount = invoice.open();
                if (policy.excludeDisputed()) {
                    amount = amount.subtract(facts.disputedOn(invoice));
                }
                if (amount.signum() > 0) {
                    pastDue = pastDue.add(policy.fx().convert(amount, invoice.currency, currency).converted());
                    overdue.add(invoice);
                }
            }
        }
        return new PastDue(pastDue, overdue);
    }

    private static java.util.Optional<Firing> pastDue(CustomerCredit credit, CreditPolicy policy, LocalDate asOf,
                                                      Exposure exposure) {
        CreditPolicy.Rules rules = policy.rules();
        UpstreamFacts facts = credit.facts();
        String currency = exposure.currency();
        BigDecimal pastDue = BigDecimal.ZERO;
        List<UpstreamFacts.Invoice> overdue = new ArrayList<>();
        for (UpstreamFacts.Invoice invoice : facts.invoices()) {
            if (invoice.open().signum() > 0 && invoice.dueDate.plusDays(rules.pastDueDays()).isBefore(asOf)) {
                BigDecimal amount = invoice.open();
                if (policy.excludeDisputed()) {
                    amount = amount.subtract(facts.disputedOn(invoice));
                }
                if (amount.signum() > 0) {
                    pastDue = pastDue.add(policy.fx().convert(amount, invoice.currency, currency).converted());
                    overdue.add(invoice);
                }
            }
        }
        BigDecimal minimum = policy.fx().convert(rules.pastDueMinAmount(), policy.fx().base(), currency).converted();
        if (pastDue.signum() == 0 || pastDue.compareTo(minimum) < 0 || exposure.total().signum() <= 0) {
            return java.util.Optional.empty();
        }
        BigDecimal share = Money.percent(pastDue, exposure.total());
        String riskClass = credit.file().riskClass();
        BigDecimal allowed = rules.maxPastDueShare(riskClass);
        if (share.compareTo(allowed) <= 0) {
            return java.util.Optional.empty();
        }
        List<EventReference> sources = new ArrayList<>();
        if (facts.delinquency() != null) {
            sources.add(facts.delinquency().ref());
        }
        sources = largestOpenInvoices(overdue, sources);
        return java.util.Optional.of(new Firing(BlockingRule.PAST_DUE, pastDue + " " + currency + " more than "
                + rules.pastDueDays() + " days past due is " + share + " % of exposure " + exposure.total() + " "
                + currency + "; risk class " + (riskClass == null ? "(unrated)" : riskClass) + " allows "
                + allowed.stripTrailingZeros().toPlainString() + " %", sources));
    }

    private static List<EventReference> largestOpenInvoices(UpstreamFacts facts, List<EventReference> first) {
        return largestOpenInvoices(new ArrayList<>(facts.invoices()), first);
    }

    private static List<EventReference> largestOpenInvoices(List<UpstreamFacts.Invoice> invoices,
                                                            List<EventReference> first) {
        List<EventReference> sources = new ArrayList<>(first);
        invoices.stream().filter(i -> i.open().signum() > 0 && i.ref != null)
                .sorted(Comparator.comparing(UpstreamFacts.Invoice::open).reversed()
                        .thenComparing(i -> i.invoiceId))
                .limit(MAX_SOURCES)
                .forEach(i -> sources.add(i.ref));
        return List.copyOf(sources);
    }
}
