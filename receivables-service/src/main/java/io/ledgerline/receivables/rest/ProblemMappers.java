package io.ledgerline.receivables.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ledgerline.eventstore.ConcurrencyConflict;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem+json: front ends get one shape to show, with the field when there is one. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflict e) {
        return Problem.of(Response.Status.CONFLICT, "CONCURRENT_CHANGE", "the account was changed by someone else"
                + " while this request was decided; reload it and try again").toResponse();
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        return Problem.invalidField("body", "MALFORMED_JSON", "the request body is not valid JSON: "
                + e.getOriginalMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "NOT_FOUND", "there is no such resource").toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        String code = status == null ? "HTTP_" + e.getResponse().getStatus() : status.name();
        return new Problem(java.net.URI.create("about:blank"), status == null ? "Error" : status.getReasonPhrase(),
                e.getResponse().getStatus(), e.getMessage(), null, code, null).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error answering a request", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "something went wrong on our side; the request was not recorded").toResponse();
    }
}
