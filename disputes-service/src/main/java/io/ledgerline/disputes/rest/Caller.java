package io.ledgerline.disputes.rest;

import io.ledgerline.events.common.Actor;
import io.ledgerline.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;

import java.util.Arrays;
import java.util.List;

/**
 * Who is calling: the person a command is recorded for, never taken from a request body. Until the identity module
 * (JWT) is merged, the caller is named by the gateway headers {@code X-Ledgerline-Subject} and
 * {@code X-Ledgerline-Roles} (comma-separated); adopting identity replaces this one class.
 */
final class Caller {

    static final String SUBJECT = "X-Ledgerline-Subject";
    static final String ROLES = "X-Ledgerline-Roles";

    private Caller() {
    }

    static Actor of(HttpHeaders headers) {
        String subject = headers.getHeaderString(SUBJECT);
        if (subject == null || subject.isBlank()) {
            throw new ProblemException(io.ledgerline.support.Problem.of(401, "Unauthorized", "UNAUTHENTICATED",
                    "the caller is not identified (" + SUBJECT + ")"));
        }
        String roles = headers.getHeaderString(ROLES);
        List<String> list = roles == null || roles.isBlank() ? List.of()
                : Arrays.stream(roles.split(",")).map(String::trim).filter(r -> !r.isEmpty()).toList();
        return new Actor(subject.trim(), list);
    }
}
