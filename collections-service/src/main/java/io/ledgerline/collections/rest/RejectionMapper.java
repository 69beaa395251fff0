package io.ledgerline.collections.rest;

import io.ledgerline.collections.domain.Rejection;
import io.ledgerline.collections.service.CommandRejected;
import io.ledgerline.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Domain rejections as problem+json: malformed input 400 naming the field, unknown things 404, a refused contact or
 * command 422 (a refused contact names its rules in {@code rules}), an override without a supervisor 403.
 */
public class RejectionMapper {

    /** The problem of a rejection, with the contact rules that refused it when there are any. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record RuleProblem(URI type, String title, int status, String detail, String code,
                              List<Problem.FieldError> errors, List<String> rules) {
    }

    @ServerExceptionMapper
    public Response rejected(CommandRejected e) {
        Rejection r = e.rejection();
        int status = switch (r.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case REFUSED -> 422;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
        };
        String title = Map.of(400, "Bad Request", 404, "Not Found", 422, "Unprocessable Content", 403, "Forbidden",
                409, "Conflict").get(status);
        List<Problem.FieldError> errors = r.field() == null ? null
                : List.of(new Problem.FieldError(r.field(), r.code(), r.detail()));
        Object body = r.rules().isEmpty()
                ? new Problem(type(r.code()), title, status, r.detail(), null, r.code(), errors)
                : new RuleProblem(type(r.code()), title, status, r.detail(), r.code(), errors, r.rules());
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    private static URI type(String code) {
        return URI.create("https://ledgerline.io/problems/" + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}
