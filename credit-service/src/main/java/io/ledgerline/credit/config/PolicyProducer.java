package io.ledgerline.credit.config;

import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.PolicySettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The credit policy from configuration ({@code ledgerline.credit.*}, application.properties documents every key).
 * A setting that cannot be read stops the service at startup, naming the key.
 */
public class PolicyProducer {

    /** The settings the policy was read from (without the prefix), which a what-if changes some of. */
    public record ActivePolicy(CreditPolicy policy, Map<String, String> settings) {
    }

    @Produces
    @Singleton
    ActivePolicy activePolicy(Config config) {
        Map<String, String> all = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PolicySettings.PREFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(value -> all.put(name, value));
            }
        }
        Map<String, String> settings = PolicySettings.strip(all);
        return new ActivePolicy(PolicySettings.read(settings), Map.copyOf(settings));
    }
}
