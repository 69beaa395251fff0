package io.ledgerline.disputes.config;

import io.ledgerline.disputes.domain.BusinessCalendar;
import io.ledgerline.disputes.domain.DeductionDetector;
import io.ledgerline.disputes.domain.DeductionTolerance;
import io.ledgerline.disputes.domain.DisputePolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dispute policy and the deduction tolerance as configured ({@code ledgerline.disputes.*}, see
 * application.properties). A malformed setting fails the start with a message that names it.
 */
public class DisputePolicyProducer {

    private static final String REASONS = "ledgerline.disputes.reasons.";
    private static final String TOLERANCE = "ledgerline.disputes.deductions.tolerance.";
    private static final String APPROVAL = "ledgerline.disputes.approval.above.";

    @Produces
    @Singleton
    DisputePolicy policy(Config config,
                         @ConfigProperty(name = "ledgerline.disputes.deductions.reason", defaultValue = "SHORT_PAYMENT") String deductionReason,
                         @ConfigProperty(name = "ledgerline.disputes.assignment.rules") Optional<List<String>> rules,
                         @ConfigProperty(name = "ledgerline.disputes.assignment.default-owner", defaultValue = "dispute-desk") String defaultOwner,
                         @ConfigProperty(name = "ledgerline.disputes.calendar.holidays") Optional<List<LocalDate>> holidays,
                         @ConfigProperty(name = "ledgerline.disputes.escalate-to", defaultValue = "dispute-leads") String escalateTo) {
        Map<String, Integer> reasons = new TreeMap<>();
        Map<String, BigDecimal> approval = new TreeMap<>();
        BigDecimal defaultApproval = new BigDecimal("1000");
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(REASONS)) {
                reasons.put(name.substring(REASONS.length()), config.getValue(name, Integer.class));
            } else if (name.startsWith(APPROVAL)) {
                String currency = name.substring(APPROVAL.length());
                BigDecimal limit = config.getValue(name, BigDecimal.class);
                if ("default".equals(currency)) {
                    defaultApproval = limit;
                } else {
                    approval.put(currency, limit);
                }
            }
        }
        if (reasons.isEmpty()) {
            throw new IllegalStateException("no reason codes configured: set " + REASONS + "<CODE>=<SLA business days>");
        }
        List<DisputePolicy.AssignmentRule> assignment = new ArrayList<>();
        for (String rule : rules.orElse(List.of())) {
            String[] parts = rule.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalStateException("ledgerline.disputes.assignment.rules: '" + rule
                        + "' is not REASON:MIN_AMOUNT:OWNER");
            }
            assignment.add(new DisputePolicy.AssignmentRule(parts[0].trim(), new BigDecimal(parts[1].trim()),
                    parts[2].trim()));
        }
        Set<LocalDate> days = new HashSet<>(holidays.orElse(List.of()));
        return new DisputePolicy(reasons, deductionReason, assignment, defaultOwner, approval, defaultApproval,
                escalateTo, new BusinessCalendar(days));
    }

    @Produces
    @Singleton
    DeductionTolerance tolerance(Config config) {
        Map<String, DeductionTolerance.Limit> limits = new TreeMap<>();
        DeductionTolerance.Limit fallback = new DeductionTolerance.Limit(BigDecimal.ZERO, null);
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(TOLERANCE)) {
                String currency = name.substring(TOLERANCE.length());
                DeductionTolerance.Limit limit;
                try {
                    limit = DeductionTolerance.Limit.parse(config.getValue(name, String.class));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(name + ": " + e.getMessage() + " (an amount such as 5.00 or a share such as 1%)");
                }
                if ("default".equals(currency)) {
                    fallback = limit;
                } else {
                    limits.put(currency, limit);
                }
            }
        }
        return new DeductionTolerance(limits, fallback);
    }

    @Produces
    @Singleton
    DeductionDetector detector(DeductionTolerance tolerance) {
        return new DeductionDetector(tolerance);
    }
}
