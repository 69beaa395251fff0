package io.ledgerline.collections.rest;

import io.ledgerline.eventstore.ProjectionRunner;
import io.ledgerline.eventstore.ProjectionStatus;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.NoSuchElementException;

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
    @Operation(summary = "Each projection's checkpoint and how far behind the store it is")
    public Uni<List<ProjectionStatus>> status() {
        return runner.status();
    }

    @POST
    @Path("/{name}/rebuild")
    @Operation(summary = "Empty a projection and replay every event into it")
    public Uni<List<ProjectionStatus>> rebuild(@PathParam("name") String name, @Context HttpHeaders headers) {
        Callers.requireRole(headers, "operator");
        return runner.rebuild(name)
                .onFailure(NoSuchElementException.class)
                .transform(e -> ProblemException.notFound("UNKNOWN_PROJECTION", e.getMessage()))
                .chain(runner::status);
    }
}
