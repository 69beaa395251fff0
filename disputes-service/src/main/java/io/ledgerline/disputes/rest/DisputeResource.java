package io.ledgerline.disputes.rest;

import io.ledgerline.disputes.domain.DisputeCommand;
import io.ledgerline.disputes.domain.DisputePolicy;
import io.ledgerline.disputes.projection.DisputeView;
import io.ledgerline.disputes.service.DisputeCommands;
import io.ledgerline.disputes.service.DisputeQueries;
import io.ledgerline.disputes.service.EvidenceCheck;
import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.Outcome;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The dispute analyst's cases. Thin: requests are checked for form here, decided in {@code service}. Every command
 * answers with the events it recorded and the case's new version (also as ETag); send it back as If-Match and a
 * concurrent edit gets 409 instead of being overwritten. The person is the caller, never a field of the body: each
 * request record has a {@code by} only so that a body naming one is refused (400 FIELD_NOT_ALLOWED), not ignored.
 */
@Path("/disputes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Disputes")
public class DisputeResource {

    public record InvoiceAmount(String invoiceId, BigDecimal amount) {
    }

    public record OpenRequest(String customerId, String reasonCode, String description, String currency,
                              List<InvoiceAmount> invoices, Contact contact, Object by) {
    }

    public record AssignRequest(String owner, String reason, Object by) {
    }

    public record EscalateRequest(String to, String reason, Object by) {
    }

    public record NoteRequest(String text, Object by) {
    }

    public record InvoiceCreditRequest(String invoiceId, BigDecimal creditAmount) {
    }

    public record ResolveRequest(Outcome outcome, List<InvoiceCreditRequest> invoices, String reason, Object by) {
    }

    public record ApprovalRequest(String resolutionId, Object by) {
    }

    public record DeclineRequest(String resolutionId, String reason, Object by) {
    }

    public record NoteOnlyRequest(String note, Object by) {
    }

    public record ReopenRequest(String reason, List<InvoiceAmount> invoices, Object by) {
    }

    private static final Set<String> STATUSES = Set.of("OPEN", "IN_REVIEW", "ESCALATED", "RESOLVED", "CLOSED", "REOPENED");

    private final DisputeCommands commands;
    private final DisputeQueries queries;
    private final EvidenceCheck evidence;
    private final Clock clock;
    private final CurrentCaller caller;
    private final DisputePolicy policy;

    public DisputeResource(DisputeCommands commands, DisputeQueries queries, EvidenceCheck evidence, Clock clock,
                           CurrentCaller caller, DisputePolicy policy) {
        this.commands = commands;
        this.queries = queries;
        this.evidence = evidence;
        this.clock = clock;
        this.caller = caller;
        this.policy = policy;
    }

