package io.ledgerline.support;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProblemTest {

    record Instalment(BigDecimal amount) {
    }

    record Plan(List<Instalment> instalments) {
    }

    @Test
    void aWrongValueIsNamedByItsPathAsAFrontEndWouldNameTheField() {
        assertThatThrownBy(() -> new ObjectMapper().readValue(
                "{\"instalments\":[{\"amount\":\"1.00\"},{\"amount\":\"lots\"}]}", Plan.class))
                .isInstanceOfSatisfying(JsonMappingException.class,
                        e -> assertThat(ProblemMappers.fieldPath(e)).isEqualTo("instalments[1].amount"));
    }

    @Test
    void aProblemTypeIsDerivedFromItsStableCode() {
        Problem problem = Problem.of(422, "Unprocessable Content", "AMOUNT_EXCEEDS_OPEN_AMOUNT", "too much");

        assertThat(problem.type()).hasToString("https://ledgerline.io/problems/amount-exceeds-open-amount");
        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.toResponse().getMediaType()).hasToString(Problem.MEDIA_TYPE);
    }

    @Test
    void invalidFieldsListEveryFieldAndLeadWithTheFirst() {
        Problem problem = Problem.invalidFields(List.of(
                new Problem.FieldError("amount", "REQUIRED", "amount is required"),
                new Problem.FieldError("currency", "INVALID_CURRENCY", "XYZ is no ISO 4217 currency")));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo("REQUIRED");
        assertThat(problem.errors()).extracting(Problem.FieldError::field).containsExactly("amount", "currency");
    }
}
