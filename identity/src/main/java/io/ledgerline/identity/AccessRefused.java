package io.ledgerline.identity;

import java.util.List;

/**
 * A 403 decided by a service's own rules rather than by an endpoint's {@code @RolesAllowed}: an amount above the
 * caller's limit, an approval by the requester themselves, a rule that asks for a particular role. Answered as
 * problem+json with {@code code} and, when a role would have allowed it, {@code requiredRoles}.
 */
public class AccessRefused extends RuntimeException {

    private final String code;
    private final List<String> requiredRoles;

    public AccessRefused(String code, String detail, List<String> requiredRoles) {
        super(detail, null, false, false);
        this.code = code;
        this.requiredRoles = List.copyOf(requiredRoles);
    }

    /** The caller lacks every one of {@code roles}. */
    public static AccessRefused missingRole(String detail, List<String> roles) {
        return new AccessRefused("ROLE_REQUIRED", detail, roles);
    }

    public String code() {
        return code;
    }

    public List<String> requiredRoles() {
        return requiredRoles;
    }
}
