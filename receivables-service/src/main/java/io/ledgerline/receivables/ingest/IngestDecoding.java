package io.ledgerline.receivables.ingest;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.receivables.domain.Rejection;

/** The outcome of reading one ingest record: a validated contract event with its message identity, or a rejection. */
public sealed interface IngestDecoding {

    /**
     * {@code messageId} is (source, id), the CloudEvents identity the inbox de-duplicates on; {@code fingerprint} is
     * a digest of the record's type and data as JSON values, so a later record under the same id can be told apart as
     * a repeat (same fingerprint) or a conflict (another one).
     */
    record Decoded(String messageId, String eventType, IngestEvent event, String fingerprint) implements IngestDecoding {
    }

    record Invalid(Rejection rejection) implements IngestDecoding {
    }
}
