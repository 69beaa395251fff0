package io.ledgerline.collections.rest;

import io.ledgerline.collections.domain.CaseCommand;
import io.ledgerline.collections.service.CaseCommands;
import io.ledgerline.collections.service.CaseQueries;
import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ledgerline.support.Identifiers;
import io.ledgerline.support.FreeText;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.function.Function;

/**
 * Collection cases: read one in full or list them, and the collector's commands on a case. Commands act on the
 * case's customer; the case must be the customer's open one where the command needs an open case.
 */
@Path("/cases")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "cases")
public class CaseResource {

    private final CaseQueries queries;
    private final CaseCommands commands;
    private final CurrentCaller caller;

    public CaseResource(CaseQueries queries, CaseCommands commands, CurrentCaller caller) {
        this.queries = queries;
        this.commands = commands;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Cases, newest first; filter by status (OPEN, CLOSED) and collector")
    public Uni<List<CaseQueries.CaseSummary>> list(@QueryParam("status") String status,
                                                   @QueryParam("collector") String collector,
                                                   @QueryParam("limit") String limit) {
        if (status != null && !status.equals("OPEN") && !status.equals("CLOSED")) {
            throw ProblemException.invalidField("status", "INVALID_VALUE", "status is OPEN or CLOSED");
        }
        return queries.cases(status, collector, limit(limit, 100, 1000));
    }

    @GET
    @Path("/{caseId}")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "A case in full: items (what may be asked for today), holds, promises, plans, contacts, letters; ETag = version")
    public Uni<Response> get(@PathParam("caseId") String caseId) {
        return queries.caseDetail(caseId).map(detail -> Response.ok(detail)
                .tag(new EntityTag(String.valueOf(detail.version()))).build());
    }

    @GET
    @Path("/{caseId}/letters")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The letters and e-mails of a case, with their delivery state")
    public Uni<List<CaseQueries.LetterSummary>> letters(@PathParam("caseId") String caseId) {
        return queries.customerOfCase(caseId).chain(customer -> queries.letters(caseId));
    }

    @POST
    @Path("/{caseId}/holds")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Pause dunning for the account, an invoice or part of one (backdating allowed)")
    public Uni<Response> hold(@PathParam("caseId") String caseId, Requests.Hold body,
                              @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Hold b = body(body);
        text(b.note(), "note", MAX_TEXT);
        return onOpenCase(caseId, customer -> new CaseCommand.PlaceHold(customer, b.scope(), b.invoiceId(),
                b.currency(), b.amount(), b.reasonCode(), b.note(), b.from(), b.to()), by, ifMatch);
    }

