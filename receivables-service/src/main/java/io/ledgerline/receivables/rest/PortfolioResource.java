package io.ledgerline.receivables.rest;

import io.ledgerline.support.ProblemException;
import io.ledgerline.support.Problem;
import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.Currencies;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.projection.CreditView;
import io.ledgerline.receivables.projection.InvoiceView;
import io.ledgerline.receivables.service.DelinquencyRun;
import io.ledgerline.receivables.service.LedgerQueries;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** Across all customers: portfolio aging, finding a document by its id, running delinquency for a date. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Portfolio")
public class PortfolioResource {

    private final LedgerQueries ledger;
    private final DelinquencyRun delinquency;
    private final LedgerRules rules;
    private final Clock clock;
    private final io.ledgerline.identity.CurrentCaller caller;

    public PortfolioResource(LedgerQueries ledger, DelinquencyRun delinquency, LedgerRules rules, Clock clock,
                             io.ledgerline.identity.CurrentCaller caller) {
        this.caller = caller;
        this.ledger = ledger;
        this.delinquency = delinquency;
        this.rules = rules;
        this.clock = clock;
    }

    @GET
    @Path("aging")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Portfolio aging as of a date (default today), per currency over every account")
    public Uni<Aging.Report> aging(@QueryParam("asOf") String asOf, @QueryParam("basis") String basis,
                                   @QueryParam("buckets") String buckets) {
        return ledger.portfolioAging(Params.date(asOf, "asOf", clock), Params.basis(basis),
                Params.buckets(buckets, rules.buckets()));
    }

    @GET
    @Path("search")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @WithSession
    @Operation(summary = "Find invoices by invoiceId, or payments and credit notes by paymentId / creditNoteId")
    public Uni<List<LedgerViews.SearchHit>> search(@QueryParam("invoiceId") String invoiceId,
                                                   @QueryParam("paymentId") String paymentId,
                                                   @QueryParam("creditNoteId") String creditNoteId) {
        int given = (invoiceId == null ? 0 : 1) + (paymentId == null ? 0 : 1) + (creditNoteId == null ? 0 : 1);
        if (given != 1) {
            throw Params.invalid("invoiceId", "INVALID_FIELD", "give exactly one of invoiceId, paymentId, creditNoteId");
        }
        if (invoiceId != null) {
            Params.identifier(invoiceId, "invoiceId");
            return InvoiceView.<InvoiceView>list("invoiceId", invoiceId).map(found -> found.stream()
                    .map(i -> new LedgerViews.SearchHit(i.customerId, "INVOICE", i.invoiceId, i.currency,
                            Currencies.normalize(i.amount, i.currency), Currencies.normalize(i.openAmount, i.currency),
                            i.status.name())).toList());
        }
        CreditView.Kind kind = paymentId != null ? CreditView.Kind.PAYMENT : CreditView.Kind.CREDIT_NOTE;
        String id = Params.identifier(paymentId != null ? paymentId : creditNoteId,
                paymentId != null ? "paymentId" : "creditNoteId");
        return CreditView.<CreditView>list("sourceId = ?1 and kind = ?2", id, kind).map(found -> found.stream()
                .map(c -> new LedgerViews.SearchHit(c.customerId, c.kind.name(), c.sourceId, c.currency,
                        Currencies.normalize(c.amount, c.currency), Currencies.normalize(c.unapplied, c.currency),
                        c.status.name())).toList());
    }

    @POST
    @Path("delinquency/runs")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Decide every account's delinquency as of a date (default today); what the daily run does")
    public Uni<DelinquencyRun.Summary> runDelinquency(@QueryParam("asOf") String asOf) {
        LocalDate date = Params.date(asOf, "asOf", clock);
        LocalDate today = LocalDate.now(clock);
        // A run records AccountDelinquent/AccountCured as of its date, and delinquency never goes back in time: one run
        // for 2099 would freeze every account's delinquency until then. Only days that have come can be decided.
        if (date.isAfter(today)) {
            throw new ProblemException(Problem.invalidField("asOf", "DATE_IN_FUTURE", "asOf " + date
                    + " is after the business date " + today + "; delinquency can only be decided as of a day that has come"));
        }
        return delinquency.run(date, caller.get());
    }
}
