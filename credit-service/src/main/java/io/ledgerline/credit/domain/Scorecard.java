package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent.AdverseFactor;
import io.ledgerline.events.credit.CreditEvent.FeaturePoints;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An explainable points scorecard: base points, then for each feature the points of the bin its value falls in (or
 * of "missing" when it is unknown). The score picks the risk class; every feature's points are kept, and the
 * features that fell furthest short of their best bin are the adverse factors, in words a customer can be told.
 */
public record Scorecard(String name, int basePoints, List<FeatureBins> features, List<RiskClass> classes,
                        int adverseFactors) {

    public Scorecard {
        Objects.requireNonNull(name, "name");
        features = List.copyOf(features);
        classes = classes.stream().sorted(Comparator.comparingInt(RiskClass::minScore).reversed()).toList();
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a scorecard needs at least one risk class");
        }
    }

    /**
     * One feature's bins: a value up to and including {@code upTo} of the first bin that holds it gets its points; the
     * last bin has no upper bound ({@code upTo} null).
     */
    public record FeatureBins(Feature feature, List<Bin> bins, int missingPoints) {
        public FeatureBins {
            bins = List.copyOf(bins);
            if (bins.isEmpty() || bins.getLast().upTo() != null) {
                throw new IllegalArgumentException(feature.key() + ": the last bin must be open-ended (*)");
            }
            for (int i = 1; i < bins.size() - 1; i++) {
                if (bins.get(i).upTo().compareTo(bins.get(i - 1).upTo()) <= 0) {
                    throw new IllegalArgumentException(feature.key() + ": bin bounds must ascend");
                }
            }
        }

        int bestPoints() {
            return Math.max(missingPoints, bins.stream().mapToInt(Bin::points).max().orElse(0));
        }

        /** The bin a value falls in, and its label ("≤ 5", "5–15", "> 30"). */
        FeaturePoints score(BigDecimal value) {
            if (value == null) {
                return new FeaturePoints(feature.key(), "unknown", "missing", missingPoints);
            }
            for (int i = 0; i < bins.size(); i++) {
                Bin bin = bins.get(i);
                if (bin.upTo() == null || value.compareTo(bin.upTo()) <= 0) {
                    return new FeaturePoints(feature.key(), value.toPlainString(), label(i), bin.points());
                }
            }
            throw new IllegalStateException("unreachable: the last bin is open-ended");
        }

        String label(int i) {
            Bin bin = bins.get(i);
            if (i == 0) {
                return bin.upTo() == null ? "any" : "≤ " + bin.upTo().toPlainString();
            }
            String lower = bins.get(i - 1).upTo().toPlainString();
            return bin.upTo() == null ? "> " + lower : lower + "–" + bin.upTo().toPlainString();
        }
    }

    public record Bin(BigDecimal upTo, int points) {
    }

    /**
     * A risk class: scores of at least {@code minScore} (and below the next class's) fall in it. It sets how often
     * the customer is reviewed and the largest limit recommended (in the policy's base currency), and the share of
     * annual revenue a recommended limit may reach.
     */
    public record RiskClass(String name, int minScore, int reviewMonths, BigDecimal maxLimit,
                            BigDecimal revenueSharePercent) {
    }

    /** A scored application: the score, its class, each feature's points, and the adverse factors. */
    public record Result(String scorecard, int score, RiskClass riskClass, List<FeaturePoints> featurePoints,
                         List<AdverseFactor> adverseFactors) {
    }

    /**
     * "0:40, 5:25, 15:10, 30:-10, *:-40": up to 0 gives 40 points, up to 5 gives 25, ..., above 30 gives -40.
     */
    public static List<Bin> parseBins(String text) {
        List<Bin> bins = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] boundAndPoints = part.trim().split(":");
            if (boundAndPoints.length != 2) {
                throw new IllegalArgumentException("a bin is <upper bound>:<points> or *:<points>, not '" + part.trim() + "'");
            }
            String bound = boundAndPoints[0].trim();
            bins.add(new Bin(bound.equals("*") ? null : new BigDecimal(bound),
                    Integer.parseInt(boundAndPoints[1].trim())));
        }
        return bins;
    }

    public Result score(Map<Feature, BigDecimal> values) {
        int score = basePoints;
        List<FeaturePoints> points = new ArrayList<>();
        List<Shortfall> shortfalls = new ArrayList<>();
        for (FeatureBins bins : features) {
            BigDecimal value = values.get(bins.feature());
            FeaturePoints scored = bins.score(value);
            points.add(scored);
            score += scored.points();
            int shortfall = bins.bestPoints() - scored.points();
            if (shortfall > 0) {
                shortfalls.add(new Shortfall(bins.feature(), value == null, shortfall, shortfalls.size()));
            }
        }
        // Most points lost first; two features missing for the same reason are told once.
        Map<String, AdverseFactor> byText = new java.util.LinkedHashMap<>();
        shortfalls.stream()
                .sorted(Comparator.comparingInt(Shortfall::points).reversed().thenComparingInt(Shortfall::order))
                .map(s -> new AdverseFactor(s.feature().adverseCode(s.missing()),
                        s.missing() ? s.feature().missingText() : s.feature().adverseText()))
                .forEach(factor -> byText.putIfAbsent(factor.text(), factor));
        List<AdverseFactor> adverse = byText.values().stream().limit(adverseFactors).toList();
        return new Result(name, score, classOf(score), points, adverse);
    }

    public RiskClass classOf(int score) {
        for (RiskClass riskClass : classes) {
            if (score >= riskClass.minScore()) {
                return riskClass;
            }
        }
        return classes.getLast();
    }

    public RiskClass riskClass(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * The limit the scorecard recommends for a class: the class's largest limit (converted into the application's
     * currency), no more than its share of the stated annual revenue, rounded down to a hundred.
     */
    public static BigDecimal recommendedLimit(RiskClass riskClass, String currency, BigDecimal annualRevenue, Fx fx) {
        BigDecimal cap = fx.convert(riskClass.maxLimit(), fx.base(), currency).converted();
        if (annualRevenue != null) {
            BigDecimal share = annualRevenue.multiply(riskClass.revenueSharePercent())
                    .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN);
            cap = cap.min(share);
        }
        BigDecimal hundreds = cap.divide(BigDecimal.valueOf(100), 0, RoundingMode.DOWN).multiply(BigDecimal.valueOf(100));
        return Money.scaled(hundreds.max(BigDecimal.ZERO), currency);
    }

    private record Shortfall(Feature feature, boolean missing, int points, int order) {
    }
}
