package io.ledgerline.receivables.it;

import io.ledgerline.identity.Roles;
import io.ledgerline.receivables.rest.AccountResource;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.RoleMatrixTestBase;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

/**
 * receivables-service's role matrix: every endpoint, called with no token, a bad one and each role, answers exactly as
 * its {@code @RolesAllowed} says, and the README's table is the one the code gives. Same test resources as
 * {@link LedgerTestBase}, so the application started for the other integration tests is reused.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
class RoleMatrixTest extends RoleMatrixTestBase {

    @Override
    protected Class<?> restPackageAnchor() {
        return AccountResource.class;
    }

    /** The operators' quarantine endpoint comes from service-support (switched on in application.properties). */
    @Override
    protected List<Class<?>> sharedResourceClasses() {
        return List.of(io.ledgerline.support.QuarantineResource.class);
    }

    @Override
    protected List<String> roles() {
        return Roles.ALL;
    }
}
