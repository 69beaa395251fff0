package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.Fx;
import io.ledgerline.credit.domain.PolicyLog;
import io.ledgerline.credit.service.PolicyInForce;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exchange rates as of a date, imported over REST (from a treasury or central-bank feed); exposure is converted at the
 * newest rates in force, and every conversion shows the rate and its date.
 */
@Path("/exchange-rates")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credit policy")
public class ExchangeRateResource {

    /**
     * @param rates one unit of each currency in {@code base} (the policy's base currency), as decimal text or numbers
     */
    public record ImportRequest(String importId, String base, String rateDate, Map<String, BigDecimal> rates,
                                String source, Object by) {
    }

    /** The rates in force, and every import. */
    public record RatesView(String base, LocalDate rateDate, Map<String, BigDecimal> rates,
                            List<PolicyLog.ExchangeRatesImported> imports) {
    }

    private final PolicyInForce policies;
    private final CurrentCaller caller;
    private final Clock clock;

    public ExchangeRateResource(PolicyInForce policies, CurrentCaller caller, Clock clock) {
        this.policies = policies;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.OPERATOR,
            Roles.READER})
    @Operation(summary = "The exchange rates in force (and their date), and every import")
    public RatesView rates() {
        Fx fx = policies.current().fx();
        return new RatesView(fx.base(), fx.rateDate(), new TreeMap<>(fx.toBase()),
                List.copyOf(policies.state().imports().values()));
    }

    @POST
    @RolesAllowed({Roles.CREDIT_MANAGER, Roles.OPERATOR})
    @Operation(summary = "Import exchange rates as of a date (not after today): the whole table, in the policy's base"
            + " currency; in force unless newer rates are. 201, or 200 for a repeat of the same import")
    public Uni<Response> importRates(ImportRequest body) {
        var by = Callers.actor(caller);
        ImportRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String id = Params.identifier(r.importId(), "importId");
        String base = Params.currency(r.base(), "base");
        LocalDate rateDate = Params.date(Params.required(r.rateDate(), "rateDate"), "rateDate", clock);
        Map<String, BigDecimal> rates = Params.required(r.rates(), "rates");
        rates.forEach((currency, rate) -> Params.required(rate, "rates." + currency));
        String source = Params.optionalText(r.source(), "source");
        return policies.handle(new PolicyLog.ImportRates(id, base, rateDate, rates, source, LocalDate.now(clock), by))
                .map(events -> Response.status(events.isEmpty() ? 200 : 201).entity(rates()).build());
    }
}
