package io.ledgerline.collections.config;

import io.ledgerline.collections.domain.Policy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code ledgerline.collections.*}: everything a collections team configures (application.properties says more). */
@ConfigMapping(prefix = "ledgerline.collections")
public interface CollectionsConfig {

    /** Dunning strategies by name. */
    Map<String, StrategyConfig> strategies();

    /** Customer segments in order: the first that matches chooses the strategy and the contact-rule pack. */
    List<SegmentConfig> segments();

    PromiseConfig promises();

    PlanConfig plans();

    ContactRulesConfig contactRules();

    /** How long a customer inquiry may wait for an answer. */
    @WithDefault("24h")
    Duration inquiryResponseTime();

    /** The reasons a collector may pause dunning for (disputes, promises and plans pause it by themselves). */
    @WithDefault("HARDSHIP,LEGAL,BANKRUPTCY,DECEASED,CUSTOMER_QUERY,OTHER")
    Set<String> holdReasons();

    LettersConfig letters();

    WorklistConfig worklist();

    AssignmentConfig assignment();

    /** The daily run (its cron, or "off") and how many customers one transaction decides. */
    RunConfig run();

    MailConfig mail();

    BouncesConfig bounces();

    MetricsConfig metrics();

    interface RunConfig {
        String dailyCron();

        @WithDefault("250")
        int pageSize();

        /** How often customers with an open inquiry are run for today, so an SLA breach shows within that time. */
        @WithDefault("15m")
        String slaEvery();
    }

    interface MetricsConfig {
        /** How often the outbox and projection lag gauges are counted. */
        @WithDefault("30s")
        String lagEvery();
    }

    interface MailConfig {
        /** How often the mail outbox looks for letters to e-mail. */
        @WithDefault("2s")
        String pollInterval();
    }

    interface BouncesConfig {
        @WithDefault("30s")
        String pollInterval();

        ImapConfig imap();
    }

    /** The bounce mailbox; reading it is off while {@code host} is unset. */
    interface ImapConfig {
        Optional<String> host();

        @WithDefault("143")
        int port();

        @WithDefault("bounces")
        String user();

        @WithDefault("bounces")
        String password();
    }

    interface StrategyConfig {
        List<LevelConfig> levels();
    }

    interface LevelConfig {
        String name();

        int days();

        Set<Policy.Action> actions();

        @WithDefault("reminder")
        String template();

        Optional<String> recipientRole();

        Optional<String> handedTo();
    }

    interface SegmentConfig {
        String name();

        Optional<Set<String>> countries();

        Optional<Set<String>> riskClasses();

        Optional<BigDecimal> minPastDue();

        Optional<BigDecimal> maxPastDue();

        String strategy();

        @WithDefault("B2B_DEFAULT")
        Policy.ContactPack contactRules();
    }

    interface PromiseConfig {
        @WithDefault("3")
        int graceDays();

        @WithDefault("90")
        BigDecimal thresholdPercent();

        @WithDefault("60")
        int maxDaysAhead();
    }

    interface PlanConfig {
        @WithDefault("5")
        int graceDays();

        @WithDefault("2")
        int maxMissed();
    }

    interface ContactRulesConfig {
        @WithDefault("08:00")
        LocalTime businessStart();

        @WithDefault("18:00")
        LocalTime businessEnd();

        @WithDefault("MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY")
        Set<DayOfWeek> businessDays();

        @WithDefault("3")
        int b2bCallsPerWeek();

        /** The debtor's zone when the customer has none. */
        @WithDefault("UTC")
        ZoneId defaultZone();
    }

    interface LettersConfig {
        /** Language of the letters per country code; other countries get the default. */
        Map<String, String> languages();

        @WithDefault("en")
        String defaultLanguage();

        /** Languages with templates (templates/letters/<template>_<language>.html). */
        @WithDefault("en,de,fr")
        Set<String> available();

        @WithDefault("accounts-payable")
        String defaultRecipientRole();

        /** The sender of dunning e-mails. */
        @WithDefault("collections@ledgerline.local")
        String from();

        /** Where bounce reports go (the envelope sender), read back by the bounce mailbox. */
        @WithDefault("bounces@ledgerline.local")
        String bounceAddress();
    }

    /** The score's weights (see WorklistScore). */
    interface WorklistConfig {
        @WithDefault("10")
        BigDecimal amount();

        @WithDefault("0.5")
        BigDecimal days();

        Map<String, BigDecimal> risk();

        @WithDefault("15")
        BigDecimal brokenPromise();

        @WithDefault("25")
        BigDecimal promiseDueToday();

        @WithDefault("1")
        BigDecimal sinceContact();

        @WithDefault("30")
        int contactDaysCap();

        @WithDefault("40")
        BigDecimal inquiryOverdue();

        @WithDefault("20")
        BigDecimal inquiryOpen();

        @WithDefault("10")
        BigDecimal callTask();
    }

    /** Portfolio rules: the first that matches a new case names the collectors it may go to. */
    interface AssignmentConfig {
        List<PortfolioRuleConfig> rules();

        /** Open cases a collector can hold, unless {@code capacities} names another number for them. */
        @WithDefault("200")
        int defaultCapacity();

        Map<String, Integer> capacities();
    }

    interface PortfolioRuleConfig {
        String name();

        Optional<Set<String>> segments();

        Optional<Set<String>> countries();

        Optional<BigDecimal> minPastDue();

        Optional<BigDecimal> maxPastDue();

        List<String> collectors();
    }
}
