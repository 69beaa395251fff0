package io.ledgerline.identity;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.MpJwtValidator;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.Optional;

/**
 * Bearer-token authentication with a cache of verified tokens in front of Quarkus' own verifier
 * ({@link MpJwtValidator}: signature against the JWKS, issuer, audience, expiry, the roles claim).
 *
 * <p>Quarkus asks its identity providers for a bearer token in order of {@link #priority()}; this one comes first.
 * A token it has seen verified and whose lifetime has not ended is answered from {@link VerifiedTokens} on the
 * calling thread (no signature check, no JSON, no hop to a worker thread); any other token is handed to
 * {@code MpJwtValidator} unchanged, and only when that accepts it is the result kept. A token the verifier refuses
 * fails here as it would without the cache (401), and is never kept. With
 * {@code ledgerline.identity.token-cache.enabled=false} this provider steps aside and {@code MpJwtValidator}
 * answers every request itself.
 *
 * <p>Only the verified token (the principal, immutable once parsed) is kept; every request gets its own identity
 * with its own credential and routing context, built as {@code MpJwtValidator} builds it.
 */
@ApplicationScoped
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final MpJwtValidator verifier;
    private final VerifiedTokens tokens;

    @Inject
    public CachedTokenIdentityProvider(MpJwtValidator verifier, JWTAuthContextInfo verification,
                                       MeterRegistry registry,
                                       @ConfigProperty(name = "ledgerline.identity.token-cache.enabled",
                                               defaultValue = "true") boolean enabled,
                                       @ConfigProperty(name = "ledgerline.identity.token-cache.max-size",
                                               defaultValue = "1000") long maxSize,
                                       @ConfigProperty(name = "ledgerline.identity.token-cache.max-age",
                                               defaultValue = "PT5M") Duration maxAge) {
        this.verifier = verifier;
        // The verifier's own window after exp: its clock skew (or the older "expiration grace", which replaces it).
        int skew = verification.getExpGracePeriodSecs() > 0
                ? verification.getExpGracePeriodSecs() : verification.getClockSkew();
        this.tokens = new VerifiedTokens(enabled, maxSize, maxAge, skew, verification.getTokenAge(),
                System::currentTimeMillis);
        if (enabled) {
            FunctionCounter.builder("ledgerline.identity.token.cache.requests", tokens, VerifiedTokens::hits)
                    .tag("result", "hit")
                    .description("Bearer tokens answered from the cache of verified tokens")
                    .register(registry);
            FunctionCounter.builder("ledgerline.identity.token.cache.requests", tokens, VerifiedTokens::misses)
                    .tag("result", "miss")
                    .description("Bearer tokens that went to the verifier (not cached, or expired there)")
                    .register(registry);
            Gauge.builder("ledgerline.identity.token.cache.size", tokens, VerifiedTokens::size)
                    .description("Verified bearer tokens held")
                    .register(registry);
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Ahead of {@code MpJwtValidator}, which keeps the interface's default (providers are asked highest first). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!tokens.enabled() || !(request.getToken() instanceof JsonWebTokenCredential credential)) {
            return Uni.createFrom().nullItem();   // the next provider (MpJwtValidator) answers
        }
        String raw = credential.getToken();
        Optional<JsonWebToken> known = tokens.find(raw);
        if (known.isPresent()) {
            return Uni.createFrom().item(identity(known.get(), request));
        }
        return verifier.authenticate(request, context).invoke(verified -> {
            if (verified != null && verified.getPrincipal() instanceof JsonWebToken token) {
                tokens.remember(raw, token);
            }
        });
    }

    /** The cache, for tests and operators. */
    public VerifiedTokens tokens() {
        return tokens;
    }

    private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(token)
                .addCredential(request.getToken())
                .addRoles(token.getGroups())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) {
            identity.addAttribute(RoutingContext.class.getName(), routing);
        }
        return identity.build();
    }
}
