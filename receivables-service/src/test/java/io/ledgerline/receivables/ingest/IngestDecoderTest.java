package io.ledgerline.receivables.ingest;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.receivables.domain.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IngestDecoderTest {

    private static final String INVOICE = """
            {"invoiceId": "INV-2026-000123", "customerId": "C-1042", "issueDate": "2026-10-01",
             "dueDate": "2026-10-31", "currency": "EUR", "amount": "1250.00",
             "purchaseOrder": "PO-77", "description": "October freight"}""";

    private final IngestDecoder decoder = new IngestDecoder(64 * 1024);

    static IngestRecord binary(String topic, String type, String key, String data) {
        List<IngestRecord.Header> headers = new ArrayList<>();
        headers.add(header("ce_specversion", "1.0"));
        headers.add(header("ce_id", "m-1"));
        headers.add(header("ce_source", "erp-eu-1"));
        headers.add(header("ce_type", "io.ledgerline.ingest." + type + ".v1"));
        headers.add(header("content-type", "application/json"));
        return new IngestRecord(topic, 0, 7, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                data.getBytes(StandardCharsets.UTF_8), headers);
    }

    static IngestRecord.Header header(String name, String value) {
        return new IngestRecord.Header(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private IngestDecoding invoice(String data) {
        return decoder.decode(binary("ledgerline.ingest.invoices", "InvoiceIssued", "C-1042", data));
    }

    private static void assertRejected(IngestDecoding decoding, String code, String field) {
        assertThat(decoding).isInstanceOf(IngestDecoding.Invalid.class);
        var rejection = ((IngestDecoding.Invalid) decoding).rejection();
        assertThat(rejection.code()).isEqualTo(code);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.detail()).isNotBlank();
    }

    @Test
    void binary_mode_contract_example_decodes_exactly() {
        var decoded = (IngestDecoding.Decoded) invoice(INVOICE);
        assertThat(decoded.messageId()).isEqualTo("erp-eu-1 m-1");
        var invoice = (IngestEvent.InvoiceIssued) decoded.event();
        assertThat(invoice.amount()).isEqualByComparingTo("1250.00").hasScaleOf(2);
        assertThat(invoice.purchaseOrder()).isEqualTo("PO-77");
    }

    @Test
    void structured_mode_decodes_the_same_event() {
        String value = """
                {"specversion": "1.0", "id": "m-2", "source": "bank-1", "type": "io.ledgerline.ingest.InvoiceIssued.v1",
                 "time": "2026-10-01T10:00:00Z", "data": %s}""".formatted(INVOICE);
        var record = new IngestRecord("ledgerline.ingest.invoices", 0, 1, "C-1042".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), List.of(header("content-type", "application/cloudevents+json; charset=UTF-8")));
        var decoded = (IngestDecoding.Decoded) decoder.decode(record);
        assertThat(decoded.messageId()).isEqualTo("bank-1 m-2");
        assertThat(decoded.event()).isEqualTo(((IngestDecoding.Decoded) invoice(INVOICE)).event());
    }

    @Test
    void a_json_number_amount_is_accepted_when_exact() {
        var decoded = (IngestDecoding.Decoded) invoice(INVOICE.replace("\"1250.00\"", "1250.5"));
        assertThat(((IngestEvent.InvoiceIssued) decoded.event()).amount()).isEqualByComparingTo("1250.50").hasScaleOf(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing field         | \"customerId\": \"C-1042\",  |                                | MISSING_FIELD        | customerId",
            "bad currency          | \"EUR\"                     | \"EURO\"                       | INVALID_CURRENCY     | currency",
            "unknown currency      | \"EUR\"                     | \"XYZ\"                        | INVALID_CURRENCY     | currency",
            "too many decimals     | \"1250.00\"                 | \"1250.001\"                   | TOO_MANY_DECIMALS    | amount",
            "negative amount       | \"1250.00\"                 | \"-5.00\"                      | INVALID_AMOUNT       | amount",
            "zero amount           | \"1250.00\"                 | \"0.00\"                       | INVALID_AMOUNT       | amount",
            "amount with letters   | \"1250.00\"                 | \"12a\"                        | INVALID_AMOUNT       | amount",
            "due before issue      | \"2026-10-31\"              | \"2026-09-30\"                 | DUE_DATE_BEFORE_ISSUE_DATE | dueDate",
            "not a calendar date   | \"2026-10-01\"              | \"2026-02-30\"                 | INVALID_DATE         | issueDate",
            "bad identifier        | \"INV-2026-000123\"         | \"INV 123\"                    | INVALID_IDENTIFIER   | invoiceId",
    })
    void invalid_data_is_rejected_naming_the_field(String name, String replace, String with, String code, String field) {
        assertRejected(invoice(INVOICE.replace(replace.strip(), with == null ? "" : with.strip())), code, field);
    }

    @Test
    void yen_has_no_minor_units() {
        assertRejected(invoice(INVOICE.replace("\"EUR\"", "\"JPY\"")), RejectionCode.TOO_MANY_DECIMALS, "amount");
        assertThat(invoice(INVOICE.replace("\"EUR\"", "\"JPY\"").replace("1250.00", "1250")))
                .isInstanceOf(IngestDecoding.Decoded.class);
    }

    @Test
    void malformed_json_is_rejected() {
        assertRejected(invoice("{\"invoiceId\": "), RejectionCode.MALFORMED_JSON, null);
    }

    @Test
    void unknown_type_and_wrong_topic_are_rejected() {
        assertRejected(decoder.decode(binary("ledgerline.ingest.invoices", "InvoicePaid", "C-1042", INVOICE)),
                RejectionCode.UNKNOWN_EVENT_TYPE, "ce_type");
        assertRejected(decoder.decode(binary("ledgerline.ingest.payments", "InvoiceIssued", "C-1042", INVOICE)),
                RejectionCode.WRONG_TOPIC, "ce_type");
    }

    @Test
    void key_must_be_the_customer() {
        assertRejected(decoder.decode(binary("ledgerline.ingest.invoices", "InvoiceIssued", "C-9", INVOICE)),
                RejectionCode.KEY_MISMATCH, "key");
        assertRejected(decoder.decode(binary("ledgerline.ingest.invoices", "InvoiceIssued", null, INVOICE)),
                RejectionCode.MISSING_KEY, "key");
    }

    @Test
    void oversized_values_are_rejected_before_parsing() {
        String big = INVOICE.replace("October freight", "x".repeat(70 * 1024));
        assertRejected(invoice(big), RejectionCode.VALUE_TOO_LARGE, null);
    }

    @Test
    void a_time_attribute_must_be_an_rfc_3339_timestamp() {
        var record = binary("ledgerline.ingest.invoices", "InvoiceIssued", "C-1042", INVOICE);
        List<IngestRecord.Header> headers = new ArrayList<>(record.headers());
        headers.add(header("ce_time", "yesterday"));
        assertRejected(decoder.decode(new IngestRecord(record.topic(), 0, 1, record.key(), record.value(), headers)),
                RejectionCode.INVALID_ATTRIBUTE, "ce_time");
        headers.set(headers.size() - 1, header("ce_time", "2026-10-01T08:00:00+02:00"));
        assertThat(decoder.decode(new IngestRecord(record.topic(), 0, 1, record.key(), record.value(), headers)))
                .isInstanceOf(IngestDecoding.Decoded.class);
        String structured = """
                {"specversion": "1.0", "id": "m-3", "source": "bank-1", "type": "io.ledgerline.ingest.InvoiceIssued.v1",
                 "time": "31.10.2026", "data": %s}""".formatted(INVOICE);
        assertRejected(decoder.decode(new IngestRecord("ledgerline.ingest.invoices", 0, 1,
                        "C-1042".getBytes(StandardCharsets.UTF_8), structured.getBytes(StandardCharsets.UTF_8),
                        List.of(header("content-type", "application/cloudevents+json")))),
                RejectionCode.INVALID_ATTRIBUTE, "time");
    }

    @Test
    void a_record_that_is_no_cloudevent_is_rejected() {
        var record = new IngestRecord("ledgerline.ingest.invoices", 0, 1, null, INVOICE.getBytes(StandardCharsets.UTF_8), List.of());
        assertRejected(decoder.decode(record), RejectionCode.NOT_A_CLOUDEVENT, null);
    }

    @Test
    void allocations_may_not_exceed_the_payment() {
        String payment = """
                {"paymentId": "PAY-5531", "customerId": "C-1042", "receivedDate": "2026-10-29", "currency": "EUR",
                 "amount": "100.00", "method": "SEPA", "reference": "INV-1 INV-2",
                 "allocations": [{"invoiceId": "INV-1", "amount": "60.00"}, {"invoiceId": "INV-2", "amount": "50.00"}]}""";
        assertRejected(decoder.decode(binary("ledgerline.ingest.payments", "PaymentReceived", "C-1042", payment)),
                RejectionCode.ALLOCATIONS_EXCEED_AMOUNT, "allocations");
        assertRejected(decoder.decode(binary("ledgerline.ingest.payments", "PaymentReceived", "C-1042",
                        payment.replace("\"SEPA\"", "\"BITCOIN\""))), RejectionCode.INVALID_PAYMENT_METHOD, "method");
    }
}
