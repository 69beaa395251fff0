package io.ledgerline.collections.rest;

import io.ledgerline.collections.service.Worklists;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Collectors' worklists and the team lead's view of load. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "worklists")
public class WorklistResource {

    private final Worklists worklists;

    public WorklistResource(Worklists worklists) {
        this.worklists = worklists;
    }

    @GET
    @Path("worklists/{collector}")
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "A collector's open cases, highest score first; each row says what its score is made of")
    public Uni<Worklists.Worklist> worklist(@PathParam("collector") String collector,
                                            @QueryParam("limit") String limit) {
        return worklists.worklist(collector, CaseResource.limit(limit, 50, 500));
    }

    @GET
    @Path("team/load")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Open cases per collector against their capacity, and cases no one has yet")
    public Uni<Worklists.TeamLoad> load() {
        return worklists.teamLoad();
    }
}
