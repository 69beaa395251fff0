package io.ledgerline.identity;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How much each role may do alone, per kind of action, from configuration:
 * <pre>
 * ledgerline.limits.write-off.ar-clerk=100
 * ledgerline.limits.write-off.supervisor=10000
 * ledgerline.limits.write-off.supervisor.JPY=1500000   # a currency of its own, where one figure does not fit all
 * </pre>
 * A role without a limit for an action may not do it alone at all (limit zero). Amounts are in the document's
 * currency; a currency-specific limit wins over the role's plain one.
 */
public final class ApprovalLimits {

    public static final String PREFIX = "ledgerline.limits.";

    /** action → role → currency ("" for any) → amount. */
    private final Map<String, Map<String, Map<String, BigDecimal>>> limits;

    public ApprovalLimits(Map<String, Map<String, Map<String, BigDecimal>>> limits) {
        Map<String, Map<String, Map<String, BigDecimal>>> copy = new TreeMap<>();
        limits.forEach((action, byRole) -> {
            Map<String, Map<String, BigDecimal>> roles = new TreeMap<>();
            byRole.forEach((role, byCurrency) -> {
                byCurrency.values().forEach(amount -> {
                    if (amount.signum() < 0) {
                        throw new IllegalArgumentException("limit of " + role + " for " + action + " is negative");
                    }
                });
                roles.put(role, Map.copyOf(byCurrency));
            });
            copy.put(action, Map.copyOf(roles));
        });
        this.limits = Map.copyOf(copy);
    }

    /**
     * Reads {@code ledgerline.limits.<action>.<role>[.<CURRENCY>]} entries; {@code properties} maps the part after
     * the prefix to its value.
     */
    public static ApprovalLimits parse(Map<String, String> properties) {
        Map<String, Map<String, Map<String, BigDecimal>>> limits = new TreeMap<>();
        properties.forEach((key, value) -> {
            String[] parts = key.split("\\.");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException(PREFIX + key + ": expected " + PREFIX + "<action>.<role>[.<CURRENCY>]");
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + key + " is not an amount: " + value);
            }
            limits.computeIfAbsent(parts[0], a -> new TreeMap<>()).computeIfAbsent(parts[1], r -> new TreeMap<>())
                    .put(parts.length == 3 ? parts[2] : "", amount);
        });
        return new ApprovalLimits(limits);
    }

    /** One role's limit for an action in a currency; zero when none is configured. */
    public BigDecimal limitOf(String action, String role, String currency) {
        Map<String, BigDecimal> byCurrency = limits.getOrDefault(action, Map.of()).get(role);
        if (byCurrency == null) {
            return BigDecimal.ZERO;
        }
        return Optional.ofNullable(byCurrency.get(currency)).orElse(byCurrency.getOrDefault("", BigDecimal.ZERO));
    }

    /** What the caller may do alone: the highest limit among their roles (zero without any). */
    public BigDecimal limitOf(String action, Caller caller, String currency) {
        return caller.roles().stream().map(role -> limitOf(action, role, currency))
                .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    /** Whether {@code amount} is within what the caller may do alone. */
    public boolean allows(String action, Caller caller, BigDecimal amount, String currency) {
        return amount.compareTo(limitOf(action, caller, currency)) <= 0;
    }

    /** The highest limit any role has for the action: above it, nobody acts alone. */
    public BigDecimal topLimit(String action, String currency) {
        return limits.getOrDefault(action, Map.of()).keySet().stream().map(role -> limitOf(action, role, currency))
                .max(BigDecimal::compareTo).orElse(BigDecimal.ZERO);
    }

    /** Everything configured, for status pages and documentation. */
    public Map<String, Map<String, Map<String, BigDecimal>>> asMap() {
        return limits;
    }
}
