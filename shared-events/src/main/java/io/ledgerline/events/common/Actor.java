package io.ledgerline.events.common;

import java.util.List;

/**
 * Who did a person's command: the authenticated caller's subject and the roles it held at the time, taken from the
 * token by the service that decided the command, never from a request body. Events a service decides on its own
 * (a rule, the daily run, a consumed event) leave their actor out.
 */
public record Actor(String subject, List<String> roles) {

    public Actor {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
