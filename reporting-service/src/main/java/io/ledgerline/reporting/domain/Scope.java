package io.ledgerline.reporting.domain;

import java.util.Locale;
import java.util.function.BiPredicate;

/**
 * Whose figures: the whole {@code portfolio}, one collector's customers ({@code collector:jane}), one segment's
 * ({@code segment:B}, the customer's risk class from credit), or the disputes of one reason ({@code reason:PRICING}).
 * The name is the KPI key's scope part; money figures add their currency ({@code portfolio:EUR}).
 */
public record Scope(String kind, String value) {

    public static final Scope PORTFOLIO = new Scope("portfolio", null);

    public static Scope collector(String collector) {
        return new Scope("collector", collector);
    }

    public static Scope segment(String segment) {
        return new Scope("segment", segment);
    }

    public static Scope reason(String reason) {
        return new Scope("reason", reason);
    }

    /** The scope part of a KPI key: only letters, digits and {@code . _ : -}; anything else becomes '_'. */
    public String name() {
        return value == null ? kind : kind + ":" + safe(value);
    }

    public String name(String currency) {
        return name() + ":" + currency;
    }

    /** One collector's scope: its collections count while the collector had the customer. */
    public boolean isCollector() {
        return kind.equals("collector");
    }

    /** Whether the customer belongs to the scope, given its collector and segment. */
    public boolean includes(String collector, String segment) {
        return switch (kind) {
            case "collector" -> value.equals(collector);
            case "segment" -> value.equals(segment);
            default -> true;
        };
    }

    BiPredicate<String, PeriodFacts> membership() {
        return (customer, facts) -> includes(facts.collectorOf(customer), facts.segmentOf(customer));
    }

    static String safe(String text) {
        String cleaned = text.replaceAll("[^A-Za-z0-9._:-]", "_");
        return cleaned.length() > 48 ? cleaned.substring(0, 48) : cleaned;
    }

    /**
     * Reads {@code portfolio}, {@code collector:jane}, {@code segment:B}.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static Scope parse(String text) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            // No name holds one, and PostgreSQL refuses a NUL in text outright.
            throw new IllegalArgumentException("a scope holds no control characters");
        }
        if (text.equals("portfolio")) {
            return PORTFOLIO;
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon < text.length() - 1) {
            String kind = text.substring(0, colon).toLowerCase(Locale.ROOT);
            if (kind.equals("collector") || kind.equals("segment")) {
                return new Scope(kind, text.substring(colon + 1));
            }
        }
        throw new IllegalArgumentException("a scope is portfolio, collector:<name> or segment:<risk class>: " + text);
    }
}
