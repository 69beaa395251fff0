package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CollectionsDecider;

import java.util.UUID;

/** Ids of new cases, holds, letters, ...: a prefix that says what it is, and a random UUID. */
public final class Ids {

    public static final CollectionsDecider.IdSource RANDOM = prefix -> prefix + "-" + UUID.randomUUID();

    private Ids() {
    }
}
