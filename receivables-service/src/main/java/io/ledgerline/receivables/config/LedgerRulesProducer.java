package io.ledgerline.receivables.config;

import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.LedgerRules;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's rules as configured: {@code ledgerline.ledger.delinquency-grace-days},
 * {@code ledgerline.ledger.aging-buckets} (bucket limits in days) and
 * {@code ledgerline.ledger.small-balance-tolerance.<CURRENCY>} (automatic write-offs, off unless a currency is set),
 * {@code ledgerline.ledger.small-balance-tolerance-percent} (and at most this share of the invoice, default 100) and
 * {@code ledgerline.write-off.reasons.<CODE>=<customer-facing text>} (the write-off reason catalogue).
 */
public class LedgerRulesProducer {

    private static final String TOLERANCE = "ledgerline.ledger.small-balance-tolerance.";
    private static final String REASONS = "ledgerline.write-off.reasons.";

    @Produces
    @Singleton
    LedgerRules rules(Config config,
                      @ConfigProperty(name = "ledgerline.ledger.delinquency-grace-days", defaultValue = "0") int graceDays,
                      @ConfigProperty(name = "ledgerline.ledger.aging-buckets", defaultValue = "0,30,60,90,120")
                      List<Integer> buckets,
                      @ConfigProperty(name = "ledgerline.ledger.small-balance-tolerance-percent", defaultValue = "100")
                      BigDecimal percent) {
        Map<String, BigDecimal> tolerance = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(TOLERANCE)) {
                tolerance.put(name.substring(TOLERANCE.length()), config.getValue(name, BigDecimal.class));
            }
        }
        Map<String, String> reasons = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(REASONS)) {
                reasons.put(name.substring(REASONS.length()), config.getValue(name, String.class));
            }
        }
        return new LedgerRules(graceDays, tolerance, new Aging.Buckets(buckets), percent, reasons);
    }
}
