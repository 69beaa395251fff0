package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.PolicyLog;
import io.ledgerline.credit.domain.WhatIf;
import io.ledgerline.credit.service.PolicyInForce;
import io.ledgerline.credit.service.PolicyWhatIf;
import io.ledgerline.events.common.Actor;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.ledgerline.support.Problem;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The credit policy in force, what-ifs of a proposed change of it over the recorded history, and switching a proposal
 * on (an event of the policy log, by a credit manager other than the proposer).
 */
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

    /** A proposed change of the policy: settings by key, as in a what-if. */
    public record ProposalRequest(String proposalId, Map<String, String> changes, String reason, Object by) {
    }

    /** A second person switches a proposal on, or anyone with the role turns it down. */
    public record ProposalDecisionRequest(String reason, Object by) {
    }

    /** A proposal and what became of it. */
    public record ProposalView(String proposalId, String status, Map<String, String> changes, String reason,
                               LocalDate proposedOn, Actor proposedBy, PolicyLog.Event decided) {
        static ProposalView of(PolicyLog.Proposal p) {
            return new ProposalView(p.proposed().proposalId(), p.status().name(), new TreeMap<>(p.proposed().changes()),
                    p.proposed().reason(), p.proposed().on(), p.proposed().by(), p.decided());
        }
    }

    private final PolicyWhatIf whatIf;
    private final PolicyInForce policies;
    private final CurrentCaller caller;
    private final Clock clock;

    public PolicyResource(PolicyWhatIf whatIf, PolicyInForce policies, CurrentCaller caller, Clock clock) {
        this.whatIf = whatIf;
        this.policies = policies;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Path("/log")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.OPERATOR})
    @Operation(summary = "The policy's history as recorded: proposals, who switched each on (or turned it down) and"
            + " why, imported exchange rates")
    public List<PolicyInForce.Entry> log() {
        return policies.log();
    }

    @GET
    @Path("/proposals")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.OPERATOR})
    @Operation(summary = "Every proposed change of the policy and where it stands (PENDING, SWITCHED_ON, REJECTED)")
    public List<ProposalView> proposals() {
        return policies.state().proposals().values().stream().map(ProposalView::of).toList();
    }

    @GET
    @Path("/proposals/{proposalId}")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.OPERATOR})
    @Operation(summary = "One proposed change of the policy")
    public ProposalView proposal(@PathParam("proposalId") String proposalId) {
        String id = Params.identifier(proposalId, "proposalId");
        PolicyLog.Proposal p = policies.state().proposals().get(id);
        if (p == null) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_PROPOSAL",
                    "no policy proposal " + id));
        }
        return ProposalView.of(p);
    }

    @POST
    @Path("/proposals")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "Propose a change of the policy (settings by key, as in a what-if); it takes effect only"
            + " when a credit manager other than the proposer switches it on. 201, or 200 for a repeat")
    public Uni<Response> propose(ProposalRequest body) {
        var by = Callers.actor(caller);
        ProposalRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String id = Params.identifier(r.proposalId(), "proposalId");
        Map<String, String> changes = Params.required(r.changes(), "changes");
        changes.forEach((key, value) -> Params.optionalText(value, "changes." + key));
        String reason = Params.text(r.reason(), "reason");
        return policies.handle(new PolicyLog.Propose(id, changes, reason, LocalDate.now(clock), by))
                .map(events -> Response.status(events.isEmpty() ? 200 : 201)
                        .entity(ProposalView.of(policies.state().proposals().get(id))).build());
    }

    @POST
    @Path("/proposals/{proposalId}/switch-on")
    @RolesAllowed(Roles.CREDIT_MANAGER)
    @Operation(summary = "Switch a proposal on: from now on decisions use it. Four eyes: never by who proposed it"
            + " (422 FOUR_EYES)")
    public Uni<ProposalView> switchOn(@PathParam("proposalId") String proposalId, ProposalDecisionRequest body) {
        var by = Callers.actor(caller);
        String id = Params.identifier(proposalId, "proposalId");
        ProposalDecisionRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String reason = Params.text(r.reason(), "reason");
        return policies.handle(new PolicyLog.SwitchOn(id, reason, LocalDate.now(clock), by))
                .map(events -> ProposalView.of(policies.state().proposals().get(id)));
    }

    @POST
    @Path("/proposals/{proposalId}/rejection")
    @RolesAllowed(Roles.CREDIT_MANAGER)
    @Operation(summary = "Turn a pending proposal down, with a reason")
    public Uni<ProposalView> reject(@PathParam("proposalId") String proposalId, ProposalDecisionRequest body) {
        var by = Callers.actor(caller);
        String id = Params.identifier(proposalId, "proposalId");
        ProposalDecisionRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String reason = Params.text(r.reason(), "reason");
        return policies.handle(new PolicyLog.Reject(id, reason, LocalDate.now(clock), by))
                .map(events -> ProposalView.of(policies.state().proposals().get(id)));
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
        LocalDate to = r.to() == null ? LocalDate.now(clock) : Params.inRange(r.to(), "to");
        LocalDate from = r.from() == null ? to.minusYears(1) : Params.inRange(r.from(), "from");
        if (from.isAfter(to)) {
            throw Params.invalid("from", "INVALID_DATE_RANGE", "from must not be after to");
        }
        List<String> customers = r.customers() == null ? List.of() : r.customers();
        for (int i = 0; i < customers.size(); i++) {
            Params.identifier(customers.get(i), "customers[" + i + "]");
        }
        return whatIf.run(changes, from, to, Set.copyOf(customers));
    }
}
