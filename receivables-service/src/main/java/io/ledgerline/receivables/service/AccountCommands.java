package io.ledgerline.receivables.service;

import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.OutboxRelay;
import io.ledgerline.eventstore.StreamAppend;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.identity.Caller;
import io.ledgerline.identity.FourEyes;
import io.ledgerline.identity.Roles;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.Rejection;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.support.Problem;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/**
 * Carries out people's commands on an account: load it, decide, append at the version it was loaded at. The load
 * starts from the state this instance kept after the account's last command (or load) and folds only the events
 * written since, which it reads from the store every time ({@link AccountRepository#loadCurrent}): another writer's
 * events are never missed, and the append still names the version decided on. Two edits of
 * one account racing each other cannot both win: the loser's append fails on the stream version and the caller gets
 * 409 to reload and retry, never a lost update. A client that sends the version it saw ({@code If-Match}) gets 409 as
 * soon as the account has moved on.
 * <p>
 * Every event a command appends records who asked, from the bearer token (subject, name, the roles they acted in), in
 * its metadata ({@code actor}): that is the audit trail an auditor reads. Approving a write-off request is checked
 * here, against the request as the ledger holds it: a different person from the one who asked, in an approving role.
 */
@ApplicationScoped
public class AccountCommands {

    /** What a command did: the events it recorded and the account's version after them. */
    public record Outcome(List<ReceivablesEvent> events, long version) {
    }

    /** Who may approve a write-off someone else asked for. */
    public static final List<String> WRITE_OFF_APPROVERS = List.of(Roles.SUPERVISOR, Roles.CREDIT_MANAGER);

    /** The actor of what the service does on its own (the daily delinquency run). */
    public static final Caller SYSTEM = Caller.of("ledgerline", "ledgerline", List.of());

    private final Pool pool;
    private final EventStore store;
    private final AccountRepository accounts;
    private final LedgerRules rules;
    private final OutboxRelay relay;

    public AccountCommands(Pool pool, EventStore store, AccountRepository accounts, LedgerRules rules,
                           OutboxRelay relay) {
        this.pool = pool;
        this.store = store;
        this.accounts = accounts;
        this.rules = rules;
        this.relay = relay;
    }

    /** A command's outcome and, when it appended, the state it committed and its last event's id. */
    private record Done(Outcome outcome, Account state, UUID lastEventId) {
    }

    public Uni<Outcome> handle(LedgerCommand command, Long expectedVersion, Caller actor) {
        String customerId = command.customerId();
        // No BEGIN/COMMIT around it: the read needs no snapshot shared with the write (the append names the version
        // decided on and the store refuses it if the stream has moved), and the append of one stream is one INSERT
        // statement, all of its events or none (see append). Two round trips fewer per command.
        return pool.withConnection(connection -> accounts.loadCurrent(connection, customerId).chain(loaded -> {
                    if (loaded.account().isEmpty()) {
                        throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_CUSTOMER",
                                "the ledger has no account for customer " + customerId));
                    }
                    if (expectedVersion != null && expectedVersion != loaded.version()) {
                        throw new ConcurrencyConflict(AccountEvents.streamId(customerId), expectedVersion);
                    }
                    if (command instanceof LedgerCommand.ApproveWriteOff approval) {
                        Account.WriteOffRequest request = loaded.account().writeOffRequests().get(approval.requestId());
                        if (request != null && request.isPending()) {
                            FourEyes.requireApproval(request.requested().requestedBySubject(), actor, WRITE_OFF_APPROVERS);
                        }
                    }
                    return switch (AccountDecider.decide(command, loaded.account(), rules)) {
                        case Decision.Rejected r -> throw new ProblemException(problem(r.rejection()));
                        case Decision.Accepted a when a.isDuplicate() ->
                                Uni.createFrom().item(new Done(new Outcome(List.of(), loaded.version()), null, null));
                        case Decision.Accepted a -> append(connection, loaded, a.events(), command, actor);
                    };
                }))
                .map(done -> {
                    // Committed: only now is the new state what the stream holds.
                    if (done.state() != null) {
                        accounts.committed(customerId, done.state(), done.outcome().version(), done.lastEventId());
                        relay.wake();
                    }
                    return done.outcome();
                })
                .onFailure(ConcurrencyConflict.class).invoke(() -> accounts.forget(List.of(customerId)));
    }

    /**
     * Appends the command's events to the account's stream, outside any explicit transaction: {@link EventStore#append}
     * of a single stream is one {@code INSERT ... SELECT} whose rows all pass or all fail the version check (every row
     * compares the same expected version with the same statement snapshot, and a concurrent append that also passed
     * makes the whole statement fail on the unique (stream, version) key), so it commits all of the command's events
     * or none, and its success means they are committed.
     */
    private Uni<Done> append(io.vertx.mutiny.sqlclient.SqlConnection connection, AccountRepository.Loaded loaded,
                                List<ReceivablesEvent> events, LedgerCommand command, Caller actor) {
        var node = io.ledgerline.events.EventJson.mapper().createObjectNode()
                .put("command", command.getClass().getSimpleName());
        var who = node.putObject("actor").put("subject", actor.subject()).put("name", actor.name());
        actor.sortedRolesUsed().forEach(who.putArray("roles")::add);
        String metadata = node.toString();
        List<EventToAppend> toAppend = events.stream().map(e -> AccountEvents.toAppend(e, metadata)).toList();
        String customerId = command.customerId();
        return store.append(connection, List.of(new StreamAppend(AccountEvents.streamId(customerId), loaded.version(), toAppend)))
                .map(done -> {
                    // The loaded account is this command's own copy (loadCurrent): evolved in place, no second copy.
                    var account = loaded.account();
                    events.forEach(account::evolve);
                    long version = loaded.version() + events.size();
                    return new Done(new Outcome(events, version), account, toAppend.getLast().eventId());
                });
    }

    /** Unknown things are 404, malformed amounts 400, everything the ledger's rules refuse 422. */
    static Problem problem(Rejection rejection) {
        int status = rejection.code().startsWith("UNKNOWN_") || rejection.code().equals("NO_SUCH_APPLICATION") ? 404
                : rejection.code().equals("INVALID_AMOUNT") || rejection.code().equals("TOO_MANY_DECIMALS") ? 400 : 422;
        return new Problem(java.net.URI.create("https://ledgerline.io/problems/"
                + rejection.code().toLowerCase().replace('_', '-')),
                status == 404 ? "Not Found" : status == 400 ? "Bad Request" : "Unprocessable Content", status,
                rejection.detail(), null, rejection.code(), rejection.field() == null ? null
                : List.of(new Problem.FieldError(rejection.field(), rejection.code(), rejection.detail())));
    }
}
