package io.ledgerline.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpcasterChainTest {

    /** v1 had one "amount" string; v2 split it into value and currency. */
    private static final EventUpcaster SPLIT_AMOUNT = upcaster("PaymentReceived", 1, payload -> {
        String[] amount = payload.remove("amount").asText().split(" ");
        payload.put("currency", amount[0]);
        payload.put("value", new java.math.BigDecimal(amount[1]));
        return payload;
    });

    /** v3 nests them under "amount". */
    private static final EventUpcaster NEST_AMOUNT = upcaster("PaymentReceived", 2, payload -> {
        ObjectNode amount = payload.putObject("amount");
        amount.set("currency", payload.remove("currency"));
        amount.set("value", payload.remove("value"));
        return payload;
    });

    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase("upcaster_test");
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @Test
    void aV1PayloadIsReadAsV3ThroughBothUpcasters() {
        // Registered out of order on purpose: the chain follows versions, not list order.
        EventStore store = new EventStore(db.pool, new UpcasterChain(List.of(NEST_AMOUNT, SPLIT_AMOUNT)));
        String stream = "account-" + UUID.randomUUID();
        EventToAppend v1 = new EventToAppend(UUID.randomUUID(), "PaymentReceived", 1, "customer-7",
                "{\"paymentId\":\"P-1\",\"amount\":\"EUR 1250.10\"}", null);
        EventToAppend current = new EventToAppend(UUID.randomUUID(), "PaymentReceived", 3, "customer-7",
                "{\"paymentId\":\"P-2\",\"amount\":{\"currency\":\"EUR\",\"value\":5.00}}", null);
        EventToAppend otherType = TestEvents.event("InvoiceIssued", "{\"amount\":\"EUR 1\"}");
        db.pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(stream, 0, List.of(v1, current, otherType)))))
                .await().indefinitely();

        List<RecordedEvent> events = store.readStream(db.pool, stream).await().indefinitely();

        assertThat(events).extracting(RecordedEvent::schemaVersion).containsExactly(3, 3, 1);
        assertThat(events.get(0).payloadJson())
                .as("the scale of the amount survives the trip through the tree")
                .isEqualTo("{\"paymentId\":\"P-1\",\"amount\":{\"currency\":\"EUR\",\"value\":1250.10}}");
        assertThat(events.get(1).payloadJson()).isEqualTo("{\"amount\": {\"value\": 5.00, \"currency\": \"EUR\"}, \"paymentId\": \"P-2\"}");
        assertThat(events.get(2).payloadJson()).isEqualTo("{\"amount\": \"EUR 1\"}");
        // Global reads are upcast too.
        assertThat(store.readAllAfter(db.pool, GlobalPosition.START, 10).await().indefinitely())
                .extracting(RecordedEvent::schemaVersion).containsExactly(3, 3, 1);
    }

    @Test
    void aGlobalReadWithThePayloadsOfSomeTypesReturnsEveryEventAndUpcastsOnlyThose() {
        // A fresh database: a global read returns every event of the store.
        try (TestDatabase own = new TestDatabase("upcaster_payloads_of_test")) {
            EventStore store = new EventStore(own.pool, new UpcasterChain(List.of(NEST_AMOUNT, SPLIT_AMOUNT)));
            String stream = "account-" + UUID.randomUUID();
            EventToAppend v1 = new EventToAppend(UUID.randomUUID(), "PaymentReceived", 1, "customer-7",
                    "{\"paymentId\":\"P-1\",\"amount\":\"EUR 1250.10\"}", "{\"by\":\"lockbox\"}");
            EventToAppend invoice = TestEvents.event("InvoiceIssued", "{\"amount\":\"EUR 1\"}");
            own.pool.withTransaction(tx -> store.append(tx, List.of(new StreamAppend(stream, 0, List.of(v1, invoice)))))
                    .await().indefinitely();

            List<RecordedEvent> onlyInvoices = store.readAllAfter(own.pool, GlobalPosition.START, 10,
                    java.util.Set.of("InvoiceIssued")).await().indefinitely();

            // Every event, in order, with its position: a relay passing over the payment still moves past it.
            assertThat(onlyInvoices).extracting(RecordedEvent::eventType)
                    .containsExactly("PaymentReceived", "InvoiceIssued");
            assertThat(onlyInvoices).extracting(RecordedEvent::globalPosition).isEqualTo(
                    store.readAllAfter(own.pool, GlobalPosition.START, 10).await().indefinitely().stream()
                            .map(RecordedEvent::globalPosition).toList());
            // The payment comes without payload or metadata, and was not upcast (there was nothing to upcast).
            assertThat(onlyInvoices.get(0).payloadJson()).isNull();
            assertThat(onlyInvoices.get(0).metadataJson()).isNull();
            assertThat(onlyInvoices.get(0).schemaVersion()).isEqualTo(1);
            assertThat(onlyInvoices.get(1).payloadJson()).isEqualTo("{\"amount\": \"EUR 1\"}");

            List<RecordedEvent> onlyPayments = store.readAllAfter(own.pool, GlobalPosition.START, 10,
                    java.util.Set.of("PaymentReceived")).await().indefinitely();
            assertThat(onlyPayments.get(0).schemaVersion()).as("a type named is upcast as in any read").isEqualTo(3);
            assertThat(onlyPayments.get(0).payloadJson())
                    .isEqualTo("{\"paymentId\":\"P-1\",\"amount\":{\"currency\":\"EUR\",\"value\":1250.10}}");
            assertThat(onlyPayments.get(0).metadataJson()).isEqualTo("{\"by\": \"lockbox\"}");
            assertThat(onlyPayments.get(1).payloadJson()).isNull();
        }
    }

    @Test
    void twoUpcastersFromTheSameVersionOfATypeAreRefused() {
        EventUpcaster clash = upcaster("PaymentReceived", 1, payload -> payload);

        assertThatThrownBy(() -> new UpcasterChain(List.of(SPLIT_AMOUNT, clash)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PaymentReceived v1");
    }

    private static EventUpcaster upcaster(String type, int from, java.util.function.UnaryOperator<ObjectNode> change) {
        return new EventUpcaster() {
            @Override
            public String eventType() {
                return type;
            }

            @Override
            public int fromSchemaVersion() {
                return from;
            }

            @Override
            public ObjectNode upcast(ObjectNode payload) {
                return change.apply(payload);
            }
        };
    }
}
