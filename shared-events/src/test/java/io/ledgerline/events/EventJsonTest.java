package io.ledgerline.events;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventJsonTest {

    @Test
    void amountsAreWrittenAsPlainDecimalStringsEvenWithANegativeScale() {
        assertThat(EventJson.writeString(new CurrencyAmount("USD", new BigDecimal("1E+3"))))
                .isEqualTo("{\"currency\":\"USD\",\"amount\":\"1000\"}");
    }

    @Test
    void aJsonNumberAmountIsReadExactlyWithItsScale() {
        String json = "{\"invoiceId\": \"INV-1\", \"amount\": 1250.10}";

        assertThat(EventJson.read(json, PaymentAllocation.class).amount()).isEqualByComparingTo("1250.10")
                .hasScaleOf(2);
        assertThat(EventJson.read(EventJson.readTree(json), PaymentAllocation.class).amount()).hasScaleOf(2);
    }

    @Test
    void datesAreIsoStringsAndAbsentOptionalFieldsAreOmitted() {
        var cancelled = new IngestEvent.InvoiceCancelled("INV-1", "C-1", LocalDate.of(2026, 10, 3), null);

        assertThat(EventJson.writeString(cancelled))
                .isEqualTo("{\"invoiceId\":\"INV-1\",\"customerId\":\"C-1\",\"cancelledDate\":\"2026-10-03\"}");
    }

    @Test
    void unknownFieldsAreIgnoredBecauseTheContractMayGrow() {
        var read = EventJson.read("{\"invoiceId\": \"INV-1\", \"amount\": \"5.00\", \"note\": \"new field\"}",
                PaymentAllocation.class);

        assertThat(read).isEqualTo(new PaymentAllocation("INV-1", new BigDecimal("5.00")));
    }

    @Test
    void aDuplicatedFieldIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> EventJson.readTree("{\"amount\": \"1\", \"amount\": \"1000\"}"))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Duplicate field 'amount'");
    }

    @Test
    void trailingContentIsRefused() {
        assertThatThrownBy(() -> EventJson.read("{\"invoiceId\": \"INV-1\"} {}", PaymentAllocation.class))
                .isInstanceOf(UncheckedIOException.class);
    }
}
