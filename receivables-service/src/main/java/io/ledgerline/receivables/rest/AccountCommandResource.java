package io.ledgerline.receivables.rest;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.identity.ApprovalLimits;
import io.ledgerline.identity.Caller;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.WriteOffAuthority;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.List;
import java.util.TreeSet;

/**
 * What AR clerks and supervisors change on an account. Each call answers with the events it recorded and the new
 * account version (also as ETag); send that version back as {@code If-Match} and a concurrent edit by someone else
 * gets 409 instead of being overwritten.
 * <p>
 * Who made a change comes from the bearer token, never from the body: a body that still names {@code by} or
 * {@code role} is refused (400 {@code FIELD_NOT_ALLOWED}), so an old client cannot believe it is acting in someone
 * else's name. The roles each endpoint admits are its {@code @RolesAllowed}: the service's role matrix.
 */
@Path("/accounts/{customerId}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account changes")
public class AccountCommandResource {

    /** The action name of write-offs in {@code ledgerline.limits.<action>.<role>}. */
    public static final String WRITE_OFF = "write-off";

    /** The role a write-off is recorded in: the most senior the caller acted in. */
    private static final List<String> WRITE_OFF_ROLES = List.of(Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AR_CLERK);

    public record ApplyCashRequest(SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount,
                                   String by) {
    }

    public record UnapplyCashRequest(SourceKind sourceKind, String sourceId, String invoiceId, BigDecimal amount,
                                     String reason, String by) {
    }

    public record AdjustmentRequest(BigDecimal amount, String reason, String by) {
    }

    /** {@code reasonCode} from the catalogue ({@code ledgerline.write-off.reasons}); {@code reason}: an internal note. */
    public record WriteOffRequest(BigDecimal amount, String reasonCode, String reason, String by, String role) {
    }

    public record ReversalRequest(String reason, String by) {
    }

    public record DeclineRequest(String reason, String by) {
    }

    public record PolicyRequest(RemainderPolicy policy, String by) {
    }

    private final AccountCommands commands;
    private final Clock clock;
    private final CurrentCaller caller;
    private final ApprovalLimits limits;
    private final LedgerRules rules;

    public AccountCommandResource(AccountCommands commands, Clock clock, CurrentCaller caller, ApprovalLimits limits,
                                  LedgerRules rules) {
        this.commands = commands;
        this.clock = clock;
        this.caller = caller;
        this.limits = limits;
        this.rules = rules;
    }

