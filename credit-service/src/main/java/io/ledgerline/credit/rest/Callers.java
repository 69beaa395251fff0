package io.ledgerline.credit.rest;

import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.Caller;
import io.ledgerline.identity.CurrentCaller;

import java.util.List;

/**
 * Who is calling, from the bearer token (identity library), as the {@code Actor} credit's commands and events carry:
 * the token's subject and the Ledgerline roles it grants. Never from a request body.
 */
final class Callers {

    private Callers() {
    }

    static Actor actor(CurrentCaller current) {
        Caller caller = current.get();
        return new Actor(caller.subject(), List.copyOf(caller.sortedRoles()));
    }
}
