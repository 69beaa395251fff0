package io.ledgerline.collections.domain;

import io.ledgerline.collections.domain.Policy.Action;
import io.ledgerline.collections.domain.Policy.ContactPack;
import io.ledgerline.collections.domain.Policy.Level;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The policy the domain tests decide under: the same shape as the service's default configuration. */
public final class Policies {

    private Policies() {
    }

    public static Policy standard() {
        return standard(new BigDecimal("90"), 3);
    }

    public static Policy standard(BigDecimal thresholdPercent, int promiseGraceDays) {
        Policy.Strategy standard = new Policy.Strategy("standard", List.of(
                new Level(1, "reminder", 1, Set.of(Action.EMAIL), "reminder", null, null),
                new Level(2, "second notice", 15, Set.of(Action.EMAIL, Action.CALL), "second-notice", null, null),
                new Level(3, "final demand", 30, Set.of(Action.EMAIL, Action.LETTER), "final-demand", "escalation", null),
                new Level(4, "escalation", 60, Set.of(Action.ESCALATE_AGENCY, Action.PROPOSE_WRITE_OFF), "final-demand",
                        null, "Inkasso Nord GmbH")));
        Policy.Strategy consumer = new Policy.Strategy("us-consumer", List.of(
                new Level(1, "reminder", 5, Set.of(Action.LETTER), "reminder", null, null),
                new Level(2, "final demand", 45, Set.of(Action.LETTER), "final-demand", null, null)));
        return new Policy(Map.of("standard", standard, "us-consumer", consumer),
                List.of(new Policy.Segment("us-consumer", Set.of("US"), Set.of(), null, null, "us-consumer",
                                ContactPack.US_REG_F),
                        // Customers with no risk class yet (most tests) must pass this one by, not fail on it.
                        new Policy.Segment("high-risk", Set.of(), Set.of("D", "E"), null, null, "standard",
                                ContactPack.B2B_DEFAULT),
                        new Policy.Segment("b2b", Set.of(), Set.of(), null, null, "standard", ContactPack.B2B_DEFAULT)),
                new Policy.PromiseRules(promiseGraceDays, thresholdPercent, 60),
                new Policy.PlanRules(5, 2),
                new Policy.ContactRuleSettings(LocalTime.of(8, 0), LocalTime.of(18, 0),
                        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), 3, ZoneOffset.UTC),
                Duration.ofHours(24),
                Set.of("HARDSHIP", "LEGAL", "BANKRUPTCY", "CUSTOMER_QUERY", "OTHER"),
                new Policy.Letters(Map.of("DE", "de", "AT", "de", "FR", "fr"), Set.of("en", "de", "fr"), "en",
                        "accounts-payable"));
    }
}
