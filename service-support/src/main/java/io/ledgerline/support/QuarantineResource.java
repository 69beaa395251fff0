package io.ledgerline.support;

import io.ledgerline.eventstore.QuarantinedCustomers;
import io.ledgerline.identity.Roles;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Operators' view of a consumer's quarantine: customers whose input failed for a reason nobody foresaw are parked
 * (every other customer's input goes on); after the cause is fixed, a replay takes the parked input in again, in
 * order, as the consumer would have. The same endpoint in every service that keeps a {@link QuarantinedCustomers}:
 * such a service switches it on at build time with {@code ledgerline.quarantine.endpoint=true}.
 */
@Path("/admin/quarantine")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
@IfBuildProperty(name = "ledgerline.quarantine.endpoint", stringValue = "true")
public class QuarantineResource {

    private final QuarantinedCustomers quarantine;

    public QuarantineResource(QuarantinedCustomers quarantine) {
        this.quarantine = quarantine;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Every quarantined customer: the error, since when, how many records wait, failed replays")
    public Uni<List<QuarantinedCustomers.QuarantinedCustomer>> customers() {
        return quarantine.customers();
    }

    @POST
    @Path("/{customerId}/replay")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Take a quarantined customer's parked records in again, in order, and let its records flow; "
            + "409 with the error if they still fail (they stay parked)")
    public Uni<QuarantinedCustomers.ReplayResult> replay(@PathParam("customerId") String customerId) {
        String customer = Identifiers.require(customerId, "customerId");
        return quarantine.replay(customer).map(result -> {
            var replay = result.orElseThrow(() -> new ProblemException(Problem.of(Response.Status.NOT_FOUND,
                    "NOT_QUARANTINED", "customer " + customer + " is not in quarantine")));
            if (!replay.released()) {
                throw new ProblemException(Problem.of(Response.Status.CONFLICT, "REPLAY_FAILED", "the replay of "
                        + customer + " stopped after " + replay.replayed() + " record(s): " + replay.error()
                        + "; the rest stays parked"));
            }
            return replay;
        });
    }
}
