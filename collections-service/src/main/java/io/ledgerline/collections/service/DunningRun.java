package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CollectionsDecider;
import io.ledgerline.collections.domain.Policy;
import io.ledgerline.collections.ledger.AccountRepository;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.OutboxRelay;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The daily run on the business clock, and the same on demand for a given day: every customer with an open case, an
 * open promise or plan, a hold or an inquiry is decided as of that day ({@link CollectionsDecider#run}), a page of
 * customers per transaction. Each outcome is recorded once, so running a day again (or replaying) adds nothing.
 */
@ApplicationScoped
public class DunningRun {

    private static final Logger LOG = Logger.getLogger(DunningRun.class);

    /** What a run did. */
    public record Summary(LocalDate asOf, int customers, int events, TreeMap<String, Integer> byType, long millis) {
    }

    /**
     * Customers with something time may decide: an open case (from the synchronously written case table), or an
     * open promise, plan or inquiry that outlived its case (from the case read model).
     */
    private static final String PAGE = """
            SELECT customer_id FROM (
                SELECT customer_id FROM cases WHERE status = 'OPEN'
                UNION
                SELECT customer_id FROM case_view WHERE open_promise_id IS NOT NULL OR inquiry_open_since IS NOT NULL
            ) due WHERE customer_id > $1 ORDER BY customer_id LIMIT $2
            """;

    /** Customers with an inquiry still waiting for an answer: their SLA is checked more often than daily. */
    private static final String WAITING_INQUIRIES = """
            SELECT DISTINCT customer_id FROM case_view
             WHERE inquiry_open_since IS NOT NULL AND NOT inquiry_overdue AND customer_id > $1
             ORDER BY customer_id LIMIT $2
            """;

    private final Pool pool;
    private final AccountRepository accounts;
    private final CaseFileWriter writer;
    private final OutboxRelay relay;
    private final Policy policy;
    private final Clock clock;
    private final int pageSize;

    public DunningRun(Pool pool, AccountRepository accounts, CaseFileWriter writer, OutboxRelay relay, Policy policy,
                      Clock clock, @ConfigProperty(name = "ledgerline.collections.run.page-size", defaultValue = "250") int pageSize) {
        this.pool = pool;
        this.accounts = accounts;
        this.writer = writer;
        this.relay = relay;
        this.policy = policy;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    @Scheduled(cron = "{ledgerline.collections.run.daily-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(LocalDate.now(clock)).invoke(s -> LOG.infof("dunning run as of %s: %d customers, %d events %s in %d ms",
                s.asOf(), s.customers(), s.events(), s.byType(), s.millis())).replaceWithVoid();
    }

    /**
     * Between daily runs, the day is run again for customers whose inquiry waits for an answer, so a breach of the
     * response time is raised within {@code run.sla-every} of it (a run of the same day decides nothing twice).
     */
    @Scheduled(every = "{ledgerline.collections.run.sla-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> inquiries() {
        return run(LocalDate.now(clock), WAITING_INQUIRIES).replaceWithVoid();
    }

    public Uni<Summary> run(LocalDate asOf) {
        return run(asOf, PAGE);
    }

    private Uni<Summary> run(LocalDate asOf, String pageQuery) {
        long started = System.nanoTime();
        int[] counts = new int[2];
        TreeMap<String, Integer> byType = new TreeMap<>();
        AtomicReference<String> after = new AtomicReference<>("");
        Instant now = clock.instant();
        return Uni.createFrom().deferred(() -> page(pageQuery, after.get()))
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(ids)
                        : decidePage(ids, asOf, now).invoke(events -> {
                            counts[0] += ids.size();
                            counts[1] += events.size();
                            events.forEach(e -> byType.merge(e.getClass().getSimpleName(), 1, Integer::sum));
                            after.set(ids.getLast());
                        }).replaceWith(ids))
                .repeat().until(List::isEmpty)
                .collect().last()
                .map(ignored -> new Summary(asOf, counts[0], counts[1], byType,
                        (System.nanoTime() - started) / 1_000_000));
    }

    private Uni<List<String>> page(String query, String after) {
        return pool.preparedQuery(query).execute(Tuple.of(after, pageSize)).map(rows -> {
            List<String> ids = new ArrayList<>();
            for (Row row : rows) {
                ids.add(row.getString(0));
            }
            return ids;
        });
    }

    /** One page in one transaction; a clash with another writer of one of its customers decides the page again. */
    private Uni<List<CollectionsEvent>> decidePage(List<String> customers, LocalDate asOf, Instant now) {
        String metadata = EventJson.mapper().createObjectNode().put("cause", "dunning-run").put("asOf", asOf.toString())
                .toString();
        List<CaseFileWriter.Decided>[] recorded = new List[1];
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> accounts.load(tx, customers).chain(loaded -> {
                    List<CaseFileWriter.Decided> decided = new ArrayList<>();
                    for (String customer : customers) {
                        AccountRepository.Loaded one = loaded.get(customer);
                        List<CollectionsEvent> events = CollectionsDecider.run(asOf, now, one.account(), policy, Ids.RANDOM);
                        if (!events.isEmpty()) {
                            var after = one.account().copy();
                            events.forEach(after::evolve);
                            decided.add(new CaseFileWriter.Decided(one, after, events));
                        }
                    }
                    recorded[0] = decided;
                    return writer.record(tx, decided, metadata).replaceWith(decided);
                })))
                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(20)
                .map(decided -> {
                    writer.committed(recorded[0]);
                    if (!decided.isEmpty()) {
                        relay.wake();
                    }
                    return decided.stream().flatMap(d -> d.events().stream()).toList();
                });
    }
}
