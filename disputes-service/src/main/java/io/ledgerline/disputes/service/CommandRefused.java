package io.ledgerline.disputes.service;

import io.ledgerline.disputes.domain.Rejection;

/** A command the rules refuse; {@code rest} maps it to problem+json by its {@link Rejection.Kind}. */
public class CommandRefused extends RuntimeException {

    private final Rejection rejection;

    public CommandRefused(Rejection rejection) {
        super(rejection.code() + ": " + rejection.detail(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
