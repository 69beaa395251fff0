package io.ledgerline.identity;

import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.TreeSet;

/**
 * 401 and 403 as problem+json for every service that depends on this library. Works because authentication is not
 * proactive ({@code quarkus.http.auth.proactive=false}, a default of this library): a bad token fails inside the
 * REST layer, where these mappers see it, instead of before it.
 */
public class SecurityProblemMappers {

    private final SecurityIdentity identity;

    public SecurityProblemMappers(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response noToken(UnauthorizedException e) {
        return SecurityProblem.unauthorized("AUTHENTICATION_REQUIRED",
                "this endpoint needs a bearer token (Authorization: Bearer <token>) from the configured issuer")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        return SecurityProblem.unauthorized("INVALID_TOKEN", "the bearer token was not accepted: it is expired, not"
                + " yet valid, for another audience, from another issuer, or its signature does not verify").toResponse();
    }

    @ServerExceptionMapper
    public Response badTokenLate(AuthenticationCompletionException e) {
        return badToken(new AuthenticationFailedException());
    }

    @ServerExceptionMapper
    public Response missingRole(ForbiddenException e, ResourceInfo resource) {
        List<String> required = EndpointRoles.of(resource);
        TreeSet<String> held = new TreeSet<>(identity.getRoles());
        held.retainAll(Roles.ALL);
        String detail = required.isEmpty()
                ? "this endpoint is not open to any role"
                : "this endpoint needs one of the roles " + required + "; the token grants " + held;
        return SecurityProblem.forbidden("ROLE_REQUIRED", detail, required).toResponse();
    }

    @ServerExceptionMapper
    public Response refused(AccessRefused e) {
        return SecurityProblem.forbidden(e.code(), e.getMessage(), e.requiredRoles()).toResponse();
    }
}
