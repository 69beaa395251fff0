package io.ledgerline.disputes.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.disputes.DisputesEvent;

import java.util.List;

/** Response shapes of the case commands. */
public final class DisputeViews {

    private DisputeViews() {
    }

    public record Event(String type, JsonNode data) {
        static Event of(DisputesEvent event) {
            return new Event(event.getClass().getSimpleName(), EventJson.toTree(event));
        }
    }

    /** What a command recorded and the case version after it (send it back as If-Match to edit again). */
    public record CommandResult(String disputeId, long version, List<Event> events) {
    }
}
