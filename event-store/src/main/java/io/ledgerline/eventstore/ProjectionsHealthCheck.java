package io.ledgerline.eventstore;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The read models in health: DOWN while any projection is parked, with every projection's lag. A wellness check
 * ({@code /q/health/well}, and so {@code /q/health}), not readiness: a frozen read model makes the service degraded,
 * not useless (commands and the ledger's own reads still work), and taking every instance out of traffic would also
 * hide the admin endpoint that resumes or rebuilds it.
 */
@Wellness
@ApplicationScoped
public class ProjectionsHealthCheck implements AsyncHealthCheck {

    private final ProjectionRunner runner;

    public ProjectionsHealthCheck(ProjectionRunner runner) {
        this.runner = runner;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return runner.status().map(all -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("projections").up();
            for (ProjectionStatus status : all) {
                response.withData(status.name() + ".eventsBehind", status.eventsBehind());
                response.withData(status.name() + ".state", status.parked() ? "PARKED"
                        : status.rebuilding() ? "REBUILDING" : "RUNNING");
                if (status.parked()) {
                    response.down().withData(status.name() + ".parkedError", String.valueOf(status.parkedError()));
                }
            }
            return response.build();
        }).onFailure().recoverWithItem(failure -> HealthCheckResponse.named("projections").down()
                .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
