package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CaseFile;
import io.ledgerline.collections.domain.CollectionAccount;
import io.ledgerline.collections.domain.CollectionsDecider;
import io.ledgerline.collections.domain.ContactRules;
import io.ledgerline.collections.domain.DunnableItems;
import io.ledgerline.collections.domain.Ledger;
import io.ledgerline.collections.domain.Policy;
import io.ledgerline.collections.domain.Rejection;
import io.ledgerline.collections.ledger.AccountRepository;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a collector looks at: a case in full, read from the customer's facts and events (so it is exact, never behind),
 * lists of cases from the read model, the kept letters, and what the contact rules would say about a contact.
 */
@ApplicationScoped
public class CaseQueries {

    private final Pool pool;
    private final AccountRepository accounts;
    private final Policy policy;
    private final Clock clock;

    public CaseQueries(Pool pool, AccountRepository accounts, Policy policy, Clock clock) {
        this.pool = pool;
        this.accounts = accounts;
        this.policy = policy;
        this.clock = clock;
    }

    public record CaseSummary(String caseId, String customerId, String customerName, String status, String strategy,
                              int level, String levelName, String collector, LocalDate openedDate,
                              LocalDate closedDate, String closure, String escalatedTo, int brokenPromises,
                              BigDecimal amountPastDue, List<CurrencyAmount> pastDue, int daysPastDue) {
    }

    public record Item(String invoiceId, LocalDate dueDate, String currency, BigDecimal amount, BigDecimal open,
                       BigDecimal dunnable, int daysPastDue) {
    }

    public record LetterSummary(String letterId, int level, String channel, String language, String recipient,
                                String email, LocalDate issuedDate, String mailStatus, String subject) {
    }

    public record CustomerSummary(String customerId, String name, String countryCode, String timeZone,
                                  String riskClass, String segment, String contactRules, List<Contact> contacts,
                                  boolean ceaseCommunication, Set<CollectionsEvent.ContactChannel> optedOut) {
    }

    public record CaseDetail(String caseId, String status, String strategy, int level, String levelName,
                             String collector, LocalDate openedDate, LocalDate closedDate, String closure,
                             String escalatedTo, int brokenPromises, boolean dunningPaused, CustomerSummary customer,
                             List<Item> items, List<CurrencyAmount> dunnableTotals,
                             Map<String, BigDecimal> unappliedCashAndCredits, List<CaseFile.Hold> holds,
                             List<CaseFile.Promise> promises, List<CaseFile.Plan> plans,
                             List<CaseFile.LoggedContact> contacts, List<CaseFile.Inquiry> inquiries,
                             List<CaseFile.CallTask> callTasks, List<LetterSummary> letters, long version) {
    }

    public record Letter(String letterId, String customerId, String caseId, String subject, String html,
                         String channel, String mailStatus) {
    }

    public Uni<String> customerOfCase(String caseId) {
        return AccountRepository.customerOfCase(pool, caseId).invoke(customer -> {
            if (customer == null) {
                throw new CommandRejected(Rejection.notFound("caseId", "UNKNOWN_CASE", "there is no case " + caseId));
            }
        });
    }

