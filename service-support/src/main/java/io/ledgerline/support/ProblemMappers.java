package io.ledgerline.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.ledgerline.eventstore.ConcurrencyConflict;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Every error of every service leaves as problem+json: front ends get one shape to show, with the field when there is
 * one. Services add mappers only for their own domain rejections.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflict e) {
        return Problem.of(Response.Status.CONFLICT, "CONCURRENT_CHANGE", "the record was changed by someone else"
                + " while this request was decided; reload it and try again").toResponse();
    }

    /** A body that is not JSON, or a value of the wrong type: the field is named by its JSON path. */
    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = fieldPath(mapping);
            return Problem.invalidField(field, "INVALID_VALUE", "'" + field + "' has a value of the wrong form: "
                    + e.getOriginalMessage()).toResponse();
        }
        return Problem.invalidField("body", "MALFORMED_JSON", "the request body is not valid JSON: "
                + e.getOriginalMessage()).toResponse();
    }

    /**
     * A body value of the wrong form (a word where an amount belongs). Quarkus' own mapper for Jackson's
     * MismatchedInputException is more specific than the JsonProcessingException one above and would answer a bare
     * application/json body; this one is as specific and names the field like every other bad input.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableBody(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(Response.Status.NOT_FOUND, "NOT_FOUND", "there is no such resource").toResponse();
    }

    /**
     * A body the framework could not read at all (truncated JSON) arrives as a bare 400 WebApplicationException with
     * the parser's failure inside: it is answered as unreadable JSON, naming the body (or the field the parser stopped
     * at). Any other WebApplicationException keeps its status, as problem+json.
     */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response web(WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return unreadableBody(json);
            }
        }
        if (e.getResponse().getStatus() == 400 && e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return Problem.invalidField("body", "MALFORMED_JSON", "the request body is not valid JSON").toResponse();
        }
        int status = e.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        String code = known == null ? "HTTP_" + status : known.name();
        return Problem.of(status, known == null ? "Error" : known.getReasonPhrase(), code, e.getMessage()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error answering a request", e);
        return Problem.of(Response.Status.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "something went wrong on our side; the request was not recorded").toResponse();
    }

    /** {@code instalments[2].amount}: the path as a front end would name the field. */
    static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
