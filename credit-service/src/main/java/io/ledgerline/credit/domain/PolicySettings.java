package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent.CheckOutcome;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a {@link CreditPolicy} from flat settings, the keys of {@code application.properties} below
 * {@code ledgerline.credit.} (e.g. {@code scorecard.feature.bureau-score.bins}). The service reads its policy this way,
 * and a what-if reads a proposed one the same way: the current settings with some keys changed. Every problem names
 * the key.
 */
public final class PolicySettings {

    public static final String PREFIX = "ledgerline.credit.";

    private final Map<String, String> settings;
    /** The keys the policy was read from. */
    private final Set<String> read = new java.util.HashSet<>();

    private PolicySettings(Map<String, String> settings) {
        this.settings = settings;
    }

    /** A setting that cannot be read, naming its key. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final String key;

        InvalidSetting(String key, String message) {
            super(PREFIX + key + ": " + message);
            this.key = PREFIX + key;
        }

        public String key() {
            return key;
        }
    }

    /** @param settings keys without the {@code ledgerline.credit.} prefix */
    public static CreditPolicy read(Map<String, String> settings) {
        return new PolicySettings(new TreeMap<>(settings)).policy();
    }

    /**
     * Reads the policy like {@link #read(Map)}, and refuses any of {@code changed} that no part of the policy reads: a
     * misspelt key ({@code rules.past-due.dayz}) would otherwise be accepted and change nothing.
     *
     * @param changed keys without the prefix
     */
    public static CreditPolicy read(Map<String, String> settings, Set<String> changed) {
        PolicySettings reader = new PolicySettings(new TreeMap<>(settings));
        CreditPolicy policy = reader.policy();
        for (String key : new java.util.TreeSet<>(changed)) {
            if (!reader.read.contains(key)) {
                throw new InvalidSetting(key, "is not a setting of the credit policy");
            }
        }
        return policy;
    }

    /** Keeps the settings of a full property map that belong to the policy, without their prefix. */
    public static Map<String, String> strip(Map<String, String> properties) {
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                settings.put(key.substring(PREFIX.length()), value);
            }
        });
        return settings;
    }

    private CreditPolicy policy() {
        Fx fx = new Fx(text("fx.base"), date("fx.rate-date"), pairs("fx.rates", true));
        return new CreditPolicy(text("policy.name"), scorecard(), fx, decisions(), rules(), orders(),
                bool("exposure.exclude-disputed"));
    }

    private Scorecard scorecard() {
        List<Scorecard.FeatureBins> features = new ArrayList<>();
        for (String key : list("scorecard.features")) {
            Feature feature;
            try {
                feature = Feature.ofKey(key);
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting("scorecard.features", e.getMessage());
            }
            String prefix = "scorecard.feature." + key + ".";
            List<Scorecard.Bin> bins;
            try {
                bins = Scorecard.parseBins(text(prefix + "bins"));
                features.add(new Scorecard.FeatureBins(feature, bins, integer(prefix + "missing")));
            } catch (InvalidSetting e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(prefix + "bins", e.getMessage());
            }
        }
        List<Scorecard.RiskClass> classes = new ArrayList<>();
        for (String name : list("scorecard.classes")) {
            String prefix = "scorecard.class." + name + ".";
            classes.add(new Scorecard.RiskClass(name, integer(prefix + "min-score"), integer(prefix + "review-months"),
                    decimal(prefix + "max-limit"), decimal(prefix + "revenue-share")));
        }
        if (classes.isEmpty()) {
            throw new InvalidSetting("scorecard.classes", "name at least one risk class");
        }
        return new Scorecard(text("scorecard.name"), integer("scorecard.base-points"), features, classes,
                integer("scorecard.adverse-factors"));
    }

    private CreditPolicy.Decisions decisions() {
        return new CreditPolicy.Decisions(decimal("decisions.four-eyes-amount"), decimal("decisions.auto-approve-max"),
                new LinkedHashSet<>(list("decisions.auto-approve-classes")),
                new LinkedHashSet<>(list("decisions.auto-decline-classes")));
    }

    private CreditPolicy.Rules rules() {
        return new CreditPolicy.Rules(rulesOf("rules.enabled"), integer("rules.past-due.days"),
                decimal("rules.past-due.min-amount"), pairs("rules.past-due.max-share", false),
                decimal("rules.past-due.unrated-max-share"), decimal("rules.over-limit.tolerance"),
                rulesOf("rules.release-on-cure"), integer("rules.analyst-override-days"));
    }

    private CreditPolicy.Orders orders() {
        String withoutLimit = text("orders.without-limit");
        try {
            return new CreditPolicy.Orders(integer("orders.expiry-days"), CheckOutcome.valueOf(withoutLimit));
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("orders.without-limit", "must be REJECTED or HELD, is " + withoutLimit);
        }
    }

    private Set<BlockingRule> rulesOf(String key) {
        Set<BlockingRule> rules = EnumSet.noneOf(BlockingRule.class);
        for (String name : list(key)) {
            try {
                rules.add(BlockingRule.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidSetting(key, name + " is no blocking rule; known: "
                        + Arrays.toString(BlockingRule.values()));
            }
        }
        return rules;
    }

    private String text(String key) {
        read.add(key);
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new InvalidSetting(key, "is required");
        }
        return value.trim();
    }

    private List<String> list(String key) {
        read.add(key);
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, "must be a whole number, is " + settings.get(key));
        }
    }

    private BigDecimal decimal(String key) {
        try {
            return new BigDecimal(text(key));
        } catch (NumberFormatException e) {
            throw new InvalidSetting(key, "must be a decimal number, is " + settings.get(key));
        }
    }

    private boolean bool(String key) {
        String value = text(key);
        if (!value.equals("true") && !value.equals("false")) {
            throw new InvalidSetting(key, "must be true or false, is " + value);
        }
        return Boolean.parseBoolean(value);
    }

    private LocalDate date(String key) {
        try {
            return LocalDate.parse(text(key));
        } catch (java.time.DateTimeException e) {
            throw new InvalidSetting(key, "must be a date YYYY-MM-DD, is " + settings.get(key));
        }
    }

    /** "USD:0.92, GBP:1.17" → {USD=0.92, GBP=1.17}. */
    private Map<String, BigDecimal> pairs(String key, boolean optional) {
        Map<String, BigDecimal> pairs = new LinkedHashMap<>();
        for (String pair : list(key)) {
            String[] parts = pair.split(":");
            try {
                pairs.put(parts[0].trim(), new BigDecimal(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new InvalidSetting(key, "'" + pair + "' is not <name>:<number>");
            }
        }
        if (pairs.isEmpty() && !optional) {
            throw new InvalidSetting(key, "is required");
        }
        return pairs;
    }
}
