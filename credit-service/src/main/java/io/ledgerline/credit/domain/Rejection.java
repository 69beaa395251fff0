package io.ledgerline.credit.domain;

/**
 * Why a command cannot be carried out: a stable code, the field it is about (if any), a sentence a person can act on,
 * and what kind of refusal it is, which the REST layer turns into a status (400, 404, 409, 422).
 */
public record Rejection(Kind kind, String code, String field, String detail) {

    public enum Kind {
        /** The input itself is wrong (400). */
        INVALID,
        /** It names something that does not exist (404). */
        NOT_FOUND,
        /** It clashes with something recorded under the same id (409). */
        CONFLICT,
        /** Well formed, but the credit policy refuses it (422). */
        REFUSED
    }

    public static Rejection invalid(String field, String code, String detail) {
        return new Rejection(Kind.INVALID, code, field, detail);
    }

    public static Rejection notFound(String code, String detail) {
        return new Rejection(Kind.NOT_FOUND, code, null, detail);
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Kind.CONFLICT, code, null, detail);
    }

    public static Rejection refused(String code, String detail) {
        return new Rejection(Kind.REFUSED, code, null, detail);
    }
}
