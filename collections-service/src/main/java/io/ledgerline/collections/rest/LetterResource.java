package io.ledgerline.collections.rest;

import io.ledgerline.collections.domain.CaseCommand;
import io.ledgerline.collections.service.CaseCommands;
import io.ledgerline.collections.service.CaseQueries;
import io.ledgerline.collections.service.LetterRenderer;
import io.ledgerline.support.ProblemException;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/** The kept letters: as HTML (the document as issued) or as PDF made from it; and bounces reported by a gateway. */
@Path("/letters/{letterId}")
@Tag(name = "letters")
public class LetterResource {

    private static final String PDF = "application/pdf";

    private final CaseQueries queries;
    private final CaseCommands commands;
    private final Clock clock;

    public LetterResource(CaseQueries queries, CaseCommands commands, Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.COLLECTOR, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Produces({MediaType.TEXT_HTML, PDF, MediaType.APPLICATION_JSON})
    @Operation(summary = "A letter as issued: text/html, or application/pdf (Accept header or ?format=pdf), or as JSON"
            + " (its subject, channel, delivery state and HTML)")
    public Uni<Response> get(@PathParam("letterId") String letterId, @QueryParam("format") String format,
                             @HeaderParam("Accept") String accept) {
        boolean pdf = format != null ? format.equalsIgnoreCase("pdf")
                : accept != null && accept.contains(PDF) && !accept.contains(MediaType.TEXT_HTML);
        if (format != null && !format.equalsIgnoreCase("pdf") && !format.equalsIgnoreCase("html")) {
            throw ProblemException.invalidField("format", "INVALID_VALUE", "format is html or pdf");
        }
        boolean json = format == null && !pdf && accept != null && accept.contains("json") && !accept.contains("html");
        return queries.letter(letterId).chain(letter -> json
                ? Uni.createFrom().item(Response.ok(letter, MediaType.APPLICATION_JSON).build())
                : pdf
                // Rendering a PDF takes a moment of CPU: off the event loop.
                ? Uni.createFrom().item(() -> LetterRenderer.pdf(letter.html()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(bytes -> Response.ok(bytes, PDF)
                        .header("Content-Disposition", "inline; filename=\"" + letterId + ".pdf\"").build())
                : Uni.createFrom().item(Response.ok(letter.html(), MediaType.TEXT_HTML + ";charset=UTF-8").build()));
    }

    @POST
    @Path("/bounces")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.COLLECTOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An e-mailed letter came back undelivered (for mail gateways that report by webhook)")
    public Uni<Response> bounce(@PathParam("letterId") String letterId, Requests.Bounce body) {
        String reason = CaseResource.text(body == null ? null : body.reason(), "reason", CaseResource.MAX_TEXT);
        return queries.letter(letterId).chain(letter -> commands.handle(new CaseCommand.RecordBounce(
                        letter.customerId(), letterId, reason, clock.instant()), null, null))
                .map(CommandResponses::of);
    }
}
