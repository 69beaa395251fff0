package io.ledgerline.reporting.it;

import io.ledgerline.identity.Roles;
import io.ledgerline.reporting.rest.AgingResource;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.RoleMatrixTestBase;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.List;

/**
 * reporting-service's role matrix: every endpoint, called with no token, a bad one and each role, answers exactly as
 * its {@code @RolesAllowed} says, and the README's table is the one the code gives. Same resources and profile as
 * {@link ReportingTestBase}, so the application started for the other integration tests is reused.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
class RoleMatrixTest extends RoleMatrixTestBase {

    @Override
    protected Class<?> restPackageAnchor() {
        return AgingResource.class;
    }

    @Override
    protected List<String> roles() {
        return Roles.ALL;
    }

    @Override
    protected String pathValue(String parameter) {
        return "customerId".equals(parameter) ? "C-matrix" : super.pathValue(parameter);
    }
}
