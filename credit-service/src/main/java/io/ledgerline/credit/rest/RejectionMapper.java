package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.PolicySettings;
import io.ledgerline.credit.domain.Rejection;
import io.ledgerline.credit.service.CommandRejected;
import io.ledgerline.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/** Credit's own refusals as problem+json: 400 bad input, 404 unknown, 409 clash, 422 refused by policy. */
public class RejectionMapper {

    @ServerExceptionMapper
    public Response rejected(CommandRejected e) {
        return problem(e.rejection()).toResponse();
    }

    /**
     * A body value of the wrong form (a word where an amount belongs). Quarkus' own mapper for Jackson's
     * MismatchedInputException is more specific than service-support's JsonProcessingException mapper and would answer
     * a bare application/json body; this one answers the same problem as service-support does for the rest.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return new io.ledgerline.support.ProblemMappers().unreadableBody(e);
    }

    /**
     * A body the framework could not read at all (truncated JSON) arrives as a bare 400 WebApplicationException
     * carrying Jackson's error: this names the body (or the field Jackson stopped at). Every other
     * WebApplicationException is answered as service-support answers it.
     */
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response webApplication(jakarta.ws.rs.WebApplicationException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
                return new io.ledgerline.support.ProblemMappers().unreadableBody(json);
            }
        }
        return new io.ledgerline.support.ProblemMappers().web(e);
    }

    /** A what-if setting that cannot be read. */
    @ServerExceptionMapper
    public Response invalidSetting(PolicySettings.InvalidSetting e) {
        return Problem.invalidField("changes." + e.key(), "INVALID_SETTING", e.getMessage()).toResponse();
    }

    static Problem problem(Rejection rejection) {
        int status = switch (rejection.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case REFUSED -> 422;
        };
        String title = switch (rejection.kind()) {
            case INVALID -> "Bad Request";
            case NOT_FOUND -> "Not Found";
            case CONFLICT -> "Conflict";
            case REFUSED -> "Unprocessable Content";
        };
        return new Problem(URI.create("https://ledgerline.io/problems/"
                + rejection.code().toLowerCase(Locale.ROOT).replace('_', '-')), title, status, rejection.detail(), null,
                rejection.code(), rejection.field() == null ? null
                : List.of(new Problem.FieldError(rejection.field(), rejection.code(), rejection.detail())));
    }
}