    /** The customer of a case that must be open (commands on "the customer's open case"). */
    public Uni<String> customerOfOpenCase(String caseId) {
        return pool.preparedQuery("SELECT customer_id, status FROM cases WHERE case_id = $1").execute(Tuple.of(caseId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new CommandRejected(Rejection.notFound("caseId", "UNKNOWN_CASE", "there is no case " + caseId));
                    }
                    Row row = rows.iterator().next();
                    if (!"OPEN".equals(row.getString(1))) {
                        throw new CommandRejected(Rejection.refused("caseId", "CASE_CLOSED", "case " + caseId + " is closed"));
                    }
                    return row.getString(0);
                });
    }

    public Uni<CaseDetail> caseDetail(String caseId) {
        return customerOfCase(caseId).chain(customer -> accounts.load(pool, customer)
                .chain(loaded -> letters(caseId).map(letters -> detail(loaded, caseId, letters))));
    }

    /** The customer's open case, else its newest. */
    public Uni<CaseDetail> caseOfCustomer(String customerId) {
        return accounts.load(pool, customerId).chain(loaded -> {
            CaseFile file = loaded.account().file();
            if (file.cases.isEmpty()) {
                throw new CommandRejected(Rejection.notFound("customerId", "NO_CASE",
                        "customer " + customerId + " has no collection case"));
            }
            String caseId = file.cases.getLast().caseId;
            return letters(caseId).map(letters -> detail(loaded, caseId, letters));
        });
    }

    private CaseDetail detail(AccountRepository.Loaded loaded, String caseId, List<LetterSummary> letters) {
        CollectionAccount account = loaded.account();
        CaseFile file = account.file();
        Ledger ledger = account.ledger();
        CaseFile.Case found = file.findCase(caseId);
        LocalDate today = LocalDate.now(clock);
        DunnableItems dunnable = DunnableItems.asOf(ledger, file, today);
        List<Item> items = new ArrayList<>();
        for (Ledger.Item item : ledger.items()) {
            if (item.open().signum() > 0 && item.currency != null) {
                BigDecimal asked = dunnable.items().stream().filter(d -> d.invoiceId().equals(item.invoiceId))
                        .map(CollectionsEvent.DunnedItem::amount).findFirst().orElse(BigDecimal.ZERO);
                items.add(new Item(item.invoiceId, item.dueDate, item.currency, item.amount.add(item.adjustments),
                        item.open(), asked, item.dueDate == null ? 0
                        : (int) Math.max(0, ChronoUnit.DAYS.between(item.dueDate, today))));
            }
        }
        Policy.Segment segment = policy.segmentOf(ledger.countryCode, ledger.riskClass, ledger.pastDueTotal());
        CustomerSummary customer = new CustomerSummary(ledger.customerId, ledger.name, ledger.countryCode,
                ledger.timeZone, ledger.riskClass, segment.name(), segment.contactPack().name(), ledger.contacts,
                file.ceaseCommunication, file.optedOut);
        return new CaseDetail(found.caseId, found.status.name(), found.strategy, found.level, found.levelName,
                found.collector, found.openedOn, found.closedOn, found.closure == null ? null : found.closure.name(),
                found.escalatedTo == null ? null : found.escalatedTo.name(), found.brokenPromises,
                dunnable.accountOnHold(), customer, items, dunnable.totals(), ledger.unappliedByCurrency(),
                List.copyOf(file.holds.values()), List.copyOf(file.promises.values()), List.copyOf(file.plans.values()),
                List.copyOf(file.contacts), List.copyOf(file.inquiries.values()), List.copyOf(file.callTasks.values()),
                letters, loaded.version());
    }

    public Uni<List<LetterSummary>> letters(String caseId) {
        return pool.preparedQuery("""
                        SELECT letter_id, level, channel, language, recipient_name, recipient_email, issued_date,
                               mail_status, subject FROM letters WHERE case_id = $1 ORDER BY created_at, letter_id""")
                .execute(Tuple.of(caseId)).map(rows -> {
                    List<LetterSummary> letters = new ArrayList<>();
                    for (Row row : rows) {
                        letters.add(new LetterSummary(row.getString(0), row.getInteger(1), row.getString(2),
                                row.getString(3), row.getString(4), row.getString(5), row.getLocalDate(6),
                                row.getString(7), row.getString(8)));
                    }
                    return letters;
                });
    }

    public Uni<Letter> letter(String letterId) {
        return pool.preparedQuery("SELECT letter_id, customer_id, case_id, subject, html, channel, mail_status"
                        + " FROM letters WHERE letter_id = $1").execute(Tuple.of(letterId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new CommandRejected(Rejection.notFound("letterId", "UNKNOWN_LETTER",
                                "there is no letter " + letterId));
                    }
                    Row row = rows.iterator().next();
                    return new Letter(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6));
                });
    }

    public Uni<List<CaseSummary>> cases(String status, String collector, int limit) {
        return pool.preparedQuery("""
                        SELECT c.case_id, c.customer_id, v.name, c.status, c.strategy, c.level, c.level_name,
                               c.collector, c.opened_date, c.closed_date, c.closure, c.escalated_to, c.broken_promises,
                               coalesce(v.past_due_amount, 0), coalesce(v.days_past_due, 0), v.delinquent_as_of,
                               v.past_due
                          FROM case_view c LEFT JOIN customer_view v ON v.customer_id = c.customer_id
                         WHERE ($1::text IS NULL OR c.status = $1) AND ($2::text IS NULL OR c.collector = $2)
                         ORDER BY c.opened_date DESC, c.case_id LIMIT $3""")
                .execute(Tuple.of(status, collector, limit)).map(rows -> {
                    LocalDate today = LocalDate.now(clock);
                    List<CaseSummary> cases = new ArrayList<>();
                    for (Row row : rows) {
                        cases.add(new CaseSummary(row.getString(0), row.getString(1), row.getString(2),
                                row.getString(3), row.getString(4), row.getInteger(5), row.getString(6),
                                row.getString(7), row.getLocalDate(8), row.getLocalDate(9), row.getString(10),
                                row.getString(11), row.getInteger(12),
                                CustomerViews.scoreAmount(row.getBigDecimal(13)),
                                CustomerViews.pastDue(row.getString(16)), Worklists.daysPastDue(row.getInteger(14), row.getLocalDate(15), today)));
                    }
                    return cases;
                });
    }

    /** The contact rules' verdict on a contact someone plans to make; nothing is recorded. */
    public record ContactCheck(String contactRules, boolean allowed, List<ContactRules.Violation> violations) {
    }

    private static final Instant FIRST_INSTANT = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LAST_INSTANT = Instant.parse("2199-12-31T23:59:59Z");

    public Uni<ContactCheck> checkContact(String customerId, CollectionsEvent.ContactChannel channel, Instant at,
                                          ContactRules.Purpose purpose) {
        return accounts.load(pool, customerId).map(loaded -> {
            if (loaded.account().isEmpty()) {
                throw new CommandRejected(Rejection.notFound("customerId", "UNKNOWN_CUSTOMER",
                        "collections knows no customer " + customerId));
            }
            if (channel == null) {
                throw new CommandRejected(Rejection.invalid("channel", "MISSING_FIELD", "channel is required"));
            }
            Instant when = at == null ? clock.instant() : at;
            // The rules count days and weeks around the instant: at the ends of time there are none (it was a 500).
            if (when.isBefore(FIRST_INSTANT) || when.isAfter(LAST_INSTANT)) {
                throw new CommandRejected(Rejection.invalid("at", "DATE_OUT_OF_RANGE", "at must lie from "
                        + FIRST_INSTANT + " to " + LAST_INSTANT));
            }
            List<ContactRules.Violation> violations = CollectionsDecider.check(loaded.account(), policy,
                    new ContactRules.Attempt(channel, CollectionsEvent.ContactDirection.OUTBOUND, when, purpose));
            return new ContactCheck(CollectionsDecider.packOf(loaded.account(), policy).name(), violations.isEmpty(),
                    violations);
        });
    }
}
