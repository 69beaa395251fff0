package io.ledgerline.collections.ingest;

import io.ledgerline.collections.domain.CaseCommand;
import io.ledgerline.collections.domain.CollectionAccount;
import io.ledgerline.collections.domain.CollectionsDecider;
import io.ledgerline.collections.domain.Decision;
import io.ledgerline.collections.domain.Policy;
import io.ledgerline.collections.domain.Portfolio;
import io.ledgerline.collections.ledger.AccountRepository;
import io.ledgerline.collections.ledger.FactLog;
import io.ledgerline.collections.service.CaseFileWriter;
import io.ledgerline.collections.service.CustomerViews;
import io.ledgerline.collections.service.Ids;
import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.eventstore.OutboxRelay;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records one poll of the upstream topics (receivables, credit, disputes) in one database transaction: the inbox rows
 * that make redelivery harmless, the facts themselves, what they mean for each customer's case file (cases opened,
 * assigned and closed, dunning paused and resumed for disputes), and the customer rows the worklist reads. A crash
 * anywhere means the poll comes again and is decided again; nothing is half-recorded.
 */
@ApplicationScoped
public class UpstreamProcessor {

    /** The inbox name of this consumer; message ids are (ce_source, ce_id) pairs. */
    public static final String INBOX = "collections-upstream";
    private static final Logger LOG = Logger.getLogger(UpstreamProcessor.class);

    private final Pool pool;
    private final Inbox inbox;
    private final AccountRepository accounts;
    private final CaseFileWriter writer;
    private final OutboxRelay relay;
    private final Policy policy;
    private final Portfolio portfolio;
    private final Clock clock;

    public UpstreamProcessor(Pool pool, Inbox inbox, AccountRepository accounts, CaseFileWriter writer,
                             OutboxRelay relay, Policy policy, Portfolio portfolio, Clock clock) {
        this.pool = pool;
        this.inbox = inbox;
        this.accounts = accounts;
        this.writer = writer;
        this.relay = relay;
        this.policy = policy;
        this.portfolio = portfolio;
        this.clock = clock;
    }

    /** What became of a poll, for logs and tests. */
    public record Outcome(int facts, int duplicates, int events) {
    }

    public static String messageId(ConsumedEvent<?> consumed) {
        return consumed.source() + "|" + consumed.id();
    }

    public Uni<Outcome> process(List<ConsumedEvent<? extends DomainEvent>> consumed) {
        if (consumed.isEmpty()) {
            return Uni.createFrom().item(new Outcome(0, 0, 0));
        }
        Set<String> messageIds = new LinkedHashSet<>();
        consumed.forEach(c -> messageIds.add(messageId(c)));
        List<CaseFileWriter.Decided>[] committed = new List[1];
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> inbox.recordNew(tx, INBOX, messageIds)
                        .chain(fresh -> decideAndRecord(tx, consumed, fresh, committed))))
                .invoke(outcome -> {
                    writer.committed(committed[0]);
                    if (outcome.events() > 0) {
                        relay.wake();
                    }
                })
                // Another writer of the same customer (a person's command, the dunning run) got there first: decide
                // the poll again on what is now recorded.
                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(50);
    }

    private Uni<Outcome> decideAndRecord(SqlConnection tx, List<ConsumedEvent<? extends DomainEvent>> consumed,
                                         Set<String> fresh, List<CaseFileWriter.Decided>[] committed) {
        List<ConsumedEvent<? extends DomainEvent>> toDecide = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConsumedEvent<? extends DomainEvent> c : consumed) {
            if (fresh.contains(messageId(c)) && seen.add(messageId(c))) {
                toDecide.add(c);
            }
        }
        int duplicates = consumed.size() - toDecide.size();
        if (toDecide.isEmpty()) {
            committed[0] = List.of();
            return Uni.createFrom().item(new Outcome(0, duplicates, 0));
        }
        Set<String> customers = new LinkedHashSet<>();
        toDecide.forEach(c -> customers.add(c.customerId()));
        boolean mayOpenCases = toDecide.stream()
                .anyMatch(c -> c.event() instanceof io.ledgerline.events.receivables.ReceivablesEvent.AccountDelinquent);
        return accounts.load(tx, customers)
                .chain(loaded -> (mayOpenCases ? CustomerViews.openCasesPerCollector(tx)
                        : Uni.createFrom().item(Map.<String, Integer>of()))
                        .map(load -> decide(toDecide, loaded, new HashMap<>(load))))
                .chain(batch -> FactLog.append(tx, batch.facts)
                        .chain(() -> writer.record(tx, batch.decided, batch.metadata))
                        .chain(() -> CustomerViews.upsert(tx, batch.decided.stream()
                                .map(d -> d.after().ledger()).toList()))
                        .map(done -> {
                            committed[0] = batch.decided;
                            return new Outcome(batch.facts.size(), duplicates,
                                    batch.decided.stream().mapToInt(d -> d.events().size()).sum());
                        }));
    }

    private record Batch(List<FactLog.Fact> facts, List<CaseFileWriter.Decided> decided, String metadata) {
    }

    private Batch decide(List<ConsumedEvent<? extends DomainEvent>> toDecide, Map<String, AccountRepository.Loaded> loaded,
                         Map<String, Integer> load) {
        LocalDate today = LocalDate.now(clock);
        Map<String, CollectionAccount> working = new LinkedHashMap<>();
        Map<String, List<CollectionsEvent>> events = new LinkedHashMap<>();
        List<FactLog.Fact> facts = new ArrayList<>();
        for (ConsumedEvent<? extends DomainEvent> c : toDecide) {
            String customer = c.customerId();
            CollectionAccount account = working.computeIfAbsent(customer, id -> loaded.get(id).account().copy());
            List<CollectionsEvent> decided = events.computeIfAbsent(customer, id -> new ArrayList<>());
            account.absorb(c.event());
            facts.add(new FactLog.Fact(customer, c.source(), c.id(), c.type().ceType(), c.event()));
            EventReference reference = new EventReference(c.source(), c.id(), c.type().ceType());
            for (CollectionsEvent event : CollectionsDecider.onFact(c.event(), reference, account, policy, Ids.RANDOM)) {
                account.evolve(event);
                decided.add(event);
                if (event instanceof CollectionsEvent.CollectionCaseOpened opened) {
                    portfolio.choose(account.ledger(), load).ifPresentOrElse(choice -> {
                        Decision assigned = CollectionsDecider.decide(new CaseCommand.AssignCase(customer,
                                        opened.caseId(), choice.collector(), choice.rule()), account, policy,
                                new CollectionsDecider.Context(today, clock.instant(), null, Ids.RANDOM));
                        if (assigned instanceof Decision.Accepted accepted) {
                            accepted.events().forEach(account::evolve);
                            decided.addAll(accepted.events());
                            load.merge(choice.collector(), 1, Integer::sum);
                        }
                    }, () -> LOG.infof("case %s of %s: no collector has room; it waits for a team lead",
                            opened.caseId(), customer));
                }
            }
        }
        List<CaseFileWriter.Decided> decided = new ArrayList<>();
        working.forEach((customer, account) -> decided.add(new CaseFileWriter.Decided(loaded.get(customer), account,
                events.get(customer))));
        String metadata = EventJson.mapper().createObjectNode().put("cause", "upstream").toString();
        return new Batch(facts, decided, metadata);
    }
}
