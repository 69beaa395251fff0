package io.ledgerline.receivables.ingest;

import io.ledgerline.eventstore.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Readiness of ingest: DOWN while ingest is halted (a poll has been waiting for PostgreSQL for longer than
 * {@code ledgerline.ingest.health.halted-after}), or while quarantine catches everything (the last
 * {@value #RECENT_POLLS} polls with records parked every record, of more than one customer: that is no longer one bad
 * customer but a fault every customer hits), and during the start's warm-up ({@link IngestWarmUp}, a few seconds).
 * Anything else is UP, with what it knows as data.
 * <p>
 * Readiness, not liveness: restarting the service helps neither an outage nor a bug; it should only stop taking
 * traffic (and be looked at).
 */
@ApplicationScoped
public class IngestHealth implements RetryPolicy.Listener {

    static final int RECENT_POLLS = 3;
    private static final Logger LOG = Logger.getLogger(IngestHealth.class);

    private final Duration haltedAfter;
    private final Clock wallClock = Clock.systemUTC();
    private volatile Instant waitingSince;
    private volatile String lastFailure;
    /** Per recent poll with records: the customers it parked when it parked everything, else an empty set. */
    private final Deque<Set<String>> recentPolls = new ArrayDeque<>();
    private volatile long quarantinedSinceStart;
    /** While the start's warm-up runs ({@link IngestWarmUp}): not ready yet. */
    private volatile boolean warmingUp;

    public IngestHealth(@ConfigProperty(name = "ledgerline.ingest.health.halted-after", defaultValue = "5s")
                        Duration haltedAfter) {
        this.haltedAfter = haltedAfter;
    }

    @Override
    public void waiting(Throwable failure, Duration next) {
        if (waitingSince == null) {
            waitingSince = wallClock.instant();
            LOG.warnf("ingest waits for the database or the broker: %s; trying again in %s", failure, next);
        }
        lastFailure = String.valueOf(failure);
    }

    @Override
    public void recovered() {
        if (waitingSince != null) {
            LOG.infof("ingest resumed after waiting since %s", waitingSince);
            waitingSince = null;
        }
    }

    void warmingUp() {
        warmingUp = true;
    }

    void warmedUp() {
        warmingUp = false;
    }

    void quarantined(String customerId) {
        quarantinedSinceStart++;
    }

    void pollHandled(IngestProcessor.Outcome outcome) {
        if (outcome.total() == 0) {
            return;
        }
        synchronized (recentPolls) {
            // An empty set stands for a poll that recorded something (ArrayDeque holds no nulls).
            recentPolls.addLast(outcome.parked() == outcome.total() ? outcome.parkedCustomers() : Set.of());
            while (recentPolls.size() > RECENT_POLLS) {
                recentPolls.removeFirst();
            }
        }
    }

    /** Whether ingest has been waiting for the infrastructure for longer than it may. */
    public boolean halted() {
        Instant since = waitingSince;
        return since != null && Duration.between(since, wallClock.instant()).compareTo(haltedAfter) > 0;
    }

    /** Whether the last polls parked every record they had, of more than one customer. */
    public boolean quarantiningEverything() {
        synchronized (recentPolls) {
            if (recentPolls.size() < RECENT_POLLS) {
                return false;
            }
            Set<String> customers = new HashSet<>();
            for (Set<String> poll : recentPolls) {
                if (poll.isEmpty()) {
                    return false;
                }
                customers.addAll(poll);
            }
            return customers.size() > 1;
        }
    }

    /** The readiness check itself; a separate bean because {@code @Readiness} is a qualifier. */
    @Readiness
    @ApplicationScoped
    static class Check implements HealthCheck {
        private final IngestHealth health;

        Check(IngestHealth health) {
            this.health = health;
        }

        @Override
        public HealthCheckResponse call() {
            return health.response();
        }
    }

    HealthCheckResponse response() {
        boolean halted = halted();
        boolean everything = quarantiningEverything();
        boolean warming = warmingUp;
        var response = HealthCheckResponse.named("ledgerline-ingest").status(!halted && !everything && !warming)
                .withData("warmingUp", warming)
                .withData("halted", halted)
                .withData("quarantiningEverything", everything)
                .withData("customersQuarantinedSinceStart", quarantinedSinceStart);
        if (waitingSince != null) {
            response.withData("waitingSince", waitingSince.toString())
                    .withData("lastFailure", lastFailure == null ? "" : lastFailure);
        }
        return response.build();
    }
}
