package io.ledgerline.receivables.ingest;

import io.ledgerline.receivables.domain.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every limit of ingest-v1 (clarified 2026-12-01), in every field it applies to, read by the decoder alone: each
 * hostile record is refused with the contract's code, each record at the limit reads as valid, and reading never
 * throws. The same records go through the running service in {@code HostileIngestTest}.
 */
class IngestLimitsTest {

    private final IngestDecoder decoder = new IngestDecoder(256 * 1024);

    static List<HostileRecords.Case> cases() {
        return HostileRecords.all("C-1042", "unit");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void each_record_reads_as_the_contract_says(HostileRecords.Case hostile) {
        IngestDecoding decoding = decoder.decode(hostile.asRecord());
        if (hostile.expectedCode() == null) {
            assertThat(decoding).as(hostile.name()).isInstanceOf(IngestDecoding.Decoded.class);
        } else {
            assertThat(decoding).as(hostile.name()).isInstanceOf(IngestDecoding.Invalid.class);
            var rejection = ((IngestDecoding.Invalid) decoding).rejection();
            assertThat(rejection.code()).as(hostile.name() + ": " + rejection.detail()).isEqualTo(hostile.expectedCode());
            assertThat(rejection.detail()).isNotBlank().hasSizeLessThan(2000);
        }
    }

    @Test
    void the_suite_covers_every_limit_with_enough_records() {
        List<HostileRecords.Case> all = cases();
        Map<String, Long> byCode = all.stream().filter(c -> c.expectedCode() != null)
                .collect(Collectors.groupingBy(HostileRecords.Case::expectedCode, TreeMap::new, Collectors.counting()));
        assertThat(byCode.values().stream().mapToLong(Long::longValue).sum()).isGreaterThanOrEqualTo(200);
        assertThat(byCode).containsKeys(RejectionCode.INVALID_CHARACTER, RejectionCode.TEXT_TOO_LONG,
                RejectionCode.INVALID_ATTRIBUTE, RejectionCode.INVALID_AMOUNT, RejectionCode.TOO_MANY_DECIMALS,
                RejectionCode.DATE_OUT_OF_RANGE, RejectionCode.DATE_IN_FUTURE, RejectionCode.DUE_DATE_TOO_FAR,
                RejectionCode.TOO_MANY_ALLOCATIONS, RejectionCode.INVALID_IDENTIFIER, RejectionCode.VALUE_TOO_LARGE,
                RejectionCode.MALFORMED_JSON, RejectionCode.INVALID_DATE, RejectionCode.INVALID_FIELD);
    }

    @Test
    void the_same_message_in_both_modes_and_any_key_order_has_one_fingerprint() {
        var a = (IngestDecoding.Decoded) decoder.decode(IngestDecoderTest.binary("ledgerline.ingest.invoices",
                "InvoiceIssued", "C-1042", """
                        {"invoiceId": "INV-1", "customerId": "C-1042", "issueDate": "2026-10-01",
                         "dueDate": "2026-10-31", "currency": "EUR", "amount": 1250.0, "x": 1e999999999}"""));
        var b = (IngestDecoding.Decoded) decoder.decode(IngestDecoderTest.binary("ledgerline.ingest.invoices",
                "InvoiceIssued", "C-1042", """
                        {"x": 10e999999998, "amount": 1250.00, "customerId": "C-1042", "invoiceId": "INV-1",
                         "issueDate": "2026-10-01", "dueDate": "2026-10-31", "currency": "EUR"}"""));
        var c = (IngestDecoding.Decoded) decoder.decode(IngestDecoderTest.binary("ledgerline.ingest.invoices",
                "InvoiceIssued", "C-1042", """
                        {"invoiceId": "INV-1", "customerId": "C-1042", "issueDate": "2026-10-01",
                         "dueDate": "2026-10-31", "currency": "EUR", "amount": "1250.00"}"""));
        assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }

    @Test
    void a_source_with_a_space_cannot_collide_with_another_pair() {
        assertThat(IngestDecoder.messageId("a b", "c")).isNotEqualTo(IngestDecoder.messageId("a", "b c"));
    }
}
