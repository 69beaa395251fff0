package io.ledgerline.receivables.rest;

import io.ledgerline.support.Identifiers;
import io.ledgerline.receivables.service.AccountSummary;
import io.ledgerline.support.ProblemException;
import io.ledgerline.support.Problem;
import io.ledgerline.receivables.service.AccountQueries;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** Customer accounts for front ends. Thin: reads come from {@link AccountQueries}. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {

    private final AccountQueries queries;

    public AccountResource(AccountQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{customerId}")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "A customer's account: balance per currency, open invoices, unapplied cash and credits")
    @APIResponse(responseCode = "200", description = "the account; ETag is its version, to send back as If-Match",
            content = @Content(schema = @Schema(implementation = AccountSummary.class)))
    public Uni<Response> account(@PathParam("customerId") String customerId) {
        if (!Identifiers.valid(customerId)) {
            throw new ProblemException(Problem.invalidField("customerId", "INVALID_IDENTIFIER",
                    "customerId must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -"));
        }
        // The answer comes serialised (kept per read-model state, AccountQueries#accountAnswer): the same JSON as the
        // AccountSummary it was made from.
        return queries.accountAnswer(customerId).map(found -> found.orElseThrow(() -> new ProblemException(
                        Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_CUSTOMER", "the ledger has no account for customer "
                                + customerId))))
                // The version the read models have applied, read with the amounts: If-Match names what was shown.
                .map(answer -> Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE)
                        .tag(Long.toString(answer.version())).build());
    }
}
