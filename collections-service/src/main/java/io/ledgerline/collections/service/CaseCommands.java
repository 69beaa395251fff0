package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CaseCommand;
import io.ledgerline.collections.domain.CollectionAccount;
import io.ledgerline.collections.domain.CollectionsDecider;
import io.ledgerline.collections.domain.Decision;
import io.ledgerline.collections.domain.Policy;
import io.ledgerline.collections.domain.Rejection;
import io.ledgerline.collections.ledger.AccountRepository;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * Carries out people's commands: load the customer fresh, decide, record at the version it was loaded at. A clash
 * with the consumer or the dunning run recording for the same customer at the same moment is decided again (the
 * person asked for something still valid); with {@code If-Match} the caller's own version must still hold, else 409.
 */
@ApplicationScoped
public class CaseCommands {

    /** What a command did: the events it recorded and the customer's stream version after them. */
    public record Outcome(List<CollectionsEvent> events, long version) {
    }

    private final Pool pool;
    private final AccountRepository accounts;
    private final CaseFileWriter writer;
    private final OutboxRelay relay;
    private final Policy policy;
    private final Clock clock;

    public CaseCommands(Pool pool, AccountRepository accounts, CaseFileWriter writer, OutboxRelay relay,
                        Policy policy, Clock clock) {
        this.pool = pool;
        this.accounts = accounts;
        this.writer = writer;
        this.relay = relay;
        this.policy = policy;
        this.clock = clock;
    }

    public Uni<Outcome> handle(CaseCommand command, Actor by, Long expectedVersion) {
        String customerId = command.customerId();
        List<CaseFileWriter.Decided>[] recorded = new List[1];
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> accounts.load(tx, customerId).chain(loaded -> {
                    if (loaded.account().isEmpty()) {
                        throw new CommandRejected(Rejection.notFound("customerId", "UNKNOWN_CUSTOMER",
                                "collections knows no customer " + customerId));
                    }
                    if (expectedVersion != null && expectedVersion != loaded.version()) {
                        throw new ConcurrencyConflict(io.ledgerline.collections.ledger.CollectionsEvents.streamId(customerId), expectedVersion);
                    }
                    CollectionAccount account = loaded.account();
                    Decision decision = CollectionsDecider.decide(command, account, policy,
                            new CollectionsDecider.Context(LocalDate.now(clock), clock.instant(), by, Ids.RANDOM));
                    return switch (decision) {
                        case Decision.Rejected r -> throw new CommandRejected(r.rejection());
                        case Decision.Accepted a when a.events().isEmpty() ->
                                Uni.createFrom().item(new Outcome(List.of(), loaded.version()));
                        case Decision.Accepted a -> {
                            CollectionAccount after = account.copy();
                            a.events().forEach(after::evolve);
                            List<CaseFileWriter.Decided> decided = List.of(new CaseFileWriter.Decided(loaded, after,
                                    a.events()));
                            recorded[0] = decided;
                            String metadata = EventJson.mapper().createObjectNode()
                                    .put("command", command.getClass().getSimpleName())
                                    .put("by", by == null ? null : by.subject()).toString();
                            yield writer.record(tx, decided, metadata)
                                    .map(done -> new Outcome(a.events(), loaded.version() + a.events().size()));
                        }
                    };
                })))
                .onFailure(f -> f instanceof ConcurrencyConflict && expectedVersion == null)
                .retry().withBackOff(Duration.ofMillis(10), Duration.ofMillis(200)).atMost(5)
                .invoke(outcome -> {
                    if (!outcome.events().isEmpty()) {
                        writer.committed(recorded[0]);
                        relay.wake();
                    }
                });
    }
}
