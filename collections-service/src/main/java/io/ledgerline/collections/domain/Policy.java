package io.ledgerline.collections.domain;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a collections team configures, as plain values the deciders read: dunning strategies and the segments
 * that choose them, promise and plan rules, contact rules, the inquiry SLA, the hold-reason catalogue and letters.
 * Built from {@code ledgerline.collections.*} by the config layer; tests build it directly.
 */
public record Policy(Map<String, Strategy> strategies, List<Segment> segments, PromiseRules promises,
                     PlanRules plans, ContactRuleSettings contactRules, Duration inquiryResponseTime,
                     Set<String> holdReasons, Letters letters) {

    public Policy {
        strategies = Map.copyOf(strategies);
        segments = List.copyOf(segments);
        holdReasons = Set.copyOf(holdReasons);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("at least one customer segment is needed (the last one usually matches all)");
        }
        for (Segment segment : segments) {
            if (!strategies.containsKey(segment.strategy())) {
                throw new IllegalArgumentException("segment " + segment.name() + " names strategy "
                        + segment.strategy() + ", which is not configured");
            }
        }
    }

    /** The first segment whose criteria the customer meets; an empty criterion matches anyone. */
    public Segment segmentOf(String countryCode, String riskClass, BigDecimal pastDue) {
        return segments.stream().filter(s -> s.matches(countryCode, riskClass, pastDue)).findFirst()
                .orElse(segments.getLast());
    }

    public Strategy strategy(String name) {
        Strategy strategy = strategies.get(name);
        if (strategy == null) {
            throw new IllegalStateException("strategy " + name + " is no longer configured");
        }
        return strategy;
    }

    /** What a level does. Letters and e-mails are documents; a call is a task on the collector's worklist. */
    public enum Action { LETTER, EMAIL, CALL, ESCALATE_AGENCY, ESCALATE_LEGAL, PROPOSE_WRITE_OFF }

    /** The policy pack of contact rules a segment is held to. */
    public enum ContactPack { B2B_DEFAULT, US_REG_F }

    /**
     * A dunning strategy: levels reached by days past due, in order. {@code template} names the letter template
     * (per language), {@code recipientRole} the contact role the letter goes to, {@code handedTo} the agency or
     * lawyer an escalation level hands the account to.
     */
    public record Strategy(String name, List<Level> levels) {
        public Strategy {
            levels = levels.stream().sorted(Comparator.comparingInt(Level::days)).toList();
            for (int i = 0; i < levels.size(); i++) {
                if (levels.get(i).number() != i + 1) {
                    throw new IllegalArgumentException("strategy " + name + ": levels are numbered 1.. in order of days");
                }
            }
        }

        /** The highest level whose days past due are reached, if any. */
        public Optional<Level> levelFor(int daysPastDue) {
            Level reached = null;
            for (Level level : levels) {
                if (daysPastDue >= level.days()) {
                    reached = level;
                }
            }
            return Optional.ofNullable(reached);
        }

        public Level level(int number) {
            return levels.get(number - 1);
        }

        public boolean isLast(int number) {
            return number == levels.size();
        }
    }

    public record Level(int number, String name, int days, Set<Action> actions, String template,
                        String recipientRole, String handedTo) {
        public Level {
            actions = Set.copyOf(actions);
        }

        public boolean writes() {
            return actions.contains(Action.LETTER) || actions.contains(Action.EMAIL);
        }
    }

    /** Customers of a segment get its strategy and contact-rule pack. Empty criteria match everyone. */
    public record Segment(String name, Set<String> countries, Set<String> riskClasses, BigDecimal minPastDue,
                          BigDecimal maxPastDue, String strategy, ContactPack contactPack) {
        public Segment {
            countries = Set.copyOf(countries);
            riskClasses = Set.copyOf(riskClasses);
        }

        boolean matches(String countryCode, String riskClass, BigDecimal pastDue) {
            // Immutable sets refuse contains(null): an unknown country or risk class matches only "any".
            return (countries.isEmpty() || (countryCode != null && countries.contains(countryCode)))
                    && (riskClasses.isEmpty() || (riskClass != null && riskClasses.contains(riskClass)))
                    && (minPastDue == null || pastDue.compareTo(minPastDue) >= 0)
                    && (maxPastDue == null || pastDue.compareTo(maxPastDue) < 0);
        }
    }

    /** A promise is kept when at least {@code thresholdPercent} of it is paid by its due date + {@code graceDays}. */
    public record PromiseRules(int graceDays, BigDecimal thresholdPercent, int maxDaysAhead) {
    }

    /** An instalment is missed when not paid in full by its due date + grace; the plan breaks after maxMissed. */
    public record PlanRules(int graceDays, int maxMissed) {
    }

    /** Settings of the contact-rule packs. */
    public record ContactRuleSettings(LocalTime businessStart, LocalTime businessEnd, Set<DayOfWeek> businessDays,
                                      int b2bCallsPerWeek, ZoneId defaultZone) {
        public ContactRuleSettings {
            businessDays = Set.copyOf(businessDays);
        }
    }

    /** Letters: the language of each country (else the default) among those with templates. */
    public record Letters(Map<String, String> languageByCountry, Set<String> languages, String defaultLanguage,
                          String defaultRecipientRole) {
        public Letters {
            languageByCountry = Map.copyOf(languageByCountry);
            languages = Set.copyOf(languages);
        }

        public String languageFor(String countryCode) {
            String language = countryCode == null ? null : languageByCountry.get(countryCode);
            return language != null && languages.contains(language) ? language : defaultLanguage;
        }
    }
}
