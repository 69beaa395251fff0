package io.ledgerline.receivables.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} names each field that was wrong, so a front end can mark it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String code,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String code, String message) {
    }

    public static Problem of(Response.Status status, String code, String detail) {
        return new Problem(URI.create("https://ledgerline.io/problems/" + code.toLowerCase().replace('_', '-')),
                status.getReasonPhrase(), status.getStatusCode(), detail, null, code, null);
    }

    public static Problem invalidField(String field, String code, String message) {
        return new Problem(URI.create("https://ledgerline.io/problems/invalid-request"), "Bad Request", 400,
                message, null, code, List.of(new FieldError(field, code, message)));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
