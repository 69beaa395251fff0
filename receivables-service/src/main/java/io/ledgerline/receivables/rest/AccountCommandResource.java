package io.ledgerline.receivables.rest;

import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.service.AccountCommands;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

/**
 * What AR clerks and supervisors change on an account. Each call answers with the events it recorded and the new
 * account version (also as ETag); send that version back as {@code If-Match} and a concurrent edit by someone else
 * gets 409 instead of being overwritten. {@code by} names the person; it becomes the authenticated user once roles
 * are enforced.
 */
@Path("/accounts/{customerId}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account changes")
public class AccountCommandResource {

    /** The people who work an account; write-offs record which of these roles made them. */
    static final Set<String> ROLES = Set.of("AR_CLERK", "COLLECTOR", "CREDIT_ANALYST", "DISPUTE_ANALYST", "SUPERVISOR");

    public record ApplyCashRequest(SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount, String by) {
    }

    public record UnapplyCashRequest(SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount,
                                     String reason, String by) {
    }

    public record AdjustmentRequest(BigDecimal amount, String reason, String by) {
    }

    public record WriteOffRequest(BigDecimal amount, String reason, String by, String role) {
    }

    public record ReversalRequest(String reason, String by) {
    }

    public record PolicyRequest(RemainderPolicy policy, String by) {
    }

    private final AccountCommands commands;
    private final Clock clock;

    public AccountCommandResource(AccountCommands commands, Clock clock) {
        this.commands = commands;
        this.clock = clock;
    }

    @POST
    @Path("/applications")
    @Operation(summary = "Apply part of a payment or credit note to an invoice by hand")
    public Uni<Response> apply(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                               ApplyCashRequest body) {
        ApplyCashRequest r = Params.required(body, "body");
        return run(new LedgerCommand.ApplyCash(Params.identifier(customerId, "customerId"),
                Params.required(r.sourceKind(), "sourceKind"), Params.identifier(r.sourceId(), "sourceId"),
                Params.identifier(r.invoiceId(), "invoiceId"), Params.required(r.amount(), "amount"), today(),
                Params.required(r.by(), "by")), ifMatch);
    }

    @POST
    @Path("/unapplications")
    @Operation(summary = "Take an application back (all of it unless an amount is given)")
    public Uni<Response> unapply(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                                 UnapplyCashRequest body) {
        UnapplyCashRequest r = Params.required(body, "body");
        return run(new LedgerCommand.UnapplyCash(Params.identifier(customerId, "customerId"),
                Params.required(r.sourceKind(), "sourceKind"), Params.identifier(r.sourceId(), "sourceId"),
                Params.identifier(r.invoiceId(), "invoiceId"), r.amount(), today(), Params.required(r.by(), "by"),
                Params.required(r.reason(), "reason")), ifMatch);
    }

    @POST
    @Path("/invoices/{invoiceId}/adjustments")
    @Operation(summary = "Raise (positive amount) or lower (negative) what an invoice asks for, with a reason")
    public Uni<Response> adjust(@PathParam("customerId") String customerId, @PathParam("invoiceId") String invoiceId,
                                @HeaderParam("If-Match") String ifMatch, AdjustmentRequest body) {
        AdjustmentRequest r = Params.required(body, "body");
        return run(new LedgerCommand.AdjustInvoice(Params.identifier(customerId, "customerId"),
                Params.identifier(invoiceId, "invoiceId"), Params.required(r.amount(), "amount"), today(),
                Params.required(r.by(), "by"), Params.required(r.reason(), "reason")), ifMatch);
    }

    @POST
    @Path("/invoices/{invoiceId}/write-offs")
    @Operation(summary = "Write off an invoice's open amount (or part of it), with reason and role")
    public Uni<Response> writeOff(@PathParam("customerId") String customerId, @PathParam("invoiceId") String invoiceId,
                                  @HeaderParam("If-Match") String ifMatch, WriteOffRequest body) {
        WriteOffRequest r = Params.required(body, "body");
        String role = Params.required(r.role(), "role");
        if (!ROLES.contains(role)) {
            throw Params.invalid("role", "INVALID_ROLE", "role must be one of " + new java.util.TreeSet<>(ROLES));
        }
        return run(new LedgerCommand.WriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(invoiceId, "invoiceId"), r.amount(), today(), Params.required(r.by(), "by"), role,
                Params.required(r.reason(), "reason")), ifMatch);
    }

    @POST
    @Path("/write-offs/{writeOffId}/reversal")
    @Operation(summary = "Reverse a write-off: the amount is open on its invoice again")
    public Uni<Response> reverse(@PathParam("customerId") String customerId, @PathParam("writeOffId") String writeOffId,
                                 @HeaderParam("If-Match") String ifMatch, ReversalRequest body) {
        ReversalRequest r = Params.required(body, "body");
        return run(new LedgerCommand.ReverseWriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(writeOffId, "writeOffId"), today(), Params.required(r.by(), "by"),
                Params.required(r.reason(), "reason")), ifMatch);
    }

    @PUT
    @Path("/cash-application-policy")
    @Operation(summary = "Oldest due date first, or leave unplaced cash unapplied; the customer's cash is re-applied under it")
    public Uni<Response> policy(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                                PolicyRequest body) {
        PolicyRequest r = Params.required(body, "body");
        return run(new LedgerCommand.ChangeCashApplicationPolicy(Params.identifier(customerId, "customerId"),
                Params.required(r.policy(), "policy"), today(), Params.required(r.by(), "by")), ifMatch);
    }

    private Uni<Response> run(LedgerCommand command, String ifMatch) {
        return commands.handle(command, Params.version(ifMatch)).map(outcome -> Response
                .ok(new LedgerViews.CommandResult(command.customerId(), outcome.version(),
                        outcome.events().stream().map(LedgerViews.Event::of).toList()))
                .tag(Long.toString(outcome.version()))
                .build());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
