package io.ledgerline.testsupport.identity;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a Quarkus application under test at the JVM's {@link TestIssuer}: issuer, audience and JWKS address, the
 * same three settings a deployment gives for its real identity provider.
 */
public class TestIssuerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestIssuer issuer = TestIssuer.shared();
        return Map.of(
                "mp.jwt.verify.issuer", issuer.url(),
                "mp.jwt.verify.publickey.location", issuer.jwksUrl(),
                "mp.jwt.verify.audiences", TestIssuer.AUDIENCE);
    }

    @Override
    public void stop() {
        // Shared for the whole JVM; stopped by its shutdown hook.
    }
}
