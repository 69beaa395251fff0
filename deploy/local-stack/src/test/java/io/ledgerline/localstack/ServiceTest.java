package io.ledgerline.localstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceTest {

    @Test
    void withoutASelectionEveryServiceStarts() {
        assertThat(Service.selection(null)).containsExactly("receivables-service", "credit-service",
                "collections-service", "disputes-service", "reporting-service");
        assertThat(Service.selection(" ")).hasSize(Service.ALL.size());
    }

    @Test
    void aSelectionNamesServicesWithOrWithoutTheirSuffix() {
        assertThat(Service.selection("receivables")).containsExactly("receivables-service");
        assertThat(Service.selection("receivables-service, reporting,")).containsExactly("receivables-service",
                "reporting-service");
    }

    @Test
    void anUnknownNameIsAnErrorNotASmallerStack() {
        assertThatThrownBy(() -> Service.selection("receivables,ledger"))
                .isInstanceOf(StackStartException.class)
                .hasMessageContaining("'ledger'");
    }
}
