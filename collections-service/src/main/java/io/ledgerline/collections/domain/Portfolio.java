package io.ledgerline.collections.domain;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who gets a new case: the first portfolio rule that matches its segment, country and amount past due names the
 * collectors; of those, the one with the most room under their capacity (ties by name, so it is the same every time).
 * A case no collector has room for stays unassigned until a team lead assigns it.
 */
public record Portfolio(List<Rule> rules, int defaultCapacity, Map<String, Integer> capacities, Policy policy) {

    public record Rule(String name, Set<String> segments, Set<String> countries, BigDecimal minPastDue,
                       BigDecimal maxPastDue, List<String> collectors) {

        boolean matches(String segment, String country, BigDecimal pastDue) {
            return (segments.isEmpty() || segments.contains(segment))
                    && (countries.isEmpty() || (country != null && countries.contains(country)))
                    && (minPastDue == null || pastDue.compareTo(minPastDue) >= 0)
                    && (maxPastDue == null || pastDue.compareTo(maxPastDue) < 0);
        }
    }

    /** The collector chosen, and the rule that chose them (the assignment's reason). */
    public record Choice(String collector, String rule) {
    }

    public Portfolio {
        rules = List.copyOf(rules);
        capacities = Map.copyOf(capacities);
    }

    public int capacityOf(String collector) {
        return capacities.getOrDefault(collector, defaultCapacity);
    }

    /** {@code load} is each collector's open cases now; the caller counts the choice in before the next one. */
    public Optional<Choice> choose(Ledger ledger, Map<String, Integer> load) {
        BigDecimal pastDue = ledger.pastDueTotal();
        String segment = policy.segmentOf(ledger.countryCode, ledger.riskClass, pastDue).name();
        for (Rule rule : rules) {
            if (rule.matches(segment, ledger.countryCode, pastDue)) {
                return rule.collectors().stream()
                        .filter(c -> load.getOrDefault(c, 0) < capacityOf(c))
                        .min(Comparator.comparingInt((String c) -> load.getOrDefault(c, 0) - capacityOf(c))
                                .thenComparing(Comparator.naturalOrder()))
                        .map(c -> new Choice(c, "portfolio rule " + rule.name()));
            }
        }
        return Optional.empty();
    }
}
