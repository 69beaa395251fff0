package io.ledgerline.credit.rest;

import io.ledgerline.events.common.Actor;
import io.ledgerline.support.Problem;
import io.ledgerline.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.Arrays;
import java.util.List;

/**
 * Who is calling. Until Ledgerline's identity module is merged, a person's command names its caller in the
 * {@code X-Ledgerline-User} and {@code X-Ledgerline-Roles} headers (never in the request body); adopting identity
 * replaces this class with the token's subject and roles, and nothing below the REST layer changes.
 */
final class Callers {

    static final String USER = "X-Ledgerline-User";
    static final String ROLES = "X-Ledgerline-Roles";

    private Callers() {
    }

    static Actor actor(HttpHeaders headers) {
        String subject = headers.getHeaderString(USER);
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(Problem.of(Response.Status.UNAUTHORIZED, "UNAUTHENTICATED",
                    "a person's command needs its caller: send " + USER + " (and " + ROLES + ")"));
        }
        String roles = headers.getHeaderString(ROLES);
        List<String> list = roles == null ? List.of()
                : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        return new Actor(subject.trim(), list);
    }
}
