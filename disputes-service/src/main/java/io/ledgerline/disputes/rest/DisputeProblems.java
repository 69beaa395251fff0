package io.ledgerline.disputes.rest;

import io.ledgerline.disputes.domain.Rejection;
import io.ledgerline.disputes.service.CommandRefused;
import io.ledgerline.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Refused commands as problem+json: malformed 400, unknown 404, a case in the wrong state 409, what the rules refuse
 * 422; always with the stable code and, where there is one, the field. (The shared mappers answer everything else.)
 */
public class DisputeProblems {

    @ServerExceptionMapper
    public Response refused(CommandRefused e) {
        return problem(e.rejection()).toResponse();
    }


    static Problem problem(Rejection r) {
        int status = switch (r.kind()) {
            case INVALID -> 400;
            case UNKNOWN -> 404;
            case WRONG_STATE -> 409;
            case REFUSED -> 422;
        };
        String title = switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> "Unprocessable Content";
        };
        return new Problem(URI.create("https://ledgerline.io/problems/" + r.code().toLowerCase(Locale.ROOT).replace('_', '-')),
                title, status, r.detail(), null, r.code(),
                r.field() == null ? null : List.of(new Problem.FieldError(r.field(), r.code(), r.detail())));
    }
}