    @POST
    @Path("/{caseId}/holds/{holdId}/release")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "End a collector's hold now")
    public Uni<Response> release(@PathParam("caseId") String caseId, @PathParam("holdId") String holdId,
                                 Requests.Release body,
                                 @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        String note = text(body == null ? null : body.note(), "note", MAX_TEXT);
        return onCase(caseId, customer -> new CaseCommand.ReleaseHold(customer, holdId, note), by, ifMatch);
    }

    @POST
    @Path("/{caseId}/promises")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Record a promise to pay; dunning pauses until its due date + grace")
    public Uni<Response> promise(@PathParam("caseId") String caseId, Requests.Promise body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Promise b = body(body);
        if (b.contactId() != null && !Identifiers.valid(b.contactId())) {
            throw ProblemException.invalidField("contactId", "INVALID_IDENTIFIER",
                    "contactId must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
        }
        return onOpenCase(caseId, customer -> new CaseCommand.MakePromise(customer, b.currency(), b.amount(),
                b.dueDate(), b.invoiceIds(), b.contactId()), by, ifMatch);
    }

    @POST
    @Path("/{caseId}/plans")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Agree a payment plan of instalments; dunning pauses while it is in good standing")
    public Uni<Response> plan(@PathParam("caseId") String caseId, Requests.Plan body,
                              @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Plan b = body(body);
        return onOpenCase(caseId, customer -> new CaseCommand.AgreePlan(customer, b.currency(),
                b.instalments() == null ? null : b.instalments().stream().map(i -> i == null ? null
                        : new CaseCommand.InstalmentTerms(i.dueDate(), i.amount())).toList(), b.invoiceIds()),
                by, ifMatch);
    }

    @POST
    @Path("/{caseId}/contacts")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Log a contact; an outbound one the contact rules forbid is refused naming the rule (a supervisor may override with a reason)")
    public Uni<Response> contact(@PathParam("caseId") String caseId, Requests.Contact body,
                                 @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Contact b = contact(body(body));
        return onCase(caseId, customer -> new CaseCommand.LogContact(customer, b.channel(), b.direction(), b.outcome(),
                b.contactedAt(), b.contactName(), b.notes(), b.purpose(), b.overrideReason()), by, ifMatch);
    }

    @POST
    @Path("/{caseId}/assignment")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "Give the case to another collector, with a reason (team lead)")
    public Uni<Response> assign(@PathParam("caseId") String caseId, Requests.Assignment body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Assignment b = body(body);
        // The collector is named in paths (/worklists/{collector}) and portfolio rules: an identifier, not prose.
        if (b.collector() != null && !b.collector().isBlank() && !Identifiers.valid(b.collector())) {
            throw ProblemException.invalidField("collector", "INVALID_IDENTIFIER",
                    "collector must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
        }
        text(b.reason(), "reason", MAX_TEXT);
        return onCase(caseId, customer -> new CaseCommand.AssignCase(customer, caseId, b.collector(), b.reason()), by,
                ifMatch);
    }

    @POST
    @Path("/{caseId}/escalations")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Hand the account to an agency or to legal, with the hand-over file")
    public Uni<Response> escalate(@PathParam("caseId") String caseId, Requests.Escalation body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Escalation b = body(body);
        text(b.handedTo(), "handedTo", MAX_TEXT);
        text(b.reason(), "reason", MAX_TEXT);
        return onCase(caseId, customer -> new CaseCommand.Escalate(customer, caseId, b.to(), b.handedTo(), b.reason()),
                by, ifMatch);
    }

    @POST
    @Path("/{caseId}/write-off-proposals")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Propose to receivables to write off part or all of an invoice")
    public Uni<Response> proposeWriteOff(@PathParam("caseId") String caseId, Requests.WriteOffProposal body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.WriteOffProposal b = body(body);
        text(b.reason(), "reason", MAX_TEXT);
        return onCase(caseId, customer -> new CaseCommand.ProposeWriteOff(customer, caseId, b.invoiceId(), b.amount(),
                b.reason()), by, ifMatch);
    }

    @POST
    @Path("/{caseId}/closure")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Close a case (WRITTEN_OFF, HANDED_OVER or COLLECTOR); CURED follows receivables")
    public Uni<Response> close(@PathParam("caseId") String caseId, Requests.Closure body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Closure b = body(body);
        text(b.note(), "note", MAX_TEXT);
        return onCase(caseId, customer -> new CaseCommand.CloseCase(customer, caseId, b.reason(), b.note()), by,
                ifMatch);
    }

    private Uni<Response> onCase(String caseId, Function<String, CaseCommand> command, Actor by, String ifMatch) {
        Long expected = IfMatch.version(ifMatch);
        return queries.customerOfCase(caseId).chain(customer -> commands.handle(command.apply(customer), by, expected))
                .map(CommandResponses::of);
    }

    /** For commands on "the customer's open case": this case must be it. */
    private Uni<Response> onOpenCase(String caseId, Function<String, CaseCommand> command, Actor by, String ifMatch) {
        Long expected = IfMatch.version(ifMatch);
        return queries.customerOfOpenCase(caseId)
                .chain(customer -> commands.handle(command.apply(customer), by, expected))
                .map(CommandResponses::of);
    }

    /** The longest reason or note accepted: the ingest contract's limit for text fields. */
    static final int MAX_TEXT = 1_000;
    /** A contact's notes may say more (what a call was about); still bounded: they travel in the contact's event. */
    static final int MAX_NOTES = 4_000;

    /** Free text (null allowed: the decider says which fields are required) of at most {@code max} characters. */
    static String text(String value, String field, int max) {
        return FreeText.check(value, field, max);
    }

    static Requests.Contact contact(Requests.Contact b) {
        text(b.contactName(), "contactName", MAX_TEXT);
        text(b.notes(), "notes", MAX_NOTES);
        text(b.overrideReason(), "overrideReason", MAX_TEXT);
        return b;
    }

    /**
     * The {@code limit} query parameter, read here: a value the framework cannot convert (limit=abc) would be answered
     * 404 "no such resource", naming nothing.
     */
    static int limit(String value, int fallback, int max) {
        int limit;
        try {
            limit = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > max) {
            throw ProblemException.invalidField("limit", "INVALID_VALUE", "limit is a whole number between 1 and "
                    + max);
        }
        return limit;
    }

    static <T> T body(T body) {
        if (body == null) {
            throw ProblemException.invalidField("body", "MISSING_BODY", "the request needs a JSON body");
        }
        return body;
    }
}
