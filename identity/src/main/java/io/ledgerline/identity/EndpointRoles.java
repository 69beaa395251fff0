package io.ledgerline.identity;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * Tells {@link CurrentCaller} which roles the matched endpoint admits, so the audit trail records the roles the caller
 * acted in, not every group their token happens to carry. Also what the 403 answer names as missing.
 */
public class EndpointRoles {

    private final CurrentCaller caller;

    public EndpointRoles(CurrentCaller caller) {
        this.caller = caller;
    }

    @ServerRequestFilter
    public void remember(ResourceInfo resource) {
        caller.endpointRoles(Set.copyOf(of(resource)));
    }

    /** The roles a resource method admits: its own {@code @RolesAllowed}, else its class's; empty when neither. */
    public static List<String> of(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        return of(resource.getResourceMethod(), resource.getResourceClass());
    }

    public static List<String> of(Method method, Class<?> resourceClass) {
        RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
        if (onMethod != null) {
            return List.of(onMethod.value());
        }
        RolesAllowed onClass = resourceClass == null ? null : resourceClass.getAnnotation(RolesAllowed.class);
        return onClass == null ? List.of() : List.of(onClass.value());
    }
}
