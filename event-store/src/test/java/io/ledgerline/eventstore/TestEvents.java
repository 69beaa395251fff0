package io.ledgerline.eventstore;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Small events for tests: the payload names the stream and a sequence number, so reads can be checked by eye. */
final class TestEvents {

    private TestEvents() {
    }

    static EventToAppend event(String type, String payloadJson) {
        return new EventToAppend(UUID.randomUUID(), type, 1, "customer-1", payloadJson, "{\"source\":\"test\"}");
    }

    static List<EventToAppend> events(String streamId, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> event("InvoiceIssued", "{\"stream\":\"" + streamId + "\",\"n\":" + n + "}"))
                .toList();
    }

    static StreamAppend append(String streamId, long expectedVersion, int count) {
        return new StreamAppend(streamId, expectedVersion, events(streamId, count));
    }
}
