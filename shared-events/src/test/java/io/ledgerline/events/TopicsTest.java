package io.ledgerline.events;

import io.ledgerline.events.ingest.IngestEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void eachServiceAreaPublishesOnItsOwnTopic() {
        assertThat(Topics.domainTopicOf(EventTypes.RECEIVABLES_AREA)).isEqualTo(Topics.RECEIVABLES_EVENTS);
        assertThat(Topics.domainTopicOf(EventTypes.CREDIT_AREA)).isEqualTo(Topics.CREDIT_EVENTS);
        assertThat(Topics.domainTopicOf(EventTypes.COLLECTIONS_AREA)).isEqualTo(Topics.COLLECTIONS_EVENTS);
        assertThat(Topics.domainTopicOf(EventTypes.DISPUTES_AREA)).isEqualTo(Topics.DISPUTES_EVENTS);
        assertThatThrownBy(() -> Topics.domainTopicOf(EventTypes.REPORTING_AREA))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportingKeysAreBuiltAsTheTopicMapSays() {
        assertThat(Topics.agingKey("C-1042", "EUR")).isEqualTo("C-1042/EUR");
        assertThat(Topics.agingKey("ERP/C-7", "USD")).isEqualTo("ERP/C-7/USD");
        assertThat(Topics.kpiKey("DSO_COUNTBACK", "portfolio", "2026-10")).isEqualTo("DSO_COUNTBACK/portfolio/2026-10");
        assertThatThrownBy(() -> Topics.kpiKey("CEI", "collector:a/b", "2026-10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collector:a/b");
        assertThatThrownBy(() -> Topics.kpiKey("CEI", "", "2026-10")).isInstanceOf(IllegalArgumentException.class);
    }
}
