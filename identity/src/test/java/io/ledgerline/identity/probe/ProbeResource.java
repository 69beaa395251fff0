package io.ledgerline.identity.probe;

import io.ledgerline.identity.AccessRefused;
import io.ledgerline.identity.ApprovalLimits;
import io.ledgerline.identity.Caller;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.FourEyes;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A service in miniature, as the identity library's tests see one. */
@Path("/probe")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    private final CurrentCaller caller;
    private final ApprovalLimits limits;

    public ProbeResource(CurrentCaller caller, ApprovalLimits limits) {
        this.caller = caller;
        this.limits = limits;
    }

    @GET
    @Path("/me")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.OPERATOR, Roles.READER})
    public Caller me() {
        return caller.get();
    }

    @POST
    @Path("/write-offs/{amount}")
    @RolesAllowed({Roles.AR_CLERK, Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    public Map<String, Object> writeOff(@PathParam("amount") String amount) {
        Caller who = caller.get();
        BigDecimal value = new BigDecimal(amount.startsWith("MATRIX") ? "1" : amount);
        if (!limits.allows("write-off", who, value, "EUR")) {
            throw new AccessRefused("LIMIT_EXCEEDED", "above your limit of " + limits.limitOf("write-off", who, "EUR"),
                    List.of());
        }
        return Map.of("writtenOffBy", who.name(), "amount", value);
    }

    @POST
    @Path("/approvals/{requester}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.CREDIT_MANAGER})
    public Map<String, Object> approve(@PathParam("requester") String requester) {
        Caller who = caller.get();
        FourEyes.requireApproval(requester, who, List.of(Roles.SUPERVISOR, Roles.CREDIT_MANAGER));
        return Map.of("approvedBy", who.subject(), "requestedBy", requester);
    }

    @DELETE
    @Path("/cache")
    @RolesAllowed(Roles.OPERATOR)
    public Map<String, Object> clear() {
        return Map.of("cleared", true);
    }
}
