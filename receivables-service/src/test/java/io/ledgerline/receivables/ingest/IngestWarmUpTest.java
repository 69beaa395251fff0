package io.ledgerline.receivables.ingest;

import io.ledgerline.receivables.domain.LedgerRules;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The start's warm-up must go the whole way real records go, or it warms nothing: every made-up record accepted. */
class IngestWarmUpTest {

    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void every_made_up_record_is_valid_and_accepted() {
        IngestDecoder decoder = new IngestDecoder(262_144, TODAY);
        List<IngestRecord> records = IngestWarmUp.account("warm-up-0", IngestWarmUp.RECORDS_PER_ACCOUNT,
                LocalDate.now(TODAY).minusDays(IngestWarmUp.RECORDS_PER_ACCOUNT));
        assertThat(records).hasSize(IngestWarmUp.RECORDS_PER_ACCOUNT);
        assertThat(records).allSatisfy(r -> assertThat(decoder.decode(r)).isInstanceOf(IngestDecoding.Decoded.class));
        assertThat(records).extracting(IngestRecord::topic).contains("ledgerline.ingest.customers",
                "ledgerline.ingest.invoices", "ledgerline.ingest.payments");

        IngestHealth health = new IngestHealth(Duration.ofSeconds(5));
        IngestWarmUp warmUp = new IngestWarmUp(250, 262_144, TODAY, LedgerRules.DEFAULT, health);
        assertThat(warmUp.run(250)).isEqualTo(250);
    }

    @Test
    void readiness_waits_for_the_warm_up() {
        IngestHealth health = new IngestHealth(Duration.ofSeconds(5));
        assertThat(health.response().getStatus().name()).isEqualTo("UP");
        health.warmingUp();
        assertThat(health.response().getStatus().name()).isEqualTo("DOWN");
        assertThat(health.response().getData().orElseThrow()).containsEntry("warmingUp", true);
        health.warmedUp();
        assertThat(health.response().getStatus().name()).isEqualTo("UP");
    }
}
