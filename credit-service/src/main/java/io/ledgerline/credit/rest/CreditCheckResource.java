package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.service.CreditCommands;
import io.ledgerline.credit.service.CreditQueries;
import io.ledgerline.credit.service.OrderChecks;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;

/**
 * Order management asks before releasing an order (flows.md §4); analysts release or reject held orders; the ERP
 * cancels. A check is idempotent on the order id: a retry gets the recorded answer and records nothing.
 */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Order credit checks")
public class CreditCheckResource {

    public record CheckRequest(String orderId, String customerId, BigDecimal amount, String currency) {
    }

    public record OrderDecisionRequest(String reason, Object by) {
    }

    private final CreditCommands commands;
    private final OrderChecks checks;
    private final CreditQueries queries;
    private final CurrentCaller caller;
    private final Clock clock;

    public CreditCheckResource(CreditCommands commands, OrderChecks checks, CreditQueries queries, CurrentCaller caller,
                               Clock clock) {
        this.commands = commands;
        this.checks = checks;
        this.queries = queries;
        this.caller = caller;
        this.clock = clock;
    }

    @POST
    @Path("credit-checks")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.OPERATOR})
    @Operation(summary = "Check an order: RELEASED, HELD or REJECTED with reasons and exposure before and after",
            description = "Idempotent on orderId: the same order again gets the recorded answer (repeated: true). A"
                    + " customer credit knows nothing about gets the no-limit policy's answer (REJECTED by default,"
                    + " reason NO_CREDIT_LIMIT), never a 404.")
    public Uni<CreditViews.CheckResult> check(CheckRequest body) {
        CheckRequest r = Params.required(body, "body");
        String orderId = Params.identifier(r.orderId(), "orderId");
        String customerId = Params.identifier(r.customerId(), "customerId");
        BigDecimal amount = Params.required(r.amount(), "amount");
        String currency = Params.currency(r.currency(), "currency");
        return checks.check(new CreditCommand.CheckOrder(customerId, orderId, currency, amount, today()))
                .map(outcome -> CreditViews.CheckResult.of(outcome.credit().file().order(orderId), outcome.repeat()));
    }

    @GET
    @Path("orders/{orderId}")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER, Roles.OPERATOR})
    @Operation(summary = "An order as credit checked it, and where it stands now")
    public Uni<CreditViews.Order> order(@PathParam("orderId") String orderId) {
        String id = Params.identifier(orderId, "orderId");
        return commands.customerOfOrder(id).chain(queries::customer)
                .map(credit -> CreditViews.Order.of(credit.file().order(id)));
    }

    @POST
    @Path("orders/{orderId}/release")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "An analyst releases a held order, with a reason")
    public Uni<CreditViews.Recorded> release(@PathParam("orderId") String orderId, OrderDecisionRequest body) {
        var by = Callers.actor(caller);
        String id = Params.identifier(orderId, "orderId");
        OrderDecisionRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String reason = Params.text(r.reason(), "reason");
        return commands.customerOfOrder(id).chain(customer -> commands.handle(
                        new CreditCommand.ReleaseOrder(customer, id, reason, today(), by))
                .map(o -> recorded(customer, o)));
    }

    @POST
    @Path("orders/{orderId}/reject")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "An analyst rejects a held order, with a reason; it stops counting as exposure")
    public Uni<CreditViews.Recorded> reject(@PathParam("orderId") String orderId,
                                            OrderDecisionRequest body) {
        var by = Callers.actor(caller);
        String id = Params.identifier(orderId, "orderId");
        OrderDecisionRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String reason = Params.text(r.reason(), "reason");
        return commands.customerOfOrder(id).chain(customer -> commands.handle(
                        new CreditCommand.RejectOrder(customer, id, reason, today(), by))
                .map(o -> recorded(customer, o)));
    }

    @POST
    @Path("orders/{orderId}/cancellation")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.OPERATOR})
    @Operation(summary = "The ERP cancelled the order: it stops counting as exposure (a repeat changes nothing)")
    public Uni<CreditViews.Recorded> cancel(@PathParam("orderId") String orderId) {
        String id = Params.identifier(orderId, "orderId");
        return commands.customerOfOrder(id).chain(customer -> commands.handle(
                        new CreditCommand.CancelOrder(customer, id, today()))
                .map(o -> recorded(customer, o)));
    }

    static CreditViews.Recorded recorded(String customerId, CreditCommands.Outcome outcome) {
        return new CreditViews.Recorded(customerId, outcome.events().stream().map(CreditViews.Event::of).toList());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
