package io.ledgerline.collections.domain;

import java.util.List;

/**
 * Why a command was refused, in terms a front end can show: a stable {@code code}, the {@code field} at fault (if
 * one is), the {@code rules} that refused a contact, and whether the thing named does not exist at all.
 */
public record Rejection(Kind kind, String code, String field, String detail, List<String> rules) {

    public enum Kind { INVALID, NOT_FOUND, REFUSED, FORBIDDEN, CONFLICT }

    public Rejection {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public static Rejection invalid(String field, String code, String detail) {
        return new Rejection(Kind.INVALID, code, field, detail, List.of());
    }

    public static Rejection notFound(String field, String code, String detail) {
        return new Rejection(Kind.NOT_FOUND, code, field, detail, List.of());
    }

    public static Rejection refused(String code, String detail) {
        return new Rejection(Kind.REFUSED, code, null, detail, List.of());
    }

    public static Rejection refused(String field, String code, String detail) {
        return new Rejection(Kind.REFUSED, code, field, detail, List.of());
    }
}
