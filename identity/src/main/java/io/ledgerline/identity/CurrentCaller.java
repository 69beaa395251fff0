package io.ledgerline.identity;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashSet;
import java.util.Set;

/**
 * The caller of the request being served. Inject it into a resource and hand {@link #get()} to the service: the
 * service never reads names or roles from a request body.
 */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private Set<String> endpointRoles = Set.of();

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Set by {@link EndpointRoles} from the matched resource method's {@code @RolesAllowed}. */
    void endpointRoles(Set<String> roles) {
        this.endpointRoles = Set.copyOf(roles);
    }

    /** @throws UnauthorizedException (401) when the request carries no valid token */
    public Caller get() {
        if (identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        return from(identity, endpointRoles);
    }

    static Caller from(SecurityIdentity identity, Set<String> endpointRoles) {
        String subject = identity.getPrincipal().getName();
        String name = subject;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            subject = jwt.getSubject() != null ? jwt.getSubject() : jwt.getName();
            String preferred = jwt.getClaim("preferred_username");
            name = preferred != null ? preferred : jwt.getName() != null ? jwt.getName() : subject;
        }
        Set<String> roles = new HashSet<>(identity.getRoles());
        roles.retainAll(Roles.ALL);
        Set<String> used = new HashSet<>(roles);
        used.retainAll(endpointRoles);
        return new Caller(subject, name, roles, used);
    }
}
