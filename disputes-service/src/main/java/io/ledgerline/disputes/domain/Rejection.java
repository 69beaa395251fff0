package io.ledgerline.disputes.domain;

/**
 * Why a command is refused: a stable code front ends switch on, the field it is about (null when none), and a
 * sentence a person can act on. {@code kind} says how a REST answer should classify it.
 */
public record Rejection(Kind kind, String code, String field, String detail) {

    public enum Kind {
        /** The request itself is malformed (400). */
        INVALID,
        /** Something it names does not exist (404). */
        UNKNOWN,
        /** The case is not in a state that allows it (409). */
        WRONG_STATE,
        /** Well formed, but the business rules refuse it (422). */
        REFUSED
    }

    public static Rejection invalid(String code, String field, String detail) {
        return new Rejection(Kind.INVALID, code, field, detail);
    }

    public static Rejection refused(String code, String field, String detail) {
        return new Rejection(Kind.REFUSED, code, field, detail);
    }

    public static Rejection wrongState(String code, String detail) {
        return new Rejection(Kind.WRONG_STATE, code, null, detail);
    }

    public static Rejection unknown(String code, String field, String detail) {
        return new Rejection(Kind.UNKNOWN, code, field, detail);
    }
}
