package io.ledgerline.receivables.rest;

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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.regex.Pattern;

/** Customer accounts for front ends. Thin: reads come from {@link AccountQueries}. */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private final AccountQueries queries;
    private final io.ledgerline.receivables.ledger.AccountRepository accounts;
    private final io.vertx.mutiny.sqlclient.Pool pool;

    public AccountResource(AccountQueries queries, io.ledgerline.receivables.ledger.AccountRepository accounts,
                           io.vertx.mutiny.sqlclient.Pool pool) {
        this.queries = queries;
        this.accounts = accounts;
        this.pool = pool;
    }

    @GET
    @Path("/{customerId}")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "A customer's account: balance per currency, open invoices, unapplied cash and credits")
    public Uni<AccountSummary> account(@PathParam("customerId") String customerId) {
        if (!IDENTIFIER.matcher(customerId).matches()) {
            throw new ProblemException(Problem.invalidField("customerId", "INVALID_IDENTIFIER",
                    "customerId must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -"));
        }
        return queries.account(customerId).map(found -> found.orElseThrow(() -> new ProblemException(
                        Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_CUSTOMER", "the ledger has no account for customer "
                                + customerId))))
                // The version comes from the ledger, not the read model, so If-Match always names the true one.
                .chain(summary -> accounts.version(pool, customerId).map(summary::withVersion));
    }
}
