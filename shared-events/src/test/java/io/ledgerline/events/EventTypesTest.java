package io.ledgerline.events;

import io.ledgerline.events.EventTypes.ParsedType;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesTest {

    @Test
    void ingestAndDomainTypesFollowTheNamingRule() {
        assertThat(EventTypes.ingestType("InvoiceIssued")).isEqualTo("io.ledgerline.ingest.InvoiceIssued.v1");
        assertThat(EventTypes.domainType("receivables", "PaymentApplied", 2))
                .isEqualTo("io.ledgerline.receivables.PaymentApplied.v2");
    }

    @Test
    void aTypeParsesIntoAreaNameAndVersionAndBack() {
        String type = "io.ledgerline.receivables.PaymentApplied.v12";

        assertThat(EventTypes.parse(type)).contains(new ParsedType("receivables", "PaymentApplied", 12));
        assertThat(EventTypes.parse(type).orElseThrow().ceType()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "io.ledgerline.ingest.InvoiceIssued", "io.ledgerline.ingest.InvoiceIssued.v0",
            "io.ledgerline.ingest.invoiceIssued.v1", "com.example.ingest.InvoiceIssued.v1",
            "io.ledgerline.ingest.InvoiceIssued.v1 ", "io.ledgerline.Ingest.InvoiceIssued.v1"})
    void anythingElseIsNotALedgerlineType(String type) {
        assertThat(EventTypes.parse(type)).isEmpty();
    }

    @Test
    void nullIsNotALedgerlineType() {
        assertThat(EventTypes.parse(null)).isEmpty();
    }

    @Test
    void theRegistriesHoldEveryPermittedRecordByItsSimpleName() {
        assertThat(EventTypes.INGEST).hasSize(IngestEvent.class.getPermittedSubclasses().length)
                .containsEntry("PaymentReturned", IngestEvent.PaymentReturned.class);
        assertThat(EventTypes.RECEIVABLES).hasSize(ReceivablesEvent.class.getPermittedSubclasses().length)
                .containsEntry("InvoiceWriteOffReversed", ReceivablesEvent.InvoiceWriteOffReversed.class)
                .doesNotContainKey("CurrencyAmount");
        assertThat(EventTypes.nameOf(ReceivablesEvent.AccountCured.class)).isEqualTo("AccountCured");
    }

    @Test
    void everyAreaHasItsRegistryOfRecordsByName() {
        assertThat(EventTypes.CREDIT).hasSize(CreditEvent.class.getPermittedSubclasses().length)
                .containsEntry("OrderCreditChecked", CreditEvent.OrderCreditChecked.class)
                .doesNotContainKey("FeaturePoints");
        assertThat(EventTypes.COLLECTIONS).hasSize(CollectionsEvent.class.getPermittedSubclasses().length)
                .containsEntry("PromiseToPayBroken", CollectionsEvent.PromiseToPayBroken.class)
                .doesNotContainKey("Handover");
        assertThat(EventTypes.DISPUTES).hasSize(DisputesEvent.class.getPermittedSubclasses().length)
                .containsEntry("DisputeResolved", DisputesEvent.DisputeResolved.class);
        assertThat(EventTypes.REPORTING).containsOnlyKeys("AgingSnapshot", "KpiCalculated");
        assertThat(EventTypes.AREAS).containsOnlyKeys("ingest", "receivables", "credit", "collections", "disputes",
                "reporting");
    }

    @Test
    void aRecordKnowsItsAreaAndCurrentType() {
        assertThat(EventTypes.areaOf(CollectionsEvent.WriteOffProposed.class)).isEqualTo("collections");
        assertThat(EventTypes.typeOf(CreditEvent.CreditHoldPlaced.class))
                .isEqualTo("io.ledgerline.credit.CreditHoldPlaced.v1");
        assertThat(EventTypes.typeOf(ReportingRecord.KpiCalculated.class))
                .isEqualTo("io.ledgerline.reporting.KpiCalculated.v1");
        assertThat(EventTypes.typeOf(ReceivablesEvent.InvoiceDisputed.class))
                .isEqualTo("io.ledgerline.receivables.InvoiceDisputed.v1");
        assertThatThrownBy(() -> EventTypes.areaOf(CreditEvent.FeaturePoints.class))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theCurrentVersionIsTheNewestSchema() {
        assertThat(EventTypes.currentVersion("disputes", "DisputeOpened")).isEqualTo(1);
        assertThat(EventTypes.currentVersion("disputes", "DisputeWithdrawn")).isZero();
    }
}