    /** The person from the token: subject and the roles that admitted them here, as events record people. */
    private Actor me() {
        var who = caller.get();
        return new Actor(who.subject(), who.sortedRolesUsed());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.AR_CLERK, Roles.COLLECTOR, Roles.SUPERVISOR})
    @Operation(summary = "Open a dispute for a customer's invoices (reason code from the catalogue, an amount per invoice)")
    public Uni<Response> open(OpenRequest body) {
        Actor by = me();
        OpenRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        List<InvoiceAmount> lines = Params.required(r.invoices(), "invoices");
        List<DisputedInvoice> invoices = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            InvoiceAmount line = Params.required(lines.get(n), "invoices[" + n + "]");
            invoices.add(new DisputedInvoice(Params.identifier(line.invoiceId(), "invoices[" + n + "].invoiceId"),
                    Params.required(line.amount(), "invoices[" + n + "].amount")));
        }
        if (r.contact() != null) {
            Params.text(r.contact().name(), "contact.name", 200);
            Params.optionalText(r.contact().email(), "contact.email", 200);
            Params.optionalText(r.contact().phone(), "contact.phone", 200);
            Params.optionalText(r.contact().role(), "contact.role", 200);
        }
        var command = new DisputeCommand.OpenDispute(null, Params.identifier(r.customerId(), "customerId"),
                Params.required(r.reasonCode(), "reasonCode"), Params.optionalText(r.description(), "description", 2000),
                Params.required(r.currency(), "currency"), invoices, r.contact(), Params.today(clock), by);
        return commands.open(command).map(outcome -> Response.created(URI.create("/disputes/" + outcome.disputeId()))
                .entity(result(outcome)).tag(Long.toString(outcome.version())).build());
    }

    @GET
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Cases by customer, status, owner or reason code, newest first")
    public Uni<List<DisputeView>> list(@QueryParam("customerId") String customerId, @QueryParam("status") String status,
                                       @QueryParam("owner") String owner, @QueryParam("reasonCode") String reasonCode,
                                       @QueryParam("limit") String limit) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalidField("status", "INVALID_FIELD", "status must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        // A code that is no reason would list nothing, as if there were no such cases.
        if (reasonCode != null && !reasonCode.isBlank() && !policy.reasons().containsKey(reasonCode)) {
            throw ProblemException.invalidField("reasonCode", "UNKNOWN_REASON_CODE", "reasonCode must be one of "
                    + new java.util.TreeSet<>(policy.reasonCodes()));
        }
        return queries.list(Params.optionalIdentifier(customerId, "customerId"), status,
                Params.optionalText(owner, "owner", 200), Params.optionalText(reasonCode, "reasonCode", 64),
                Params.range(limit, 100, 1, 1000, "limit"));
    }

    @GET
    @Path("/{disputeId}")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "One case in full: state, SLA, amounts, notes, evidence, history; ETag = version")
    public Uni<Response> get(@PathParam("disputeId") String disputeId) {
        return queries.detail(Params.identifier(disputeId, "disputeId"))
                .map(d -> Response.ok(d).tag(Long.toString(d.version())).build());
    }

    @POST
    @Path("/{disputeId}/review")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Take the case into review (OPEN, REOPENED or ESCALATED → IN_REVIEW)")
    public Uni<Response> review(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch) {
        return transition(disputeId, ifMatch, DisputeCommand.StartReview::new);
    }

    @PUT
    @Path("/{disputeId}/owner")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Give the case to another owner, with a reason")
    public Uni<Response> assign(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                AssignRequest body) {
        AssignRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Assign(id,
                Params.text(r.owner(), "owner", 200), Params.optionalText(r.reason(), "reason", 2000), today, by));
    }

    @POST
    @Path("/{disputeId}/escalation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Escalate the case to someone, with a reason")
    public Uni<Response> escalate(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                  EscalateRequest body) {
        EscalateRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Escalate(id,
                Params.text(r.to(), "to", 200), Params.text(r.reason(), "reason", 2000), today, by));
    }

    @POST
    @Path("/{disputeId}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Add a note (who and when are recorded)")
    public Uni<Response> note(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                              NoteRequest body) {
        NoteRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.AddNote(id,
                Params.text(r.text(), "text", 10_000), today, by));
    }

    @POST
    @Path("/{disputeId}/evidence")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Attach evidence: the body is the file, Content-Type its type (checked against the content), ?fileName= its name")
    public Uni<Response> attach(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam("Content-Type") String contentType, @QueryParam("fileName") String fileName,
                                @QueryParam("description") String description,
                                byte[] content) {
        Actor by = me();
        String id = id(disputeId);
        String type = evidence.check(contentType, fileName, content);
        return commands.attachEvidence(id, fileName, type, content, EvidenceCheck.sha256(content),
                        Params.optionalText(description, "description", 2000), Params.today(clock), by,
                        Params.version(ifMatch))
                .map(outcome -> Response.created(URI.create("/disputes/" + id + "/evidence/"
                                + ((io.ledgerline.events.disputes.DisputesEvent.DisputeEvidenceAttached) outcome.events().getFirst()).evidenceId()))
                        .entity(result(outcome)).tag(Long.toString(outcome.version())).build());
    }

    @GET
    @Path("/{disputeId}/evidence/{evidenceId}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The evidence's content, as it was attached")
    public Uni<Response> evidence(@PathParam("disputeId") String disputeId, @PathParam("evidenceId") String evidenceId) {
        return queries.evidence(id(disputeId), Params.identifier(evidenceId, "evidenceId"))
                .map(e -> Response.ok(e.content(), e.contentType())
                        .header("Content-Disposition", attachment(e.fileName()))
                        .build());
    }

    /**
     * The Content-Disposition of a download (RFC 6266): the name as attached, UTF-8 in {@code filename*}, and an
     * ASCII stand-in in {@code filename} for clients that read only that. A header carries bytes, not characters:
     * written plainly, "收据.pdf" arrived as "??.pdf".
     */
    static String attachment(String fileName) {
        StringBuilder ascii = new StringBuilder();
        fileName.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? (char) c : '_'));
        StringBuilder encoded = new StringBuilder();
        for (byte b : fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean attrChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0;
            encoded.append(attrChar ? String.valueOf(c) : String.format("%%%02X", (int) c));
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    @POST
    @Path("/{disputeId}/resolution")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Resolve: ACCEPTED, PARTIALLY_ACCEPTED (credit per invoice) or REJECTED (reason told to the customer); above the approval amount it waits for a second person")
    public Uni<Response> resolve(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                 ResolveRequest body) {
        ResolveRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        List<DisputeCommand.InvoiceCredit> credits = r.invoices() == null ? new ArrayList<>()
                : invoiceLines(r.invoices(), (line, at) -> new DisputeCommand.InvoiceCredit(
                        Params.identifier(line.invoiceId(), at + "invoiceId"),
                        Params.required(line.creditAmount(), at + "creditAmount")));
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Resolve(id,
                Params.required(r.outcome(), "outcome"), credits, Params.text(r.reason(), "reason", 2000), today, by));
    }

    @POST
    @Path("/{disputeId}/resolution/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Approve the resolution waiting for a second person (not the one who proposed it)")
    public Uni<Response> approve(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                 ApprovalRequest body) {
        if (body != null) {
            Params.notAllowed(body.by(), "by");
        }
        String resolutionId = body == null ? null : Params.optionalIdentifier(body.resolutionId(), "resolutionId");
        return transition(disputeId, ifMatch, (id, today, by) ->
                new DisputeCommand.ApproveResolution(id, resolutionId, today, by));
    }

    @POST
    @Path("/{disputeId}/resolution/decline")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Decline the resolution waiting for approval; the case goes back to review")
    public Uni<Response> decline(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                 DeclineRequest body) {
        DeclineRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.DeclineResolution(id,
                Params.optionalIdentifier(r.resolutionId(), "resolutionId"), Params.text(r.reason(), "reason", 2000),
                today, by));
    }

    @POST
    @Path("/{disputeId}/closure")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Close a resolved case (the customer was told)")
    public Uni<Response> close(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                               NoteOnlyRequest body) {
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Close(id, note(body), today, by));
    }

    @POST
    @Path("/{disputeId}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "The customer withdrew the dispute: closed without credit, the marks lifted")
    public Uni<Response> withdraw(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                  NoteOnlyRequest body) {
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Withdraw(id, note(body), today, by));
    }

    @POST
    @Path("/{disputeId}/reopening")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR})
    @Operation(summary = "Reopen a resolved or closed case, disputing the invoices anew (default: what was not credited)")
    public Uni<Response> reopen(@PathParam("disputeId") String disputeId, @HeaderParam("If-Match") String ifMatch,
                                ReopenRequest body) {
        ReopenRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        List<DisputedInvoice> invoices = r.invoices() == null || r.invoices().isEmpty() ? null
                : invoiceLines(r.invoices(), (line, at) -> new DisputedInvoice(
                        Params.identifier(line.invoiceId(), at + "invoiceId"), Params.required(line.amount(), at + "amount")));
        return transition(disputeId, ifMatch, (id, today, by) -> new DisputeCommand.Reopen(id,
                Params.text(r.reason(), "reason", 2000), invoices, today, by));
    }

    /** A workflow transition's command, for the case, the business date and the caller. */
    @FunctionalInterface
    private interface Transition {
        DisputeCommand of(String disputeId, LocalDate today, Actor by);
    }

    /**
     * Every workflow transition of a case the same way: the case id checked, the command built for today and the
     * caller, handled under the If-Match version; the answer carries the events and the new version (ETag).
     */
    private Uni<Response> transition(String disputeId, String ifMatch, Transition transition) {
        return run(transition.of(id(disputeId), Params.today(clock), me()), ifMatch);
    }

    /** A request's invoice lines, each required and converted; a bad field is named by its place, invoices[n].field. */
    private static <L, T> List<T> invoiceLines(List<L> lines, java.util.function.BiFunction<L, String, T> convert) {
        List<T> converted = new ArrayList<>(lines.size());
        for (int n = 0; n < lines.size(); n++) {
            String at = "invoices[" + n + "]";
            converted.add(convert.apply(Params.required(lines.get(n), at), at + "."));
        }
        return converted;
    }

    private static String note(NoteOnlyRequest body) {
        if (body == null) {
            return null;
        }
        Params.notAllowed(body.by(), "by");
        return Params.optionalText(body.note(), "note", 2000);
    }

    private Uni<Response> run(DisputeCommand command, String ifMatch) {
        return commands.handle(command, Params.version(ifMatch))
                .map(outcome -> Response.ok(result(outcome)).tag(Long.toString(outcome.version())).build());
    }

    private static DisputeViews.CommandResult result(DisputeCommands.Outcome outcome) {
        return new DisputeViews.CommandResult(outcome.disputeId(), outcome.version(),
                outcome.events().stream().map(DisputeViews.Event::of).toList());
    }

    private static String id(String disputeId) {
        return Params.identifier(disputeId, "disputeId");
    }
}
