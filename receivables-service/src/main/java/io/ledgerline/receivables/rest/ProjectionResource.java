package io.ledgerline.receivables.rest;

import io.ledgerline.support.ProblemException;
import io.ledgerline.support.Problem;
import io.ledgerline.eventstore.ProjectionRunner;
import io.ledgerline.eventstore.ProjectionStatus;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
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
 * Operators' view of the read models: how far behind each is, whether one is parked (and why), which instance runs
 * it; resuming a parked one, and a rebuild from the first event.
 */
@Path("/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class ProjectionResource {

    private final ProjectionRunner runner;

    public ProjectionResource(ProjectionRunner runner) {
        this.runner = runner;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Every projection's checkpoint, the store's head, and the events still to process")
    public Uni<List<ProjectionStatus>> status() {
        return runner.status();
    }

    @POST
    @Path("/{name}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Resume a parked projection once the cause is fixed; it tries the failed batch again")
    public Uni<Response> resume(@PathParam("name") String name) {
        return known(name).chain(() -> runner.resume(name)).map(resumed -> resumed
                ? Response.accepted().build()
                : Problem.of(Response.Status.CONFLICT, "PROJECTION_NOT_PARKED", "projection " + name + " is not parked")
                        .toResponse());
    }

    @POST
    @Path("/{name}/rebuild")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replay every event into shadow copies of a projection's tables and swap them in; the live"
            + " tables answer meanwhile, progress shows in the status. Also lifts a park")
    public Uni<Response> rebuild(@PathParam("name") String name) {
        return known(name).chain(() -> runner.rebuild(name)).replaceWith(Response.accepted().build());
    }

    private Uni<Void> known(String name) {
        return runner.status().invoke(all -> {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_PROJECTION",
                        "there is no projection named " + name));
            }
        }).replaceWithVoid();
    }
}
