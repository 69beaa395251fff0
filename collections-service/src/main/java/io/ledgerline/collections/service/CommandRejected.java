package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.Rejection;

/** A command the rules refused, or that named something unknown; the REST layer answers it as problem+json. */
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
