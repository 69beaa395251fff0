package io.ledgerline.events;

import io.ledgerline.events.ingest.IngestEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void allListsEveryTopicOfTheTopicMapOnce() {
        assertThat(Topics.all()).hasSize(10).doesNotHaveDuplicates()
                .allMatch(topic -> topic.startsWith("ledgerline."))
                .containsAll(Topics.ingest()).contains(Topics.INGEST_REJECTED, Topics.REPORTING_KPIS);
    }

    @Test
    void everyIngestEventTypeBelongsOnTheTopicTheContractNames() {
        assertThat(EventTypes.INGEST.values())
                .allSatisfy(type -> assertThat(Topics.ingestTopicFor(type)).isIn(Topics.ingest()));
        assertThat(Topics.ingestTopicFor(IngestEvent.CreditNoteIssued.class))
                .isEqualTo(Topics.INGEST_INVOICES);
        assertThat(Topics.ingestTopicFor(IngestEvent.PaymentReturned.class))
                .isEqualTo(Topics.INGEST_PAYMENTS);
    }
}
