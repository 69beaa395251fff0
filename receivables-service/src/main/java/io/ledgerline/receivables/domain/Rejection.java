package io.ledgerline.receivables.domain;

/**
 * Why an input cannot be accepted: a stable machine code (senders and operators key alerts on it), the field it is
 * about when there is one, and a sentence a person can act on.
 */
public record Rejection(String code, String field, String detail) {

    public static Rejection of(String code, String field, String detail) {
        return new Rejection(code, field, detail);
    }
}
