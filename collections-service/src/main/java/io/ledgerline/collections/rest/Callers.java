package io.ledgerline.collections.rest;

import io.ledgerline.events.common.Actor;
import io.ledgerline.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Arrays;
import java.util.List;

/**
 * Who is calling. Until the identity module (JWT) is merged, the caller is named by the gateway in the headers
 * {@code X-Ledgerline-Subject} and {@code X-Ledgerline-Roles} (comma-separated role names: collector, supervisor,
 * ...), never by a request body. This is the only class that reads them, so adopting JWT changes only this one.
 */
final class Callers {

    static final String SUBJECT = "X-Ledgerline-Subject";
    static final String ROLES = "X-Ledgerline-Roles";

    private Callers() {
    }

    static Actor of(HttpHeaders headers) {
        String subject = headers.getHeaderString(SUBJECT);
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(io.ledgerline.support.Problem.of(401, "Unauthorized", "UNAUTHENTICATED",
                    "a person's command needs the caller (" + SUBJECT + ")"));
        }
        String roles = headers.getHeaderString(ROLES);
        List<String> list = roles == null ? List.of() : Arrays.stream(roles.split(",")).map(String::trim)
                .filter(r -> !r.isEmpty()).toList();
        return new Actor(subject.trim(), list);
    }

    static Actor requireRole(HttpHeaders headers, String... anyOf) {
        Actor actor = of(headers);
        for (String role : anyOf) {
            if (actor.hasRole(role)) {
                return actor;
            }
        }
        throw new ProblemException(io.ledgerline.support.Problem.of(403, "Forbidden", "FORBIDDEN",
                "this needs one of the roles " + String.join(", ", anyOf)));
    }
}
