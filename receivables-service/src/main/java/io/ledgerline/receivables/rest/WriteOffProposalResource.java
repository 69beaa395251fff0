package io.ledgerline.receivables.rest;

import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.service.AccountCommands;
import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.Caller;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Collections' write-off proposals (flows.md §3): pending here until a supervisor approves one (the invoice is
 * written off under the proposal's id) or declines it. The supervisor is the caller, and not the proposer.
 */
@Path("/accounts/{customerId}/write-off-proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Write-off proposals")
public class WriteOffProposalResource {


    public record DeclineRequest(String reason) {
    }

    private final AccountCommands commands;
    private final Clock clock;
    private final CurrentCaller caller;

    public WriteOffProposalResource(AccountCommands commands, Clock clock, CurrentCaller caller) {
        this.commands = commands;
        this.clock = clock;
        this.caller = caller;
    }

    @POST
    @Path("/{proposalId}/approval")
    @Operation(summary = "Approve a pending proposal: the invoice is written off under the proposal's id (supervisor, not the proposer)")
    @RolesAllowed({Roles.SUPERVISOR})
    public Uni<Response> approve(@PathParam("customerId") String customerId, @PathParam("proposalId") String proposalId,
                                 @HeaderParam("If-Match") String ifMatch) {
        Caller who = caller.get();
        return run(new LedgerCommand.ApproveWriteOffProposal(Params.identifier(customerId, "customerId"),
                Params.identifier(proposalId, "proposalId"), LocalDate.now(clock), actor(who)), ifMatch, who);
    }

    @POST
    @Path("/{proposalId}/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decline a pending proposal, with a reason (supervisor); nothing is written off")
    @RolesAllowed({Roles.SUPERVISOR})
    public Uni<Response> decline(@PathParam("customerId") String customerId, @PathParam("proposalId") String proposalId,
                                 @HeaderParam("If-Match") String ifMatch, DeclineRequest body) {
        Caller who = caller.get();
        DeclineRequest r = Params.required(body, "body");
        return run(new LedgerCommand.DeclineWriteOffProposal(Params.identifier(customerId, "customerId"),
                Params.identifier(proposalId, "proposalId"), Params.required(r.reason(), "reason"),
                LocalDate.now(clock), actor(who)), ifMatch, who);
    }

    /** The supervisor as the ledger's events name people from other services' records: subject and roles used. */
    private static Actor actor(Caller who) {
        return new Actor(who.subject(), who.sortedRolesUsed());
    }

    private Uni<Response> run(LedgerCommand command, String ifMatch, Caller who) {
        return commands.handle(command, Params.version(ifMatch), who).map(outcome -> Response
                .ok(new LedgerViews.CommandResult(command.customerId(), outcome.version(),
                        outcome.events().stream().map(LedgerViews.Event::of).toList()))
                .tag(Long.toString(outcome.version()))
                .build());
    }
}
