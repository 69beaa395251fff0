package io.ledgerline.receivables.rest;

import io.ledgerline.events.common.Actor;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Arrays;
import java.util.List;

/**
 * Who is calling, for commands that must name the person from the caller, never from the body (flows.md). Until
 * the identity module (JWT) is merged the gateway headers {@code X-Ledgerline-Subject} and {@code X-Ledgerline-Roles}
 * (comma-separated) name the caller; adopting identity replaces this one class.
 */
final class Caller {

    static final String SUBJECT = "X-Ledgerline-Subject";
    static final String ROLES = "X-Ledgerline-Roles";

    private Caller() {
    }

    static Actor of(HttpHeaders headers) {
        String subject = headers.getHeaderString(SUBJECT);
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.UNAUTHORIZED, "UNAUTHENTICATED",
                    "the caller is not identified (" + SUBJECT + ")"));
        }
        String roles = headers.getHeaderString(ROLES);
        List<String> list = roles == null || roles.isBlank() ? List.of()
                : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        return new Actor(subject.trim(), list);
    }

    /** 403 unless the caller holds the role. */
    static Actor withRole(HttpHeaders headers, String role) {
        Actor actor = of(headers);
        if (!actor.hasRole(role)) {
            throw new ProblemException(Problem.of(jakarta.ws.rs.core.Response.Status.FORBIDDEN, "FORBIDDEN",
                    "only a " + role + " may do this"));
        }
        return actor;
    }
}
