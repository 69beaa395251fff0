package io.ledgerline.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.function.Consumer;

import static io.ledgerline.events.EventTypes.INGEST_AREA;
import static io.ledgerline.events.EventTypes.RECEIVABLES_AREA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSchemasTest {

    private static final String INVOICE = """
            {"invoiceId": "INV-1", "customerId": "C-1", "issueDate": "2026-10-01", "dueDate": "2026-10-31",
             "currency": "EUR", "amount": "1250.00"}""";
    private static final String PAYMENT = """
            {"paymentId": "PAY-1", "customerId": "C-1", "receivedDate": "2026-10-29", "currency": "EUR",
             "amount": "1200.00", "method": "SEPA", "reference": "INV-1",
             "allocations": [{"invoiceId": "INV-1", "amount": "1200.00"}]}""";

    private static List<String> invoiceViolations(Consumer<ObjectNode> change) {
        return violations("InvoiceIssued", INVOICE, change);
    }

    private static List<String> violations(String eventName, String json, Consumer<ObjectNode> change) {
        ObjectNode data = (ObjectNode) EventJson.readTree(json);
        change.accept(data);
        return EventSchemas.validate(INGEST_AREA, eventName, 1, data);
    }

    @Test
    void aValidPayloadHasNoViolations() {
        assertThat(invoiceViolations(data -> { })).isEmpty();
        assertThat(violations("PaymentReceived", PAYMENT, data -> { })).isEmpty();
    }

    @Test
    void unknownFieldsAreACompatibleExtension() {
        assertThat(invoiceViolations(data -> data.put("costCenter", "4711"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"invoiceId", "customerId", "issueDate", "dueDate", "currency", "amount"})
    void aMissingRequiredFieldIsNamed(String field) {
        assertThat(invoiceViolations(data -> data.remove(field)))
                .singleElement().asString().contains("required", field);
    }

    @Test
    void theClarifiedOptionalFieldsMayBeLeftOut() {
        assertThat(violations("PaymentReceived", PAYMENT, data -> {
            data.remove("reference");
            data.remove("allocations");
        })).isEmpty();
        assertThat(violations("PaymentReturned", """
                {"paymentId": "PAY-1", "customerId": "C-1", "returnedDate": "2026-11-02", "reasonCode": "AC04"}""",
                data -> { })).isEmpty();
        assertThat(violations("InvoiceCancelled", """
                {"invoiceId": "INV-1", "customerId": "C-1", "cancelledDate": "2026-10-03"}""", data -> { })).isEmpty();
    }

    @Test
    void theLimitsAreInTheSchemas() {
        assertThat(invoiceViolations(data -> data.put("amount", "1234567890123456.00"))).isNotEmpty();
        assertThat(invoiceViolations(data -> data.put("amount", "999999999999999.99"))).isEmpty();
        assertThat(invoiceViolations(data -> data.put("issueDate", "9999-12-31"))).isNotEmpty();
        assertThat(invoiceViolations(data -> data.put("description", "x".repeat(1001)))).isNotEmpty();
        assertThat(invoiceViolations(data -> data.put("description", "a\u0000b"))).isNotEmpty();
        assertThat(invoiceViolations(data -> data.put("description", "line\nnext"))).isEmpty();
        assertThat(invoiceViolations(data -> data.put("purchaseOrder", "line\nnext"))).isNotEmpty();
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        assertThat(violations("CustomerUpdated", """
                {"customerId": "C-1", "name": "Nordwind Logistik GmbH", "countryCode": "DE"}""", data -> { }))
                .isEmpty();
        assertThat(violations("PaymentReceived", PAYMENT, data -> data.remove("allocations"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "INV 1", "INV#1", "Ä-1",
            "A234567890123456789012345678901234567890123456789012345678901234X"})
    void aBadIdentifierIsRejected(String invoiceId) {
        assertThat(invoiceViolations(data -> data.put("invoiceId", invoiceId)))
                .singleElement().asString().startsWith("$.invoiceId");
    }

    @Test
    void anIdentifierOfSixtyFourAllowedCharactersIsAccepted() {
        assertThat(invoiceViolations(data -> data.put("invoiceId", "a.b_c:d/e-" + "9".repeat(54)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12a.00", "1,250.00", "1e3", "-5.00", "0", "0.00", "+1.00", " 1.00", "1.", ".5", "01.00"})
    void aMalformedNegativeOrZeroAmountStringIsRejected(String amount) {
        assertThat(invoiceViolations(data -> data.put("amount", amount)))
                .isNotEmpty().allSatisfy(violation -> assertThat(violation).startsWith("$.amount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1250.00", "0.01", "0.5", "1000000", "12.345"})
    void aPlainPositiveDecimalStringIsAccepted(String amount) {
        assertThat(invoiceViolations(data -> data.put("amount", amount))).isEmpty();
    }

    @Test
    void aJsonNumberAmountIsAcceptedWhenPositive() {
        assertThat(invoiceViolations(data -> data.put("amount", new java.math.BigDecimal("1250.10")))).isEmpty();
        assertThat(invoiceViolations(data -> data.put("amount", -5))).isNotEmpty()
                .allSatisfy(violation -> assertThat(violation).startsWith("$.amount"));
        assertThat(invoiceViolations(data -> data.put("amount", 0))).isNotEmpty();
    }

    @Test
    void anAllocationNeedsAPositiveAmount() {
        assertThat(violations("PaymentReceived", PAYMENT,
                data -> ((ObjectNode) data.get("allocations").get(0)).put("amount", "-1.00")))
                .isNotEmpty().allSatisfy(violation -> assertThat(violation).startsWith("$.allocations[0].amount"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "E1R", ""})
    void aBadCurrencyIsRejected(String currency) {
        assertThat(invoiceViolations(data -> data.put("currency", currency)))
                .singleElement().asString().startsWith("$.currency");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-01", "2026-02-30", "01.10.2026", "2026-10-01T00:00:00Z", "2026-1-1"})
    void aBadDateIsRejected(String date) {
        assertThat(invoiceViolations(data -> data.put("issueDate", date)))
                .isNotEmpty().allSatisfy(violation -> assertThat(violation).startsWith("$.issueDate"));
    }

    @Test
    void anUnknownPaymentMethodIsRejected() {
        assertThat(violations("PaymentReceived", PAYMENT, data -> data.put("method", "BITCOIN")))
                .singleElement().asString().startsWith("$.method");
    }

    @Test
    void aBadCountryCodeIsRejected() {
        assertThat(violations("CustomerUpdated", """
                {"customerId": "C-1", "name": "Nordwind Logistik GmbH", "countryCode": "DEU"}""", data -> { }))
                .singleElement().asString().startsWith("$.countryCode");
    }

    @Test
    void aManualWriteOffMustNameWhoWroteItOff() {
        ObjectNode writeOff = (ObjectNode) EventJson.readTree("""
                {"customerId": "C-1", "invoiceId": "INV-1", "writeOffId": "WO-1", "currency": "EUR",
                 "amount": "12.00", "writtenOffDate": "2026-11-02", "reason": "small balance", "automatic": true}""");
        assertThat(EventSchemas.validate(RECEIVABLES_AREA, "InvoiceWrittenOff", 1, writeOff)).isEmpty();

        writeOff.put("automatic", false);
        assertThat(EventSchemas.validate(RECEIVABLES_AREA, "InvoiceWrittenOff", 1, writeOff))
                .singleElement().asString().contains("writtenOffBy");
    }

    @Test
    void anUnknownEventTypeHasNoSchema() {
        assertThat(EventSchemas.exists(INGEST_AREA, "InvoicePaid", 1)).isFalse();
        assertThatThrownBy(() -> EventSchemas.validate(INGEST_AREA, "InvoicePaid", 1, EventJson.readTree("{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schemas/ingest/InvoicePaid.v1.json");
    }

    @Test
    void aParsedTypeFindsItsSchema() {
        EventTypes.ParsedType type = EventTypes.parse("io.ledgerline.ingest.InvoiceIssued.v1").orElseThrow();

        assertThat(EventSchemas.validate(type, EventJson.readTree(INVOICE))).isEmpty();
    }

    private static final String RESOLVED = """
            {"customerId": "C-1", "disputeId": "DSP-1", "resolutionId": "RES-1", "outcome": "PARTIALLY_ACCEPTED",
             "currency": "EUR", "reason": "one pallet damaged", "resolvedDate": "2026-11-10",
             "by": {"subject": "analyst.kim", "roles": ["DISPUTE_ANALYST"]},
             "invoices": [{"invoiceId": "INV-1", "disputedAmount": "50.00", "creditAmount": "0.00"}]}""";

    private static List<String> domainViolations(String area, String name, String json, Consumer<ObjectNode> change) {
        ObjectNode data = (ObjectNode) EventJson.readTree(json);
        change.accept(data);
        return EventSchemas.validate(area, name, 1, data);
    }

    @Test
    void aCreditOfZeroIsAllowedButNotANegativeOne() {
        assertThat(domainViolations("disputes", "DisputeResolved", RESOLVED, data -> { })).isEmpty();
        assertThat(domainViolations("disputes", "DisputeResolved", RESOLVED,
                data -> ((ObjectNode) data.get("invoices").get(0)).put("creditAmount", "-1.00")))
                .singleElement().asString().startsWith("$.invoices[0].creditAmount");
    }

    @Test
    void anActorNeedsASubjectAndItsRoles() {
        assertThat(domainViolations("disputes", "DisputeResolved", RESOLVED,
                data -> ((ObjectNode) data.get("by")).remove("subject")))
                .singleElement().asString().startsWith("$.by").contains("subject");
        assertThat(domainViolations("disputes", "DisputeResolved", RESOLVED, data -> data.remove("by")))
                .singleElement().asString().contains("by");
    }

    @Test
    void aResolvedDisputeNamesAtLeastOneInvoice() {
        assertThat(domainViolations("disputes", "DisputeResolved", RESOLVED, data -> data.putArray("invoices")))
                .singleElement().asString().startsWith("$.invoices");
    }

    @Test
    void aDeductionNamesTheShortPayment() {
        String deduction = """
                {"customerId": "C-1", "disputeId": "DSP-2", "kind": "DEDUCTION", "reasonCode": "SHORT_PAYMENT",
                 "currency": "EUR", "invoices": [{"invoiceId": "INV-1", "amount": "50.00"}],
                 "openedDate": "2026-11-02", "sourcePaymentId": "PAY-1"}""";

        assertThat(domainViolations("disputes", "DisputeOpened", deduction, data -> { })).isEmpty();
        assertThat(domainViolations("disputes", "DisputeOpened", deduction, data -> data.remove("sourcePaymentId")))
                .singleElement().asString().contains("sourcePaymentId");
        assertThat(domainViolations("disputes", "DisputeOpened", deduction, data -> {
            data.put("kind", "DISPUTE");
            data.remove("sourcePaymentId");
        })).isEmpty();
    }

    @Test
    void anApprovedDecisionSaysTheApprovedLimit() {
        String approved = """
                {"customerId": "C-1", "applicationId": "APP-1", "decision": "APPROVED", "scorecard": "sc-1",
                 "score": 600, "riskClass": "B", "currency": "EUR", "requestedLimit": "1000.00",
                 "recommendedLimit": "800.00", "approvedLimit": "800.00", "featurePoints": [], "adverseFactors": [],
                 "asOf": "2026-11-02"}""";

        assertThat(domainViolations("credit", "CreditDecisionMade", approved, data -> { })).isEmpty();
        assertThat(domainViolations("credit", "CreditDecisionMade", approved, data -> data.remove("approvedLimit")))
                .singleElement().asString().contains("approvedLimit");
        assertThat(domainViolations("credit", "CreditDecisionMade", approved, data -> {
            data.put("decision", "DECLINED");
            data.remove("approvedLimit");
        })).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-120.50", "0", "0.00", "38.7"})
    void anExposureOrKpiValueMayHaveAnySign(String value) {
        String kpi = """
                {"kpi": "ADD", "scope": "portfolio", "period": "2026-10", "periodStart": "2026-10-01",
                 "periodEnd": "2026-10-31", "value": "1", "unit": "DAYS", "formula": "dso-minus-bpdso",
                 "inputs": [], "asOf": "2026-11-01", "restated": false}""";

        assertThat(domainViolations("reporting", "KpiCalculated", kpi, data -> data.put("value", value))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e3", "+5", "01.5", "1,000.00", "-"})
    void aMalformedSignedDecimalIsRejected(String value) {
        String kpi = """
                {"kpi": "ADD", "scope": "portfolio", "period": "2026-10", "periodStart": "2026-10-01",
                 "periodEnd": "2026-10-31", "value": "1", "unit": "DAYS", "formula": "dso-minus-bpdso",
                 "inputs": [], "asOf": "2026-11-01", "restated": false}""";

        assertThat(domainViolations("reporting", "KpiCalculated", kpi, data -> data.put("value", value)))
                .singleElement().asString().startsWith("$.value");
    }

    @Test
    void aKpiKeyPartMayNotContainASlash() {
        String kpi = """
                {"kpi": "CEI", "scope": "collector:a/b", "period": "2026-10", "periodStart": "2026-10-01",
                 "periodEnd": "2026-10-31", "value": "81.5", "unit": "PERCENT", "formula": "cei-full-period",
                 "inputs": [], "asOf": "2026-11-01", "restated": false}""";

        assertThat(domainViolations("reporting", "KpiCalculated", kpi, data -> { }))
                .singleElement().asString().startsWith("$.scope");
    }

    @Test
    void aPartOfAnInvoicePausedNamesTheInvoiceAndTheAmount() {
        String paused = """
                {"customerId": "C-1", "holdId": "DH-1", "scope": "PART_OF_INVOICE", "invoiceId": "INV-1",
                 "currency": "EUR", "amount": "50.00", "reasonCode": "DISPUTE", "from": "2026-11-02"}""";

        assertThat(domainViolations("collections", "DunningPaused", paused, data -> { })).isEmpty();
        assertThat(domainViolations("collections", "DunningPaused", paused, data -> data.remove("amount")))
                .singleElement().asString().contains("amount");
        assertThat(domainViolations("collections", "DunningPaused", paused, data -> {
            data.put("scope", "ACCOUNT");
            data.remove("invoiceId");
            data.remove("currency");
            data.remove("amount");
        })).isEmpty();
    }

    @Test
    void aContactTimeIsAnInstant() {
        String contact = """
                {"customerId": "C-1", "contactId": "CON-1", "channel": "PHONE", "direction": "OUTBOUND",
                 "outcome": "NO_ANSWER", "contactedAt": "2026-11-02T08:00:00-05:00"}""";

        assertThat(domainViolations("collections", "ContactLogged", contact, data -> { })).isEmpty();
        assertThat(domainViolations("collections", "ContactLogged", contact,
                data -> data.put("contactedAt", "2026-11-02"))).singleElement().asString().startsWith("$.contactedAt");
    }
}
