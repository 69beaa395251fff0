package io.ledgerline.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one error shape of every Ledgerline REST API. {@code code} is stable (front ends
 * switch on it); {@code errors} names each field that was wrong, so a front end can mark it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String code,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ledgerline.io/problems/";

    public record FieldError(String field, String code, String message) {
    }

    public static Problem of(Response.Status status, String code, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), code, detail);
    }

    public static Problem of(int status, String title, String code, String detail) {
        return new Problem(typeOf(code), title, status, detail, null, code, null);
    }

    /** 400: one field of the request is wrong. */
    public static Problem invalidField(String field, String code, String message) {
        return new Problem(URI.create(TYPE_BASE + "invalid-request"), "Bad Request", 400,
                message, null, code, List.of(new FieldError(field, code, message)));
    }

    /** 400: several fields are wrong at once; the first one's message is the detail. */
    public static Problem invalidFields(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a problem with invalid fields needs at least one field");
        }
        return new Problem(URI.create(TYPE_BASE + "invalid-request"), "Bad Request", 400,
                errors.getFirst().message(), null, errors.getFirst().code(), List.copyOf(errors));
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    private static URI typeOf(String code) {
        return URI.create(TYPE_BASE + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}
