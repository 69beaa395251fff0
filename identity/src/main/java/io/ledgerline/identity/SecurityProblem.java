package io.ledgerline.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * The RFC 9457 answer to a request without a valid token (401) or without the role it needs (403). Same shape as
 * every other Ledgerline problem ({@code type}, {@code title}, {@code status}, {@code detail}, {@code code}), plus
 * {@code requiredRoles}: the roles any one of which would have been let in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityProblem(URI type, String title, int status, String detail, String code,
                              List<String> requiredRoles) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static SecurityProblem unauthorized(String code, String detail) {
        return new SecurityProblem(type(code), "Unauthorized", 401, detail, code, null);
    }

    static SecurityProblem forbidden(String code, String detail, List<String> requiredRoles) {
        return new SecurityProblem(type(code), "Forbidden", 403, detail, code,
                requiredRoles.isEmpty() ? null : requiredRoles);
    }

    private static URI type(String code) {
        return URI.create("https://ledgerline.io/problems/" + code.toLowerCase().replace('_', '-'));
    }

    Response toResponse() {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (status == 401) {
            // RFC 6750: tell the client which scheme to use, and whether the token it sent was the problem.
            response.header("WWW-Authenticate", "INVALID_TOKEN".equals(code)
                    ? "Bearer error=\"invalid_token\"" : "Bearer");
        }
        return response.build();
    }
}
