package io.ledgerline.identity;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.TreeMap;

/** CDI wiring: the configured {@link ApprovalLimits}. */
public class IdentityBeans {

    @Produces
    @Singleton
    ApprovalLimits approvalLimits(Config config) {
        Map<String, String> entries = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(ApprovalLimits.PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(v -> entries.put(name.substring(ApprovalLimits.PREFIX.length()), v));
            }
        }
        return ApprovalLimits.parse(entries);
    }
}
