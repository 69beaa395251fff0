package io.ledgerline.events;

import io.ledgerline.events.UnreadableEvent.Reason;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records built exactly as the event store's outbox relay publishes them (binary-mode CloudEvent headers, the JSON
 * payload as value, customerId as key) read back into their records; every way a record can be wrong fails with
 * its own reason.
 */
class DomainEventReaderTest {

    private static final Instant RECORDED = Instant.parse("2026-11-16T09:30:00.123456Z");
    private static final ReceivablesEvent.AccountCured CURED =
            new ReceivablesEvent.AccountCured("C-1042", LocalDate.of(2026, 11, 30));

    static Stream<Arguments> domainSamples() {
        return Stream.of(
                        EventSamples.RECEIVABLES.values(), EventSamples.CREDIT.values(),
                        EventSamples.COLLECTIONS.values(), EventSamples.DISPUTES.values())
                .flatMap(samples -> samples.stream().map(sample -> Arguments.of(
                        ((Class<?>) sample.getClass()).getSimpleName(), sample)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("domainSamples")
    void everyDomainEventReadsBackFromWhatTheRelayPublishes(String name, DomainEvent event) {
        String topic = Topics.domainTopicOf(EventTypes.areaOf(event.getClass()));
        ConsumerRecord<byte[], byte[]> record = published(topic, event, headers -> { });

        ConsumedEvent<? extends DomainEvent> consumed = DomainEventReader.readAny(record);

        assertThat(consumed.event()).isEqualTo(event);
        assertThat(consumed.type().ceType()).isEqualTo(EventTypes.typeOf(event.getClass()));
        assertThat(consumed.source()).isEqualTo("some-service");
        assertThat(consumed.id()).isEqualTo(header(record, "ce_id"));
        assertThat(consumed.subject()).isEqualTo("stream-" + event.customerId());
        assertThat(consumed.time()).isEqualTo(RECORDED);
        assertThat(consumed.customerId()).isEqualTo(event.customerId());
    }

    @Test
    void anAreaReaderGivesItsOwnTypeForAnExhaustiveSwitch() {
        ConsumedEvent<CreditEvent> consumed = DomainEventReader.CREDIT.read(published(Topics.CREDIT_EVENTS,
                (DomainEvent) EventSamples.CREDIT.get(CreditEvent.CreditHoldPlaced.class), headers -> { }));

        String hold = switch (consumed.event()) {
            case CreditEvent.CreditHoldPlaced e -> e.holdId();
            default -> "other";
        };
        assertThat(hold).isEqualTo("HOLD-4");
    }

    @Test
    void ceTimeIsOptional() {
        var consumed = DomainEventReader.RECEIVABLES.read(published(Topics.RECEIVABLES_EVENTS, CURED,
                headers -> headers.remove("ce_time")));

        assertThat(consumed.time()).isNull();
        assertThat(consumed.event()).isEqualTo(CURED);
    }

    @Test
    void aTombstoneOrARecordWithoutCloudEventHeadersIsNotACloudEvent() {
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>(Topics.RECEIVABLES_EVENTS, 0, 0,
                utf8("C-1042"), null);
        assertReason(() -> DomainEventReader.RECEIVABLES.read(tombstone), Reason.NOT_A_CLOUDEVENT, null);

        assertReason(() -> DomainEventReader.RECEIVABLES.read(new RecordHeaders(), utf8("C-1042"),
                EventJson.write(CURED)), Reason.NOT_A_CLOUDEVENT, null);
    }

    @Test
    void anEnvelopeProblemNamesItsHeader() {
        assertReason(read(CURED, h -> h.put("ce_specversion", "0.3")), Reason.UNSUPPORTED_SPEC_VERSION,
                "ce_specversion");
        assertReason(read(CURED, h -> h.remove("ce_specversion")), Reason.MISSING_ATTRIBUTE, "ce_specversion");
        assertReason(read(CURED, h -> h.remove("ce_id")), Reason.MISSING_ATTRIBUTE, "ce_id");
        assertReason(read(CURED, h -> h.remove("ce_source")), Reason.MISSING_ATTRIBUTE, "ce_source");
        assertReason(read(CURED, h -> h.remove("ce_type")), Reason.MISSING_ATTRIBUTE, "ce_type");
        assertReason(read(CURED, h -> h.put("ce_type", "com.example.receivables.AccountCured.v1")),
                Reason.INVALID_ATTRIBUTE, "ce_type");
        assertReason(read(CURED, h -> h.put("ce_time", "yesterday")), Reason.INVALID_ATTRIBUTE, "ce_time");
        assertReason(read(CURED, h -> h.put("content-type", "application/cloudevents+json")),
                Reason.UNSUPPORTED_CONTENT_TYPE, "content-type");
    }

    @Test
    void aTypeOfAnotherAreaIsOnTheWrongTopic() {
        var broken = EventSamples.COLLECTIONS.get(CollectionsEvent.PromiseToPayBroken.class);

        UnreadableEvent error = assertReason(() -> DomainEventReader.RECEIVABLES.read(
                published(Topics.RECEIVABLES_EVENTS, (DomainEvent) broken, h -> { })), Reason.WRONG_TOPIC, "ce_type");
        assertThat(error.type()).hasValueSatisfying(type -> assertThat(type.area()).isEqualTo("collections"));
    }

    @Test
    void anEventNameThisBuildDoesNotKnowIsUnknownSoAConsumerCanSkipIt() {
        UnreadableEvent error = assertReason(read(CURED,
                h -> h.put("ce_type", "io.ledgerline.receivables.AccountRehabilitated.v1")),
                Reason.UNKNOWN_EVENT_TYPE, "ce_type");

        assertThat(error.type()).hasValueSatisfying(type -> assertThat(type.name()).isEqualTo("AccountRehabilitated"));
    }

    @Test
    void anotherVersionThanTheRecordsIsUnsupported() {
        UnreadableEvent error = assertReason(read(CURED,
                h -> h.put("ce_type", "io.ledgerline.receivables.AccountCured.v2")),
                Reason.UNSUPPORTED_VERSION, "ce_type");

        assertThat(error.type()).hasValueSatisfying(type -> assertThat(type.version()).isEqualTo(2));
        assertThat(error).hasMessageContaining("v2").hasMessageContaining("the record is v1");
    }

    @Test
    void aValueThatIsNotJsonIsMalformed() {
        RecordHeaders headers = headers(Topics.RECEIVABLES_EVENTS, CURED, h -> { });

        assertReason(() -> DomainEventReader.RECEIVABLES.read(headers, utf8("C-1042"), utf8("{\"customerId\":")),
                Reason.MALFORMED_JSON, null);
    }

    @Test
    void aPayloadAgainstItsSchemaNamesTheField() {
        var disputed = new ReceivablesEvent.InvoiceDisputed("C-1042", "INV-1", "DSP-1", "EUR",
                new BigDecimal("-5.00"), LocalDate.of(2026, 11, 2));
        ConsumerRecord<byte[], byte[]> record = published(Topics.RECEIVABLES_EVENTS, disputed, h -> { });

        assertReason(() -> DomainEventReader.RECEIVABLES.read(record), Reason.INVALID_PAYLOAD, "$.amount");
        // A consumer that trusts its producer may skip the schema; the record still binds.
        assertThat(DomainEventReader.RECEIVABLES.withoutSchemaValidation().read(record).event()).isEqualTo(disputed);
    }

    @Test
    void aPayloadThatDoesNotBindToItsRecordIsInvalid() {
        RecordHeaders headers = headers(Topics.RECEIVABLES_EVENTS, CURED, h -> { });

        assertReason(() -> DomainEventReader.RECEIVABLES.withoutSchemaValidation().read(headers, utf8("C-1042"),
                utf8("{\"customerId\": \"C-1042\", \"asOf\": \"the 30th\"}")), Reason.INVALID_PAYLOAD, null);
    }

    @Test
    void theKeyMustBeTheEventsCustomer() {
        RecordHeaders headers = headers(Topics.RECEIVABLES_EVENTS, CURED, h -> { });
        byte[] value = EventJson.write(CURED);

        assertReason(() -> DomainEventReader.RECEIVABLES.read(headers, utf8("C-9999"), value),
                Reason.KEY_MISMATCH, "key");
        assertReason(() -> DomainEventReader.RECEIVABLES.read(headers, null, value), Reason.MISSING_KEY, "key");
    }

    @Test
    void onlyDomainTopicsHaveAReader() {
        assertThat(DomainEventReader.forTopic(Topics.DISPUTES_EVENTS)).isSameAs(DomainEventReader.DISPUTES);
        assertThat(DomainEventReader.of(DisputesEvent.class).area()).isEqualTo(EventTypes.DISPUTES_AREA);
        assertThatThrownBy(() -> DomainEventReader.forTopic(Topics.REPORTING_AGING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DomainEventReader.forTopic(Topics.INGEST_INVOICES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UnreadableEvent assertReason(Runnable read, Reason reason, String field) {
        try {
            read.run();
        } catch (UnreadableEvent e) {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            assertThat(e.field().orElse(null)).as(e.getMessage()).isEqualTo(field);
            return e;
        }
        throw new AssertionError("expected " + reason + ", but the record was read");
    }

    private static Runnable read(DomainEvent event, Consumer<Map<String, String>> change) {
        ConsumerRecord<byte[], byte[]> record = published(Topics.RECEIVABLES_EVENTS, event, change);
        return () -> DomainEventReader.RECEIVABLES.read(record);
    }

    /** What OutboxRelay.toRecord publishes for a stored event, with the headers changed as the test needs. */
    private static ConsumerRecord<byte[], byte[]> published(String topic, DomainEvent event,
                                                            Consumer<Map<String, String>> change) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, 42, utf8(event.customerId()),
                EventJson.write(event));
        headers(topic, event, change).forEach(header -> record.headers().add(header));
        return record;
    }

    private static RecordHeaders headers(String topic, DomainEvent event, Consumer<Map<String, String>> change) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ce_specversion", "1.0");
        values.put("ce_id", UUID.randomUUID().toString());
        values.put("ce_source", "some-service");
        values.put("ce_type", EventTypes.typeOf(event.getClass()));
        values.put("ce_subject", "stream-" + event.customerId());
        values.put("ce_time", RECORDED.toString());
        values.put("content-type", "application/json");
        change.accept(values);
        RecordHeaders headers = new RecordHeaders();
        values.forEach((name, value) -> headers.add(name, utf8(value)));
        return headers;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
