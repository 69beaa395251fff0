package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.Rejection;

/** A command the credit file (or the service around it) refuses; the REST layer answers it as a problem. */
public class CommandRejected extends RuntimeException {

    private final Rejection rejection;

    public CommandRejected(Rejection rejection) {
        super(rejection.code() + ": " + rejection.detail(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
