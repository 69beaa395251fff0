package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.WhatIf;
import io.ledgerline.credit.service.PolicyWhatIf;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The credit policy in force, and what-ifs of a proposed change of it over the recorded history. */
@Path("/policy")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Credit policy")
public class PolicyResource {

    /**
     * @param changes   settings to change, by key (with or without the {@code ledgerline.credit.} prefix), e.g.
     *                  {@code "rules.past-due.days": "45"}
     * @param customers only these customers (all when absent)
     */
    public record WhatIfRequest(LocalDate from, LocalDate to, Map<String, String> changes, List<String> customers) {
    }

    private final PolicyWhatIf whatIf;
    private final Clock clock;

    public PolicyResource(PolicyWhatIf whatIf, Clock clock) {
        this.whatIf = whatIf;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.OPERATOR})
    @Operation(summary = "Every setting of the policy in force (scorecard, rates, rules, decisions, orders)")
    public Map<String, String> settings() {
        return whatIf.settings();
    }

    @POST
    @Path("/what-if")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "Replay the recorded history under the policy in force and under the proposed changes,"
            + " changing nothing: which applications, orders and holds would have been decided otherwise between"
            + " from and to, and the exposure the proposal would have released or blocked")
    public Uni<WhatIf.Result> whatIf(WhatIfRequest body) {
        WhatIfRequest r = Params.required(body, "body");
        Map<String, String> changes = Params.required(r.changes(), "changes");
        LocalDate to = r.to() == null ? LocalDate.now(clock) : r.to();
        LocalDate from = r.from() == null ? to.minusYears(1) : r.from();
        if (from.isAfter(to)) {
            throw Params.invalid("from", "INVALID_DATE_RANGE", "from must not be after to");
        }
        return whatIf.run(changes, from, to, r.customers() == null ? Set.of() : Set.copyOf(r.customers()));
    }
}
