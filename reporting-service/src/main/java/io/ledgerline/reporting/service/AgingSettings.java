package io.ledgerline.reporting.service;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.reporting.domain.AgingBuckets;

/** The buckets and basis of the aging reporting publishes, and of REST reads that name none. */
public record AgingSettings(AgingBuckets buckets, AgingBasis basis) {
}
