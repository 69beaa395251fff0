package io.ledgerline.reporting.rest;

import io.ledgerline.support.Problem;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;

/**
 * An Accept header naming no type an endpoint answers: 406 naming the header and the types there are, like every other
 * bad input names its field (the shared mappers answer it without either).
 */
public class NotAcceptableProblem {

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e, HttpHeaders headers) {
        String detail = "Accept " + headers.getHeaderString(HttpHeaders.ACCEPT) + " names no type this endpoint "
                + "answers: the reports are application/json or text/csv, the publication run application/json, the "
                + "dashboard text/html";
        return new Problem(URI.create("https://ledgerline.io/problems/not-acceptable"), "Not Acceptable", 406, detail,
                null, "NOT_ACCEPTABLE", List.of(new Problem.FieldError("Accept", "NOT_ACCEPTABLE", detail)))
                .toResponse();
    }
}
