package io.ledgerline.collections.rest;

import io.ledgerline.collections.service.DunningRun;
import io.ledgerline.support.ProblemException;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The dunning run on demand, for today or a past day (never a future one). */
@Path("/dunning/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "dunning")
public class DunningResource {

    private final DunningRun run;
    private final Clock clock;

    public DunningResource(DunningRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR})
    @Operation(summary = "Decide everything time decides as of a day (default today): promises, plans, holds, SLAs, dunning levels")
    public Uni<DunningRun.Summary> run(@QueryParam("asOf") String asOf) {
        LocalDate today = LocalDate.now(clock);
        LocalDate day;
        try {
            day = asOf == null || asOf.isBlank() ? today : LocalDate.parse(asOf);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField("asOf", "INVALID_DATE", "asOf is a date, YYYY-MM-DD");
        }
        if (day.isBefore(LocalDate.of(1970, 1, 1))) {
            throw ProblemException.invalidField("asOf", "DATE_OUT_OF_RANGE", "asOf " + day + " lies before 1970-01-01");
        }
        if (day.isAfter(today)) {
            throw ProblemException.invalidField("asOf", "DATE_IN_FUTURE", "asOf " + day
                    + " lies after today (" + today + "): a run decides what has happened, not what may");
        }
        return run.run(day);
    }
}
