package io.ledgerline.collections.config;

import io.ledgerline.collections.domain.Policy;
import io.ledgerline.collections.domain.WorklistScore;
import io.ledgerline.collections.domain.Portfolio;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns {@code ledgerline.collections.*} into the plain values the deciders and queries read; bad config fails startup. */
public class PolicyProducer {

    @Produces
    @Singleton
    Policy policy(CollectionsConfig config) {
        Map<String, Policy.Strategy> strategies = new LinkedHashMap<>();
        config.strategies().forEach((name, strategy) -> {
            List<Policy.Level> levels = new ArrayList<>();
            List<CollectionsConfig.LevelConfig> configured = strategy.levels().stream()
                    .sorted(java.util.Comparator.comparingInt(CollectionsConfig.LevelConfig::days)).toList();
            for (int i = 0; i < configured.size(); i++) {
                CollectionsConfig.LevelConfig level = configured.get(i);
                levels.add(new Policy.Level(i + 1, level.name(), level.days(), level.actions(), level.template(),
                        level.recipientRole().orElse(null), level.handedTo().orElse(null)));
            }
            strategies.put(name, new Policy.Strategy(name, levels));
        });
        List<Policy.Segment> segments = config.segments().stream().map(s -> new Policy.Segment(s.name(),
                s.countries().orElse(Set.of()), s.riskClasses().orElse(Set.of()), s.minPastDue().orElse(null),
                s.maxPastDue().orElse(null), s.strategy(), s.contactRules())).toList();
        CollectionsConfig.ContactRulesConfig rules = config.contactRules();
        CollectionsConfig.LettersConfig letters = config.letters();
        return new Policy(strategies, segments,
                new Policy.PromiseRules(config.promises().graceDays(), config.promises().thresholdPercent(),
                        config.promises().maxDaysAhead()),
                new Policy.PlanRules(config.plans().graceDays(), config.plans().maxMissed()),
                new Policy.ContactRuleSettings(rules.businessStart(), rules.businessEnd(), rules.businessDays(),
                        rules.b2bCallsPerWeek(), rules.defaultZone()),
                config.inquiryResponseTime(), config.holdReasons(),
                new Policy.Letters(letters.languages(), letters.available(), letters.defaultLanguage(),
                        letters.defaultRecipientRole()));
    }

    @Produces
    @Singleton
    WorklistScore.Weights weights(CollectionsConfig config) {
        CollectionsConfig.WorklistConfig w = config.worklist();
        return new WorklistScore.Weights(w.amount(), w.days(), w.risk(), w.brokenPromise(), w.promiseDueToday(),
                w.sinceContact(), w.contactDaysCap(), w.inquiryOverdue(), w.inquiryOpen(), w.callTask());
    }

    @Produces
    @Singleton
    Portfolio portfolio(CollectionsConfig config, Policy policy) {
        List<Portfolio.Rule> rules = config.assignment().rules().stream().map(r -> new Portfolio.Rule(r.name(),
                r.segments().orElse(Set.of()), r.countries().orElse(Set.of()), r.minPastDue().orElse(null),
                r.maxPastDue().orElse(null), r.collectors())).toList();
        return new Portfolio(rules, config.assignment().defaultCapacity(), config.assignment().capacities(), policy);
    }
}
