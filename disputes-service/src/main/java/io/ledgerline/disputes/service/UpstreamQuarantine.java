package io.ledgerline.disputes.service;

import io.ledgerline.disputes.ingest.UpstreamProcessor;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.QuarantinedCustomers;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The customers whose receivables events failed in disputes for a reason nobody foresaw, parked by the event store's
 * {@link Quarantine} while every other customer's events go on (operators' side {@link QuarantinedCustomers}); a
 * replay decides them again, in order, once the cause is fixed.
 */
@ApplicationScoped
public class UpstreamQuarantine {

    @Produces
    @Singleton
    QuarantinedCustomers quarantinedCustomers(Pool pool, Quarantine quarantine, UpstreamProcessor processor) {
        return new QuarantinedCustomers(pool, quarantine, UpstreamProcessor.INBOX, processor::replay, customerId -> processor.replayed());
    }
}
