package io.ledgerline.receivables.service;

import io.ledgerline.receivables.ingest.IngestProcessor;
import io.ledgerline.receivables.ingest.QuarantineMetrics;
import io.ledgerline.eventstore.Quarantine;
import io.ledgerline.eventstore.QuarantinedCustomers;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator's side of ingest's quarantine (event-store {@link QuarantinedCustomers}): which customers are parked
 * and why, and replaying one after the cause is fixed. A replay decides the parked records exactly as ingest would
 * have (accepted into the ledger, or rejected onto the rejected topic) and lets the customer's records flow again.
 */
@ApplicationScoped
public class IngestQuarantine {

    @Produces
    @Singleton
    QuarantinedCustomers quarantinedCustomers(Pool pool, Quarantine quarantine, IngestProcessor processor,
                                              QuarantineMetrics metrics) {
        return new QuarantinedCustomers(pool, quarantine, IngestProcessor.INBOX, processor::replay, customerId -> {
            processor.replayed();
            metrics.refresh();
        });
    }
}
