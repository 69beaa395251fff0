package io.ledgerline.identity;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalLimitsTest {

    private final ApprovalLimits limits = ApprovalLimits.parse(Map.of(
            "write-off.ar-clerk", "100",
            "write-off.supervisor", "10000",
            "write-off.supervisor.JPY", "1500000",
            "credit-limit.credit-analyst", "50000"));

    @Test
    void aCallerMayDoAloneUpToTheHighestLimitOfTheirRoles() {
        Caller clerk = Caller.of("u-1", "kim", List.of(Roles.AR_CLERK));
        Caller both = Caller.of("u-2", "alex", List.of(Roles.AR_CLERK, Roles.SUPERVISOR));
        assertThat(limits.allows("write-off", clerk, new BigDecimal("100.00"), "EUR")).isTrue();
        assertThat(limits.allows("write-off", clerk, new BigDecimal("100.01"), "EUR")).isFalse();
        assertThat(limits.allows("write-off", both, new BigDecimal("10000"), "EUR")).isTrue();
        assertThat(limits.allows("write-off", both, new BigDecimal("10000.01"), "EUR")).isFalse();
    }

    @Test
    void aRoleWithoutALimitMayNotActAlone() {
        Caller auditor = Caller.of("u-3", "pat", List.of(Roles.AUDITOR));
        assertThat(limits.limitOf("write-off", auditor, "EUR")).isEqualByComparingTo("0");
        assertThat(limits.allows("write-off", auditor, new BigDecimal("0.01"), "EUR")).isFalse();
        assertThat(limits.limitOf("unknown-action", Roles.SUPERVISOR, "EUR")).isEqualByComparingTo("0");
    }

    @Test
    void aCurrencyOfItsOwnWinsOverThePlainLimit() {
        assertThat(limits.limitOf("write-off", Roles.SUPERVISOR, "JPY")).isEqualByComparingTo("1500000");
        assertThat(limits.limitOf("write-off", Roles.SUPERVISOR, "EUR")).isEqualByComparingTo("10000");
        assertThat(limits.topLimit("write-off", "EUR")).isEqualByComparingTo("10000");
        assertThat(limits.topLimit("write-off", "JPY")).isEqualByComparingTo("1500000");
    }

    @Test
    void malformedEntriesFailAtStartup() {
        assertThatThrownBy(() -> ApprovalLimits.parse(Map.of("write-off", "100")))
                .hasMessageContaining("ledgerline.limits.write-off");
        assertThatThrownBy(() -> ApprovalLimits.parse(Map.of("write-off.ar-clerk", "lots")))
                .hasMessageContaining("not an amount");
        assertThatThrownBy(() -> ApprovalLimits.parse(Map.of("write-off.ar-clerk", "-1")))
                .hasMessageContaining("negative");
    }
}
