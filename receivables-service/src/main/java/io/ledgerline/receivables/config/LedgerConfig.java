package io.ledgerline.receivables.config;

import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.LedgerRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The ledger's rules as configured: {@code ledgerline.ledger.delinquency-grace-days},
 * {@code ledgerline.ledger.small-balance-tolerance.<CURRENCY>} (off unless set) and
 * {@code ledgerline.ledger.aging-buckets} (bucket limits in days).
 */
@ConfigMapping(prefix = "ledgerline.ledger")
public interface LedgerConfig {

    @WithDefault("0")
    int delinquencyGraceDays();

    @WithDefaults
    Map<String, BigDecimal> smallBalanceTolerance();

    @WithDefault("0,30,60,90,120")
    List<Integer> agingBuckets();

    class Rules {
        @Produces
        @Singleton
        LedgerRules rules(LedgerConfig config) {
            return new LedgerRules(config.delinquencyGraceDays(), config.smallBalanceTolerance(),
                    new Aging.Buckets(config.agingBuckets()));
        }
    }
}
