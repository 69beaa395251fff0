package io.ledgerline.identity;

import io.ledgerline.identity.probe.ProbeResource;
import io.ledgerline.testsupport.identity.RoleMatrixTestBase;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import java.nio.file.Path;
import java.util.List;

/** The role-matrix base on the probe service: what every service's own matrix test does. */
@QuarkusTest
@WithTestResource(TestIssuerResource.class)
class ProbeRoleMatrixTest extends RoleMatrixTestBase {

    @Override
    protected Class<?> restPackageAnchor() {
        return ProbeResource.class;
    }

    @Override
    protected List<String> roles() {
        return Roles.ALL;
    }

    @Override
    protected Path readme() {
        return Path.of("src/test/resources/probe-role-matrix.md");
    }
}
