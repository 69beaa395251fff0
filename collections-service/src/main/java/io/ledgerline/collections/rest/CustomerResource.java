package io.ledgerline.collections.rest;

import io.ledgerline.collections.domain.CaseCommand;
import io.ledgerline.collections.service.CaseCommands;
import io.ledgerline.collections.service.CaseQueries;
import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

/** A customer's collection work when no case id is at hand: its case, contacts and contact wishes. */
@Path("/customers/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "customers")
public class CustomerResource {

    private final CaseQueries queries;
    private final CaseCommands commands;
    private final CurrentCaller caller;

    public CustomerResource(CaseQueries queries, CaseCommands commands, CurrentCaller caller) {
        this.queries = queries;
        this.commands = commands;
        this.caller = caller;
    }

    @GET
    @Path("/case")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The customer's open case, else its newest")
    public Uni<Response> currentCase(@PathParam("customerId") String customerId) {
        return queries.caseOfCustomer(customerId).map(detail -> Response.ok(detail)
                .tag(new EntityTag(String.valueOf(detail.version()))).build());
    }

    @POST
    @Path("/contacts")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Log a contact with a customer that has no open case (e.g. an inbound inquiry)")
    public Uni<Response> contact(@PathParam("customerId") String customerId, Requests.Contact body,
                                 @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Contact b = CaseResource.contact(CaseResource.body(body));
        return commands.handle(new CaseCommand.LogContact(customerId, b.channel(), b.direction(), b.outcome(),
                b.contactedAt(), b.contactName(), b.notes(), b.purpose(), b.overrideReason()), by,
                IfMatch.version(ifMatch))
                .map(CommandResponses::of);
    }

    @POST
    @Path("/contact-checks")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Would this contact be allowed now (or at 'at')? The contact rules' verdict; nothing is recorded")
    public Uni<CaseQueries.ContactCheck> check(@PathParam("customerId") String customerId, Requests.ContactCheck body) {
        Requests.ContactCheck b = CaseResource.body(body);
        return queries.checkContact(customerId, b.channel(), b.at(), b.purpose());
    }

    @PUT
    @Path("/contact-preferences")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "The customer's contact wishes as received: a written cease-communication request, channel opt-outs")
    public Uni<Response> preferences(@PathParam("customerId") String customerId, Requests.Preferences body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Preferences b = CaseResource.body(body);
        CaseResource.text(b.note(), "note", CaseResource.MAX_TEXT);
        if (b.ceaseCommunication() == null) {
            throw io.ledgerline.support.ProblemException.invalidField("ceaseCommunication", "MISSING_FIELD",
                    "ceaseCommunication is required (true or false)");
        }
        return commands.handle(new CaseCommand.ChangeContactPreferences(customerId, b.ceaseCommunication(),
                        b.optedOutChannels() == null ? Set.of() : b.optedOutChannels(), b.receivedDate(), b.note()), by,
                IfMatch.version(ifMatch)).map(CommandResponses::of);
    }

    @POST
    @Path("/holds")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Pause dunning for a customer (with or without an open case)")
    public Uni<Response> hold(@PathParam("customerId") String customerId, Requests.Hold body, @HeaderParam("If-Match") String ifMatch) {
        Actor by = Callers.actor(caller.get());
        Requests.Hold b = CaseResource.body(body);
        CaseResource.text(b.note(), "note", CaseResource.MAX_TEXT);
        return commands.handle(new CaseCommand.PlaceHold(customerId, b.scope(), b.invoiceId(), b.currency(),
                b.amount(), b.reasonCode(), b.note(), b.from(), b.to()), by, IfMatch.version(ifMatch))
                .map(CommandResponses::of);
    }
}
