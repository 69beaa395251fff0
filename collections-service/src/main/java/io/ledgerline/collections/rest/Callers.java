package io.ledgerline.collections.rest;

import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.Caller;

/**
 * The person behind a command, as events name them: the authenticated caller's subject and the roles their token
 * holds (the contact rules' override looks for {@code supervisor} among them), never anything from a request body.
 */
final class Callers {

    private Callers() {
    }

    static Actor actor(Caller caller) {
        return new Actor(caller.subject(), caller.sortedRoles());
    }
}
