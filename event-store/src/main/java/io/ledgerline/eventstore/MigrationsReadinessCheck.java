package io.ledgerline.eventstore;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Readiness: the database schema is at the version this build expects, i.e. Flyway has no pending migration. A
 * service migrates at start, so this is normally true from the first answer; it says so explicitly (with the schema
 * version, which an operator checking a rollout wants to see), and it keeps an instance out of traffic if it was
 * started with {@code migrate-at-start} off against a database nobody migrated yet. Checked on a worker thread
 * (Flyway reads its history over JDBC) until it holds once; a schema does not un-migrate.
 * <p>
 * With {@code migrate-at-start} on, the check is made once at start, right after the migrations ran, while the
 * database is certainly there. Left to the first readiness probe instead, it could fall into a database outage:
 * Flyway's JDBC connections (a pool of two) were then found exhausted after PostgreSQL came back, and readiness
 * stayed DOWN although everything else had recovered.
 */
@Readiness
@ApplicationScoped
public class MigrationsReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "database-migrations";

    private final Instance<Flyway> flyway;
    private final boolean migratesAtStart;
    private volatile String migratedTo;

    public MigrationsReadinessCheck(Instance<Flyway> flyway,
                                    @ConfigProperty(name = "quarkus.flyway.migrate-at-start", defaultValue = "false")
                                    boolean migratesAtStart) {
        this.flyway = flyway;
        this.migratesAtStart = migratesAtStart;
    }

    void checkOnceMigrated(@Observes StartupEvent started) {
        if (migratesAtStart && flyway.isResolvable()) {
            try {
                check();
            } catch (RuntimeException e) {
                // Left to the probes; the start itself already failed if the migrations did.
            }
        }
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        if (migratedTo != null || flyway.isUnsatisfied()) {
            return Uni.createFrom().item(HealthCheckResponse.named(NAME).up()
                    .withData("schemaVersion", migratedTo == null ? "no Flyway" : migratedTo).build());
        }
        return Uni.createFrom().item(this::check).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }

    private HealthCheckResponse check() {
        var info = flyway.get().info();
        MigrationInfo[] pending = info.pending();
        MigrationInfo current = info.current();
        String version = current == null || current.getVersion() == null ? "empty" : current.getVersion().toString();
        if (pending.length > 0) {
            return HealthCheckResponse.named(NAME).down().withData("schemaVersion", version)
                    .withData("pending", pending.length).build();
        }
        migratedTo = version;
        return HealthCheckResponse.named(NAME).up().withData("schemaVersion", version).build();
    }
}
