package io.ledgerline.credit.service;

import io.ledgerline.credit.ingest.UpstreamProcessor;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.QuarantinedCustomers;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The customers whose upstream events the consumer parked after a failure nobody foresaw (event-store
 * {@link Quarantine}, operators' side {@link QuarantinedCustomers}): listed for operators, and replayed in order once
 * the cause is fixed.
 */
@ApplicationScoped
public class UpstreamQuarantine {

    @Produces
    @Singleton
    QuarantinedCustomers quarantinedCustomers(Pool pool, Quarantine quarantine, UpstreamProcessor processor) {
        return new QuarantinedCustomers(pool, quarantine, UpstreamProcessor.INBOX, processor::replay, processor::replayed);
    }
}
