package io.ledgerline.collections.rest;

import io.ledgerline.eventstore.ProjectionRunner;
import io.ledgerline.eventstore.ProjectionStatus;
import io.ledgerline.support.ProblemException;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The read models' state, and their rebuild from the event store. */
@Path("/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    private final ProjectionRunner runner;

    public AdminResource(ProjectionRunner runner) {
        this.runner = runner;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.AUDITOR})
    @Operation(summary = "Each projection's checkpoint and how far behind the store it is")
    public Uni<List<ProjectionStatus>> status() {
        return runner.status();
    }

    @POST
    @Path("/{name}/rebuild")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Replay every event into shadow copies of the projection's tables and swap them in; the live"
            + " tables answer meanwhile. Also lifts a park")
    public Uni<jakarta.ws.rs.core.Response> rebuild(@PathParam("name") String name) {
        return known(name).chain(() -> runner.rebuild(name)).replaceWith(jakarta.ws.rs.core.Response.accepted().build());
    }

    @POST
    @Path("/{name}/resume")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(summary = "Resume a parked projection once the cause is fixed")
    public Uni<jakarta.ws.rs.core.Response> resume(@PathParam("name") String name) {
        return known(name).chain(() -> runner.resume(name)).map(resumed -> resumed
                ? jakarta.ws.rs.core.Response.accepted().build()
                : io.ledgerline.support.Problem.of(409, "Conflict", "PROJECTION_NOT_PARKED",
                        "projection " + name + " is not parked").toResponse());
    }

    private Uni<Void> known(String name) {
        return runner.status().invoke(all -> {
            if (all.stream().noneMatch(s -> s.name().equals(name))) {
                throw ProblemException.notFound("UNKNOWN_PROJECTION", "there is no projection named " + name);
            }
        }).replaceWithVoid();
    }
}
