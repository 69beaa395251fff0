package io.ledgerline.identity;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The authenticated person or service behind a request, as the token says.
 *
 * @param subject   the token's {@code sub}: stable, unique at the issuer; what four-eyes checks compare
 * @param name      {@code preferred_username} (or {@code upn}, else the subject): what people read in the ledger
 * @param roles     every Ledgerline role the token grants ({@link Roles}); other groups are left out
 * @param rolesUsed the roles that admitted the caller to the endpoint being served (empty outside a request):
 *                  what the audit trail records
 */
public record Caller(String subject, String name, Set<String> roles, Set<String> rolesUsed) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        rolesUsed = Set.copyOf(rolesUsed);
    }

    /** A caller outside a request (tests, scheduled runs acting for someone). */
    public static Caller of(String subject, String name, Collection<String> roles) {
        return new Caller(subject, name, Set.copyOf(roles), Set.of());
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(Collection<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }

    /** Sorted, for events and messages that must read the same every time. */
    public List<String> sortedRoles() {
        return List.copyOf(new TreeSet<>(roles));
    }

    public List<String> sortedRolesUsed() {
        return List.copyOf(new TreeSet<>(rolesUsed));
    }
}
