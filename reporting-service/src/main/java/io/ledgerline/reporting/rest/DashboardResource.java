package io.ledgerline.reporting.rest;

import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.List;

/**
 * The dashboard page: aging bars, DSO and CEI by month, top overdue customers and disputes by reason, drawn in the
 * browser from this service's own REST answers with Chart.js served from the service (no CDN).
 */
@Path("/dashboard")
@Tag(name = "dashboard")
public class DashboardResource {

    private final Template dashboard;
    private final Clock clock;
    private final String chartJsVersion;

    public DashboardResource(Template dashboard, Clock clock,
                             @ConfigProperty(name = "ledgerline.reporting.chartjs-version") String chartJsVersion) {
        this.dashboard = dashboard;
        this.clock = clock;
        this.chartJsVersion = chartJsVersion;
    }

    /** Open: the page holds no figure; it asks the API for them with the caller's bearer token. */
    @GET
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The dashboard page as of a date (default today), in one currency (default the first with "
            + "open items)")
    public TemplateInstance page(@QueryParam("asOf") String asOf, @QueryParam("currency") String currency) {
        LocalDate date = Params.asOf(asOf, clock);
        String cur = Params.currency(currency);
        YearMonth month = YearMonth.from(date);
        return dashboard.data("asOf", date)
                .data("today", LocalDate.now(clock))
                .data("currency", cur == null ? "" : cur)
                // A year of months, none before the first one the trend answers.
                .data("fromMonth", Collections.max(List.of(month.minusMonths(11), YearMonth.from(Params.EARLIEST))))
                .data("toMonth", month)
                .data("period", month)
                .data("chartJs", "/webjars/chart.js/" + chartJsVersion + "/dist/chart.umd.js");
    }
}
