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
