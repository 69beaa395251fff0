package io.ledgerline.receivables.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.RecordedEvent;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored events' dates and amounts are read by {@link StoredValues}' own readers; whatever the text, the result must
 * be the one Jackson's general readers give: the same value (an amount with the same scale), or a failure where they
 * fail. And a stored event reads as the shared configuration reads it.
 */
class StoredValuesTest {

    private static final ObjectMapper STANDARD = EventJson.mapper();
    private static final ObjectMapper FAST = EventJson.mapper().copy().registerModule(StoredValues.module());

    record Dated(LocalDate date) {
    }

    record Amount(@com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
                  BigDecimal amount) {
    }

    @Property(tries = 2_000)
    void every_real_date_reads_as_the_formatter_reads_it(@ForAll @IntRange(min = 0, max = 9999) int year,
                                                         @ForAll @IntRange(min = 1, max = 366) int dayOfYear) {
        LocalDate date = LocalDate.ofYearDay(year, Math.min(dayOfYear, LocalDate.of(year, 1, 1).lengthOfYear()));
        String text = String.format("%04d-%02d-%02d", date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        assertThat(StoredValues.isoDate(text)).isEqualTo(date);
        assertSameAsStandard("\"" + text + "\"");
    }

    @Property(tries = 5_000)
    void any_short_text_reads_as_the_formatter_reads_it_or_fails_as_it_fails(@ForAll("dateLike") String text) {
        assertSameAsStandard("\"" + text + "\"");
    }

    @Property(tries = 5_000)
    void any_amount_text_reads_as_the_general_reader_reads_it_scale_included(@ForAll("amountLike") String text) {
        assertSameAmount("\"" + text + "\"");
    }

    @Property(tries = 2_000)
    void every_amount_the_ledger_writes_reads_back_equal_with_its_scale(@ForAll BigDecimal amount) {
        String text = amount.toPlainString();
        if (text.length() <= 64) {
            // equals: the same scale too.
            assertThat(StoredValues.plainAmount(text)).isEqualTo(amount);
        } else {
            assertThat(StoredValues.plainAmount(text)).as("longer than 64 characters: the general reader's").isNull();
        }
        assertSameAmount("\"" + text + "\"");
    }

    @Test
    void amounts_in_other_forms_go_to_the_general_reader() {
        for (String json : List.of("\"0\"", "\"-0.00\"", "\"1250.10\"", "\"007.50\"", "\"1E+3\"", "\"1e3\"",
                "\".5\"", "\"5.\"", "\"+5\"", "\"-\"", "\"\"", "\" 5\"", "\"5 \"", "\"1,5\"", "\"NaN\"",
                "\"1" + "0".repeat(70) + "\"", "12.50", "12", "1e3", "null", "true", "[1]")) {
            assertSameAmount(json);
        }
        assertThat(StoredValues.plainAmount("1250.10")).isEqualByComparingTo("1250.10").hasScaleOf(2);
        assertThat(StoredValues.plainAmount("1E+3")).isNull();
    }

    @Provide
    Arbitrary<String> amountLike() {
        return Arbitraries.strings().withChars("0123456789.-+eE ").ofMinLength(0).ofMaxLength(14);
    }

    @Provide
    Arbitrary<String> dateLike() {
        // Mostly ten characters of digits and dashes (impossible days and months among them), some of other lengths
        // and with other characters, so both the fast path and the fall-back to the standard reader are exercised.
        return Arbitraries.strings().withChars("0123456789-").ofMinLength(8).ofMaxLength(12)
                .map(s -> s.length() == 10 && Math.floorMod(s.hashCode(), 3) == 0
                        ? s.substring(0, 4) + "-" + s.substring(5, 7) + "-" + s.substring(8) : s);
    }

    @Test
    void impossible_dates_other_forms_and_other_tokens_go_to_the_standard_reader() {
        for (String json : List.of("\"2026-02-29\"", "\"2024-02-29\"", "\"2026-02-30\"", "\"2026-13-01\"",
                "\"2026-00-10\"", "\"2026-04-31\"", "\"0000-01-01\"", "\"9999-12-31\"", "\" 2026-01-01\"",
                "\"2026-01-01 \"", "\"2026-1-01\"", "\"+2026-01-01\"", "\"2026-01-01T10:15:30\"",
                "\"2026-01-01T10:15:30Z\"", "\"\"", "\"2026/01/01\"", "\"２０２６-01-01\"", "[2026,1,1]", "20260101",
                "null")) {
            assertSameAsStandard(json);
        }
        assertThat(StoredValues.isoDate("2026-02-30")).isNull();
        assertThat(StoredValues.isoDate("2026-1-011")).isNull();
    }

    @Test
    void stored_events_read_as_the_shared_configuration_reads_them() {
        List<ReceivablesEvent> events = List.of(
                new ReceivablesEvent.InvoiceIssued("C-1", "INV-1", LocalDate.of(2026, 1, 31), LocalDate.of(2026, 3, 2),
                        "EUR", new BigDecimal("1250.10"), "PO-7", "services"),
                new ReceivablesEvent.PaymentApplied("C-1", ReceivablesEvent.SourceKind.PAYMENT, "PAY-1", "INV-1",
                        "EUR", new BigDecimal("100.00"), LocalDate.of(2026, 2, 28),
                        ReceivablesEvent.ApplicationRule.OLDEST_FIRST),
                new ReceivablesEvent.InvoiceCancelled("C-1", "INV-1", LocalDate.of(2024, 2, 29), "duplicate"));
        for (ReceivablesEvent event : events) {
            String json = EventJson.writeString(event);
            RecordedEvent recorded = new RecordedEvent(1, 1, UUID.randomUUID(), AccountEvents.streamId("C-1"), 1,
                    event.getClass().getSimpleName(), AccountEvents.SCHEMA_VERSION, "C-1", json, null, Instant.EPOCH);
            assertThat(AccountEvents.fromRecorded(recorded))
                    .isEqualTo(EventJson.read(json, event.getClass()))
                    .isEqualTo(event);
        }
    }

    @Test
    void the_shared_configuration_still_refuses_duplicate_keys_after_the_stored_readers_are_made() throws Exception {
        // The stored readers switch the check off on a copy; incoming records are read with the shared one.
        RecordedEvent recorded = new RecordedEvent(1, 1, UUID.randomUUID(), AccountEvents.streamId("C-1"), 1,
                "InvoiceCancelled", AccountEvents.SCHEMA_VERSION, "C-1",
                "{\"customerId\":\"C-1\",\"invoiceId\":\"INV-1\",\"cancelledDate\":\"2026-01-02\"}", null,
                Instant.EPOCH);
        assertThat(AccountEvents.fromRecorded(recorded)).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EventJson.mapper()
                        .readValue("{\"amount\":\"1\",\"amount\":\"1000\"}", Amount.class))
                .hasMessageContaining("Duplicate field");
    }

    private static void assertSameAmount(String amountJson) {
        String json = "{\"amount\":" + amountJson + "}";
        Object standard;
        try {
            BigDecimal read = STANDARD.readValue(json, Amount.class).amount();
            standard = read == null ? "null" : read.toString() + " scale " + read.scale();
        } catch (Exception e) {
            standard = e.getClass();
        }
        Object fast;
        try {
            BigDecimal read = FAST.readValue(json, Amount.class).amount();
            fast = read == null ? "null" : read.toString() + " scale " + read.scale();
        } catch (Exception e) {
            fast = e.getClass();
        }
        assertThat(fast).as(json).isEqualTo(standard);
    }

    private static void assertSameAsStandard(String dateJson) {
        String json = "{\"date\":" + dateJson + "}";
        Object standard;
        try {
            standard = STANDARD.readValue(json, Dated.class);
        } catch (Exception e) {
            standard = e.getClass();
        }
        Object fast;
        try {
            fast = FAST.readValue(json, Dated.class);
        } catch (Exception e) {
            fast = e.getClass();
        }
        assertThat(fast).as(json).isEqualTo(standard);
    }
}
