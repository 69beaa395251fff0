package io.ledgerline.receivables.service;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

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

    private final ObjectMapper json;
    private final RecentAnswers<Answer> answers;

    public LedgerQueries(Pool pool, AccountRepository accounts, LedgerRules rules, ObjectMapper json,
                         @ConfigProperty(name = "ledgerline.queries.aging-answers", defaultValue = "2000") int answers) {
        this.pool = pool;
        this.json = json;
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
     * An account's aging as of a date, exact from its events, with its JSON and its open items' JSON as sent. The
     * answer is kept per account with the stream version it was computed from: a front end reading the same account
     * again gets it after one indexed query that finds the stream unchanged, instead of reading and folding every
     * event again (which is what a read of this kind costs; see benchmarks/README.md, "REST"). Any new event changes
     * the stream's last event (its version and id) and the answer is computed afresh, so it never lags the ledger.
     * The JSON is written once per kept answer, not per read, as the account read's is
     * ({@link AccountQueries#accountAnswer}): writing an account's 50 to 60 open items for every read was the work a
     * repeated read did that the account read does not.
     */
    public Uni<AgingAnswer> aging(String customerId, LocalDate asOf, Aging.Basis basis, Aging.Buckets buckets) {
        AgingKey key = new AgingKey(asOf, basis, buckets);
        Answer kept = answers.get(customerId);
        if (kept == null || !kept.key().equals(key)) {
            return fold(customerId, key);
        }
        return pool.preparedQuery(STREAM_HEAD).execute(Tuple.of(AccountEvents.streamId(customerId))).chain(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (it.hasNext()) {
                Row head = it.next();
                if (head.getLong(0) == kept.version() && kept.lastEventId().equals(head.getUUID(1))) {
                    return Uni.createFrom().item(kept.answer());
                }
            }
            return fold(customerId, key);
        });
    }

    /**
     * The stream's last event: its version and id. The id as well as the version, as commands check their kept
     * states (AccountRepository): a stream restored and written again up to the same version holds other events, and
     * an answer kept by the version alone would hide them.
     */
    private static final String STREAM_HEAD = "SELECT version, event_id FROM events WHERE stream_id = $1"
            + " ORDER BY version DESC LIMIT 1";

    private Uni<AgingAnswer> fold(String customerId, AgingKey key) {
        return history(customerId).map(h -> {
            Aging.Report report = Aging.of(BusinessDate.accountAsOf(customerId, h.events(), key.asOf()), key.asOf(),
                    key.basis(), key.buckets());
            AgingAnswer answer = new AgingAnswer(report, write(customerId, report), write(customerId, report.items()));
            // Kept under the last event folded, which may be newer than any head a caller read before.
            RecordedEvent last = h.recorded().getLast();
            answers.put(customerId, new Answer(last.version(), last.eventId(), key, answer));
            return answer;
        });
    }

    /**
     * An account's aging and its JSON as sent: {@code reportJson} is {@code report} written whole (the aging),
     * {@code itemsJson} its items alone (the open items), both by the application's own object mapper, so the bytes
     * are what the resource would have written from the objects. Never changed once made.
     */
    public record AgingAnswer(Aging.Report report, byte[] reportJson, byte[] itemsJson) {
    }

    private byte[] write(String customerId, Object value) {
        return AnswerJson.write(json, value, "the aging of " + customerId);
    }

    private record AgingKey(LocalDate asOf, Aging.Basis basis, Aging.Buckets buckets) {
    }

    /**
     * An account's aging answer (a few KiB, twice), kept for the request's key with the stream's last event it was
     * folded up to.
     */
    private record Answer(long version, UUID lastEventId, AgingKey key, AgingAnswer answer) {
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
