package io.ledgerline.collections.rest;

import io.ledgerline.collections.service.CaseCommands;
import io.ledgerline.events.collections.CollectionsEvent;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** What a command answers: the events it recorded (none when it changed nothing) and the new version as ETag. */
final class CommandResponses {

    record Recorded(List<Entry> events, long version) {
    }

    /** An event as recorded: its type and its payload. */
    record Entry(String type, CollectionsEvent event) {
    }

    private CommandResponses() {
    }

    static Response of(CaseCommands.Outcome outcome) {
        List<Entry> entries = outcome.events().stream().map(e -> new Entry(e.getClass().getSimpleName(), e)).toList();
        return Response.status(entries.isEmpty() ? 200 : 201).entity(new Recorded(entries, outcome.version()))
                .tag(new EntityTag(String.valueOf(outcome.version()))).build();
    }
}
