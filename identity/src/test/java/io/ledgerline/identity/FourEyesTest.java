package io.ledgerline.identity;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FourEyesTest {

    private static final List<String> APPROVERS = List.of(Roles.SUPERVISOR, Roles.CREDIT_MANAGER);

    @Test
    void theRequesterCannotApproveTheirOwnRequestWhateverTheirRole() {
        Caller sam = Caller.of("u-1", "sam", List.of(Roles.SUPERVISOR, Roles.CREDIT_MANAGER));
        assertThatThrownBy(() -> FourEyes.requireApproval("u-1", sam, APPROVERS))
                .isInstanceOf(AccessRefused.class).extracting("code").isEqualTo("SAME_PERSON");
    }

    @Test
    void anotherPersonNeedsAnApprovingRole() {
        Caller kim = Caller.of("u-2", "kim", List.of(Roles.AR_CLERK));
        assertThatThrownBy(() -> FourEyes.requireApproval("u-1", kim, APPROVERS))
                .isInstanceOf(AccessRefused.class).extracting("code").isEqualTo("ROLE_REQUIRED");
    }

    @Test
    void peopleAreComparedBySubjectNotByName() {
        Caller otherSam = Caller.of("u-9", "sam", List.of(Roles.SUPERVISOR));
        assertThatCode(() -> FourEyes.requireApproval("u-1", otherSam, APPROVERS)).doesNotThrowAnyException();
    }
}
