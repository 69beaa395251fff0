package io.ledgerline.receivables.rest;

import io.ledgerline.receivables.projection.WriteOffProposalView;
import io.ledgerline.receivables.service.WriteOffProposalQueries;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/** The supervisors' queue of collections' write-off proposals (flows.md §3), across customers. */
@Path("/write-off-proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Write-off proposals")
public class WriteOffProposalQueueResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "APPROVED", "DECLINED");

    private final WriteOffProposalQueries queries;

    public WriteOffProposalQueueResource(WriteOffProposalQueries queries) {
        this.queries = queries;
    }

    @GET
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR})
    @Operation(summary = "Write-off proposals by status (default PENDING), oldest first; optionally one customer's")
    public Uni<List<WriteOffProposalView>> list(@QueryParam("status") String status,
                                                @QueryParam("customerId") String customerId,
                                                @QueryParam("limit") Integer limit) {
        String s = status == null || status.isBlank() ? "PENDING" : status;
        if (!STATUSES.contains(s)) {
            throw Params.invalid("status", "INVALID_FIELD", "status must be one of " + new java.util.TreeSet<>(STATUSES));
        }
        return queries.list(s, customerId == null ? null : Params.identifier(customerId, "customerId"),
                Params.range(limit, 100, 1, 1000, "limit"));
    }

}