    @POST
    @Path("/applications")
    @RolesAllowed({Roles.AR_CLERK, Roles.SUPERVISOR})
    @Operation(summary = "Apply part of a payment or credit note to an invoice by hand")
    public Uni<Response> apply(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                               ApplyCashRequest body) {
        ApplyCashRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.ApplyCash(Params.identifier(customerId, "customerId"),
                Params.required(r.sourceKind(), "sourceKind"), Params.identifier(r.sourceId(), "sourceId"),
                Params.identifier(r.invoiceId(), "invoiceId"), Params.required(r.amount(), "amount"), today(),
                who.name()), ifMatch, who);
    }

    @POST
    @Path("/unapplications")
    @RolesAllowed({Roles.AR_CLERK, Roles.SUPERVISOR})
    @Operation(summary = "Take an application back (all of it unless an amount is given)")
    public Uni<Response> unapply(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                                 UnapplyCashRequest body) {
        UnapplyCashRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.UnapplyCash(Params.identifier(customerId, "customerId"),
                Params.required(r.sourceKind(), "sourceKind"), Params.identifier(r.sourceId(), "sourceId"),
                Params.identifier(r.invoiceId(), "invoiceId"), r.amount(), today(), who.name(),
                Params.required(r.reason(), "reason")), ifMatch, who);
    }

    @POST
    @Path("/invoices/{invoiceId}/adjustments")
    @RolesAllowed({Roles.AR_CLERK, Roles.SUPERVISOR})
    @Operation(summary = "Raise (positive amount) or lower (negative) what an invoice asks for, with a reason")
    public Uni<Response> adjust(@PathParam("customerId") String customerId, @PathParam("invoiceId") String invoiceId,
                                @HeaderParam("If-Match") String ifMatch, AdjustmentRequest body) {
        AdjustmentRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.AdjustInvoice(Params.identifier(customerId, "customerId"),
                Params.identifier(invoiceId, "invoiceId"), Params.required(r.amount(), "amount"), today(),
                who.name(), Params.required(r.reason(), "reason")), ifMatch, who);
    }

    @POST
    @Path("/invoices/{invoiceId}/write-offs")
    @RolesAllowed({Roles.AR_CLERK, Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Write off an invoice's open amount (or part of it) with a catalogue reason code; beyond the"
            + " caller's limit, or before the due date without a supervisor, it becomes a request for approval")
    public Uni<Response> writeOff(@PathParam("customerId") String customerId, @PathParam("invoiceId") String invoiceId,
                                  @HeaderParam("If-Match") String ifMatch, WriteOffRequest body) {
        WriteOffRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Params.notAllowed(r.role(), "role");
        String reasonCode = Params.required(r.reasonCode(), "reasonCode");
        if (!rules.writeOffReasons().containsKey(reasonCode)) {
            throw Params.invalid("reasonCode", "UNKNOWN_REASON_CODE", "reasonCode must be one of "
                    + new TreeSet<>(rules.writeOffReasons().keySet()));
        }
        Caller who = caller.get();
        String role = WRITE_OFF_ROLES.stream().filter(who.rolesUsed()::contains).findFirst().orElseThrow();
        var authority = new WriteOffAuthority(currency -> limits.limitOf(WRITE_OFF, who, currency),
                who.hasAny(AccountCommands.WRITE_OFF_APPROVERS));
        return run(new LedgerCommand.WriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(invoiceId, "invoiceId"), r.amount(), today(), who.name(), who.subject(), role,
                reasonCode, r.reason(), authority), ifMatch, who);
    }

    @POST
    @Path("/write-off-requests/{requestId}/approval")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Approve a write-off someone else asked for: it is written off in their name, with yours as approver")
    public Uni<Response> approve(@PathParam("customerId") String customerId, @PathParam("requestId") String requestId,
                                 @HeaderParam("If-Match") String ifMatch) {
        Caller who = caller.get();
        return run(new LedgerCommand.ApproveWriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(requestId, "requestId"), today(), who.name()), ifMatch, who);
    }

    @POST
    @Path("/write-off-requests/{requestId}/decline")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Turn a pending write-off request down; nothing is written off")
    public Uni<Response> decline(@PathParam("customerId") String customerId, @PathParam("requestId") String requestId,
                                 @HeaderParam("If-Match") String ifMatch, DeclineRequest body) {
        DeclineRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.DeclineWriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(requestId, "requestId"), today(), who.name(), Params.required(r.reason(), "reason")),
                ifMatch, who);
    }

    @POST
    @Path("/write-offs/{writeOffId}/reversal")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Reverse a write-off: the amount is open on its invoice again")
    public Uni<Response> reverse(@PathParam("customerId") String customerId, @PathParam("writeOffId") String writeOffId,
                                 @HeaderParam("If-Match") String ifMatch, ReversalRequest body) {
        ReversalRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.ReverseWriteOff(Params.identifier(customerId, "customerId"),
                Params.identifier(writeOffId, "writeOffId"), today(), who.name(),
                Params.required(r.reason(), "reason")), ifMatch, who);
    }

    @PUT
    @Path("/cash-application-policy")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Oldest due date first, or leave unplaced cash unapplied, from now on (what is already paid stays paid)")
    public Uni<Response> policy(@PathParam("customerId") String customerId, @HeaderParam("If-Match") String ifMatch,
                                PolicyRequest body) {
        PolicyRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        Caller who = caller.get();
        return run(new LedgerCommand.ChangeCashApplicationPolicy(Params.identifier(customerId, "customerId"),
                Params.required(r.policy(), "policy"), today(), who.name()), ifMatch, who);
    }

    private Uni<Response> run(LedgerCommand command, String ifMatch, Caller who) {
        return commands.handle(command, Params.version(ifMatch), who).map(outcome -> Response
                .status(outcome.events().stream().anyMatch(e -> e instanceof ReceivablesEvent.WriteOffRequested)
                        ? Response.Status.ACCEPTED : Response.Status.OK)
                .entity(new LedgerViews.CommandResult(command.customerId(), outcome.version(),
                        outcome.events().stream().map(LedgerViews.Event::of).toList()))
                .tag(Long.toString(outcome.version()))
                .build());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
