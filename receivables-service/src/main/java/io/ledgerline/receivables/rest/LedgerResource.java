package io.ledgerline.receivables.rest;

import io.ledgerline.support.ProblemException;
import io.ledgerline.support.Problem;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.Delinquency;
import io.ledgerline.receivables.domain.InvoiceStatus;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.service.LedgerQueries;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's ledger for front ends: open items, invoice detail, movements, aging, statements, delinquency. Read
 * from the account's own events, so every figure is exact as of the date asked and can be explained line by line.
 */
@Path("/accounts/{customerId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class LedgerResource {

    private final LedgerQueries ledger;
    private final LedgerRules rules;
    private final Clock clock;

    public LedgerResource(LedgerQueries ledger, LedgerRules rules, Clock clock) {
        this.ledger = ledger;
        this.rules = rules;
        this.clock = clock;
    }

    @GET
    @Path("/open-items")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Open items as of a date (default today), with their age and bucket")
    @APIResponse(responseCode = "200", description = "the open items, oldest due first",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Aging.Item.class)))
    public Uni<Response> openItems(@PathParam("customerId") String customerId, @QueryParam("asOf") String asOf,
                                   @QueryParam("basis") String basis) {
        // The answer comes serialised (kept per stream version, LedgerQueries#aging): the same JSON as the items.
        return answer(customerId, asOf, basis, null).map(answer -> json(answer.itemsJson()));
    }

    @GET
    @Path("/aging")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Aging as of a date (default today) by due date or invoice date; buckets add up to the open items")
    @APIResponse(responseCode = "200", description = "the aging",
            content = @Content(schema = @Schema(implementation = Aging.Report.class)))
    public Uni<Response> aging(@PathParam("customerId") String customerId, @QueryParam("asOf") String asOf,
                               @QueryParam("basis") String basis, @QueryParam("buckets") String buckets) {
        return answer(customerId, asOf, basis, buckets).map(answer -> json(answer.reportJson()));
    }

    private Uni<LedgerQueries.AgingAnswer> answer(String customerId, String asOf, String basis, String buckets) {
        return ledger.aging(Params.identifier(customerId, "customerId"), Params.date(asOf, "asOf", clock),
                Params.basis(basis), Params.buckets(buckets, rules.buckets()));
    }

    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/invoices/{invoiceId}")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "One invoice: amounts, what is applied to it from which payment or credit, write-offs, history")
    public Uni<LedgerViews.InvoiceDetail> invoice(@PathParam("customerId") String customerId,
                                                  @PathParam("invoiceId") String invoiceId) {
        Params.identifier(invoiceId, "invoiceId");
        return ledger.history(Params.identifier(customerId, "customerId")).map(h -> {
            Account account = io.ledgerline.receivables.domain.AccountDecider.replay(customerId, h.events());
            Account.Invoice invoice = account.invoice(invoiceId);
            if (invoice == null) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_INVOICE",
                        "customer " + customerId + " has no invoice " + invoiceId));
            }
            var applications = account.applications().entrySet().stream()
                    .filter(e -> e.getKey().invoiceId().equals(invoiceId))
                    .map(e -> new LedgerViews.Application(e.getKey().sourceKind().name(), e.getKey().sourceId(),
                            e.getValue().amount(), e.getValue().rule().name()))
                    .toList();
            var writeOffs = account.writeOffs().values().stream().filter(w -> w.invoiceId().equals(invoiceId))
                    .map(w -> new LedgerViews.WriteOff(w.id(), w.amount(), w.automatic(), w.reversed())).toList();
            var history = h.recorded().stream().filter(r -> r.payloadJson().contains("\"" + invoiceId + "\""))
                    .map(LedgerViews.Movement::of)
                    .filter(m -> invoiceId.equals(m.data().path("invoiceId").asText(null)))
                    .toList();
            var issued = invoice.issued();
            return new LedgerViews.InvoiceDetail(customerId, invoiceId, issued.issueDate(), issued.dueDate(),
                    issued.currency(), issued.amount(), invoice.adjustments(), invoice.writtenOff(), invoice.applied(),
                    invoice.openAmount(), InvoiceStatus.of(invoice).name(), applications, writeOffs, history,
                    account.disputedOpen(invoice), account.undisputedOpen(invoice),
                    account.marks().on(invoiceId).entrySet().stream()
                            .map(m -> new LedgerViews.DisputeMark(m.getKey(), m.getValue())).toList());
        });
    }

    @GET
    @Path("/movements")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The account's history, oldest first, a page at a time")
    public Uni<LedgerViews.MovementPage> movements(@PathParam("customerId") String customerId,
                                                   @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = Params.range(page, 0, 0, Integer.MAX_VALUE, "page");
        int s = Params.range(size, 50, 1, 500, "size");
        return ledger.history(Params.identifier(customerId, "customerId")).map(h -> {
            int from = (int) Math.min((long) p * s, h.recorded().size());
            int to = Math.min(from + s, h.recorded().size());
            return new LedgerViews.MovementPage(customerId, p, s, h.recorded().size(),
                    h.recorded().subList(from, to).stream().map(LedgerViews.Movement::of).toList());
        });
    }

    @GET
    @Path("/statement")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "Statement for a period: opening balance, every movement, closing balance, aging (JSON or CSV)")
    public Uni<Response> statement(@PathParam("customerId") String customerId, @QueryParam("from") String from,
                                   @QueryParam("to") String to, @QueryParam("format") String format,
                                   @jakarta.ws.rs.core.Context HttpHeaders headers) {
        LocalDate end = Params.date(to, "to", clock);
        LocalDate start = from == null || from.isBlank() ? end.withDayOfMonth(1) : Params.date(from, "from", clock);
        Params.period(start, end, "from");
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.valueOf("text/csv")) && !m.isWildcardType()));
        return ledger.statement(Params.identifier(customerId, "customerId"), start, end).map(statement -> csv
                ? Response.ok(statement.toCsv(), "text/csv").header("Content-Disposition",
                        "attachment; filename=\"statement-" + customerId.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                                + start + "-" + end + ".csv\"").build()
                : Response.ok(statement, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/write-off-requests")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR})
    @Operation(summary = "Write-offs that needed approval: pending, approved (with the write-off) or declined")
    public Uni<List<LedgerViews.WriteOffRequestView>> writeOffRequests(@PathParam("customerId") String customerId) {
        return ledger.history(Params.identifier(customerId, "customerId")).map(h -> {
            Account account = io.ledgerline.receivables.domain.AccountDecider.replay(customerId, h.events());
            return account.writeOffRequests().values().stream().map(LedgerViews.WriteOffRequestView::of).toList();
        });
    }

    @GET
    @Path("/audit")
    @RolesAllowed({Roles.AUDITOR, Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    @Operation(summary = "Who did what on the account, from its events: each change with the person (token subject and"
            + " name) and the roles they acted in, or the system record that caused it")
    public Uni<LedgerViews.AuditPage> audit(@PathParam("customerId") String customerId,
                                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        int p = Params.range(page, 0, 0, Integer.MAX_VALUE, "page");
        int s = Params.range(size, 100, 1, 500, "size");
        return ledger.history(Params.identifier(customerId, "customerId")).map(h -> {
            int from = (int) Math.min((long) p * s, h.recorded().size());
            int to = Math.min(from + s, h.recorded().size());
            return new LedgerViews.AuditPage(customerId, p, s, h.recorded().size(),
                    h.recorded().subList(from, to).stream().map(LedgerViews.AuditEntry::of).toList());
        });
    }

    @GET
    @Path("/delinquency")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Whether the account is delinquent as of a date (default today), and why")
    public Uni<Delinquency.Status> delinquency(@PathParam("customerId") String customerId,
                                               @QueryParam("asOf") String asOf) {
        return ledger.delinquency(Params.identifier(customerId, "customerId"), Params.date(asOf, "asOf", clock));
    }
}
