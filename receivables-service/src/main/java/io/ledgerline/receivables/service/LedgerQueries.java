package io.ledgerline.receivables.service;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.BusinessDate;
import io.ledgerline.receivables.domain.Delinquency;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.Statement;
import io.ledgerline.receivables.ledger.AccountEvents;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.ledgerline.support.Problem;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.util.List;

/**
 * Reads answered from the ledger itself (the account's event stream) rather than the read models: anything "as of"
 * a date, statements, movement history. They are exact, never lag the ledger, and explain every number.
 */
@ApplicationScoped
public class LedgerQueries {

    /** Portfolio reports fold accounts in chunks so memory stays flat however many customers there are. */
    private static final int PORTFOLIO_CHUNK = 200;

    private final Pool pool;
    private final AccountRepository accounts;
    private final LedgerRules rules;

    private final RecentAnswers<Answer> answers;

    public LedgerQueries(Pool pool, AccountRepository accounts, LedgerRules rules,
                         @ConfigProperty(name = "ledgerline.queries.aging-answers", defaultValue = "2000") int answers) {
        this.pool = pool;
        this.accounts = accounts;
        this.rules = rules;
        this.answers = new RecentAnswers<>(answers);
    }

    public record History(String customerId, List<RecordedEvent> recorded, List<ReceivablesEvent> events) {
    }

    public Uni<History> history(String customerId) {
        return accounts.history(pool, customerId).map(recorded -> {
            if (recorded.isEmpty()) {
                throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_CUSTOMER",
                        "the ledger has no account for customer " + customerId));
            }
            return new History(customerId, recorded, AccountEvents.fromRecorded(recorded));
        });
    }

    public Uni<Account> accountAsOf(String customerId, LocalDate asOf) {
        return history(customerId).map(h -> BusinessDate.accountAsOf(customerId, h.events(), asOf));
    }

    /**
     * An account's aging (and open items) as of a date, exact from its events. The answer is kept per account with
     * the stream version it was computed from: a front end reading the same account again gets it after one indexed
     * query that finds the stream unchanged, instead of reading and folding every event again (which is what a read
     * of this kind costs; see benchmarks/README.md, "REST"). Any new event changes the version and the answer is
     * computed afresh, so it never lags the ledger.
     */
    public Uni<Aging.Report> aging(String customerId, LocalDate asOf, Aging.Basis basis, Aging.Buckets buckets) {
        AgingKey key = new AgingKey(asOf, basis, buckets);
        return accounts.version(pool, customerId).chain(version -> {
            Answer kept = answers.get(customerId);
            if (kept != null && kept.version() == version && kept.key().equals(key)) {
                return Uni.createFrom().item(kept.report());
            }
            return history(customerId).map(h -> {
                Aging.Report report = Aging.of(BusinessDate.accountAsOf(customerId, h.events(), asOf), asOf, basis,
                        buckets);
                // The version of the events folded, which may be newer than the one just read.
                answers.put(customerId, new Answer(h.recorded().getLast().version(), key, report));
                return report;
            });
        });
    }

    private record AgingKey(LocalDate asOf, Aging.Basis basis, Aging.Buckets buckets) {
    }

    /** An account's aging answer (a few KiB), kept for the request's key at the stream version it was made at. */
    private record Answer(long version, AgingKey key, Aging.Report report) {
    }

    /**
     * Ages every account, a page of customers at a time: each page is read in one query, folded on a worker thread,
     * added to the report and dropped, so memory holds one page of accounts, not the portfolio.
     */
    public Uni<Aging.Report> portfolioAging(LocalDate asOf, Aging.Basis basis, Aging.Buckets buckets) {
        Aging.Portfolio portfolio = new Aging.Portfolio(asOf, basis, buckets);
        return ageFrom("", asOf, portfolio).map(done -> portfolio.report());
    }

    private Uni<Void> ageFrom(String after, LocalDate asOf, Aging.Portfolio portfolio) {
        return accounts.customerIdsAfter(pool, after, PORTFOLIO_CHUNK).chain(ids -> ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : readChunk(ids, asOf).invoke(page -> page.forEach(portfolio::add))
                        .chain(page -> ids.size() < PORTFOLIO_CHUNK ? Uni.createFrom().voidItem()
                                : ageFrom(ids.getLast(), asOf, portfolio)));
    }

    /** One query per chunk of customers. */
    private Uni<List<Account>> readChunk(List<String> customerIds, LocalDate asOf) {
        return accounts.histories(pool, customerIds).map(histories -> customerIds.stream()
                .map(id -> BusinessDate.accountAsOf(id, AccountEvents.fromRecorded(histories.getOrDefault(id, List.of())), asOf))
                .toList());
    }

    public Uni<Statement> statement(String customerId, LocalDate from, LocalDate to) {
        return history(customerId).map(h -> Statement.of(customerId, h.events(), from, to, rules));
    }

    public Uni<Delinquency.Status> delinquency(String customerId, LocalDate asOf) {
        return accountAsOf(customerId, asOf).map(account -> Delinquency.evaluate(account, asOf, rules));
    }
}
