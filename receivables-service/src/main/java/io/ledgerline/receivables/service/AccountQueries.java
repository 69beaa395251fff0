package io.ledgerline.receivables.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerline.receivables.domain.Currencies;
import io.ledgerline.receivables.projection.CreditView;
import io.ledgerline.receivables.domain.InvoiceStatus;
import io.ledgerline.receivables.projection.InvoiceView;
import io.ledgerline.receivables.service.AccountSummary.CurrencyBalance;
import io.ledgerline.receivables.service.AccountSummary.OpenInvoice;
import io.ledgerline.receivables.service.AccountSummary.UnappliedMoney;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Reads of the account read models, shaped for the front ends. */
@ApplicationScoped
public class AccountQueries {

    /** An account's answer as JSON, ready to send, and its version (the ETag). */
    public record AccountAnswer(long version, byte[] json) {
    }

    private final Pool pool;
    private final ObjectMapper json;
    private final RecentAnswers<Kept> answers;

    public AccountQueries(Pool pool, ObjectMapper json,
                          @ConfigProperty(name = "ledgerline.queries.account-answers", defaultValue = "2000") int answers) {
        this.pool = pool;
        this.json = json;
        this.answers = new RecentAnswers<>(answers);
    }

    /**
     * The account's answer, serialised. The JSON is kept per account with the read model's {@code (version,
     * written_in)} it was read at: every projection batch that touches any of the account's rows (customer, invoices,
     * payments and credit notes, and the account row) writes both in the same transaction, and a rebuild's swap writes
     * the shadow transaction's id, so a pair found unchanged means none of the rows the answer was made from has
     * changed since. A repeated read is then one indexed query of one row instead of the account's 50 to 60 open
     * documents read, decoded, summed and serialised again (see benchmarks/README.md, "REST"). A changed pair, or
     * none kept, reads the account ({@link #read}) and keeps that.
     */
    public Uni<Optional<AccountAnswer>> accountAnswer(String customerId) {
        Kept kept = answers.get(customerId);
        if (kept == null) {
            return readAnswer(customerId);
        }
        return pool.preparedQuery(ACCOUNT_STAMP).execute(Tuple.of(customerId)).chain(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (it.hasNext()) {
                Row row = it.next();
                if (row.getLong("version") == kept.version() && Objects.equals(row.getLong("written_in"),
                        kept.writtenIn())) {
                    return Uni.createFrom().item(Optional.of(new AccountAnswer(kept.version(), kept.json())));
                }
            }
            return readAnswer(customerId);
        });
    }

    private Uni<Optional<AccountAnswer>> readAnswer(String customerId) {
        return read(customerId).map(found -> found.map(read -> {
            byte[] body = AnswerJson.write(json, read.summary(), "the account of " + customerId);
            answers.put(customerId, new Kept(read.summary().version(), read.writtenIn(), body));
            return new AccountAnswer(read.summary().version(), body);
        }));
    }

    private static final String ACCOUNT_STAMP = "SELECT version, written_in FROM account_view WHERE customer_id = $1";

    /** What one read of the account gave, with the transaction that last wrote its read-model rows. */
    private record Read(AccountSummary summary, Long writtenIn) {
    }

    /**
     * The account as the read models hold it, read by one statement: PostgreSQL gives a statement one snapshot, so the
     * amounts and the version belong together even while the projection commits a batch in between, as a
     * repeatable-read transaction of several queries would, but in one round trip and without an ORM session, which
     * is most of what a read used to cost (see benchmarks/README.md, "REST"). The version is the account's stream
     * version the read models have applied, so it is exactly the state shown. Rows: the account (part 0), its open
     * invoices (part 1, by due date, issue date, id) and its unapplied money (part 2, by date, id); part 0 also
     * carries {@code written_in}, which {@link #accountAnswer} keeps the answer under.
     */
    private Uni<Optional<Read>> read(String customerId) {
        return pool.preparedQuery(ACCOUNT).execute(Tuple.of(customerId)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.<Read>empty();
            }
            Row head = it.next();
            if (head.getInteger("part") != 0) {
                // Documents without the account row: the projection has not written the account yet.
                return Optional.<Read>empty();
            }
            List<InvoiceView> open = new ArrayList<>();
            List<CreditView> money = new ArrayList<>();
            while (it.hasNext()) {
                Row row = it.next();
                if (row.getInteger("part") == 1) {
                    InvoiceView i = new InvoiceView();
                    i.invoiceId = row.getString("id");
                    i.dueDate = row.getLocalDate("d1");
                    i.issueDate = row.getLocalDate("d2");
                    i.currency = row.getString("currency");
                    i.amount = row.getBigDecimal("amount");
                    i.openAmount = row.getBigDecimal("open");
                    i.status = InvoiceStatus.valueOf(row.getString("status"));
                    i.disputed = row.getBigDecimal("disputed");
                    open.add(i);
                } else {
                    CreditView c = new CreditView();
                    c.sourceId = row.getString("id");
                    c.documentDate = row.getLocalDate("d1");
                    c.currency = row.getString("currency");
                    c.amount = row.getBigDecimal("amount");
                    c.unapplied = row.getBigDecimal("open");
                    c.kind = CreditView.Kind.valueOf(row.getString("kind"));
                    money.add(c);
                }
            }
            return Optional.of(new Read(summary(customerId, head.getString("name"), open, money, head.getLong("version")),
                    head.getLong("written_in")));
        });
    }

    private static final String ACCOUNT = """
            SELECT 0 AS part, a.version, a.written_in, c.name, NULL::text AS id, NULL::date AS d1, NULL::date AS d2,
                   NULL::text AS currency, NULL::numeric AS amount, NULL::numeric AS open, NULL::text AS status,
                   NULL::numeric AS disputed, NULL::text AS kind
              FROM account_view a LEFT JOIN customer_view c ON c.customer_id = a.customer_id
             WHERE a.customer_id = $1
            UNION ALL
            SELECT 1, NULL, NULL, NULL, i.invoice_id, i.due_date, i.issue_date, i.currency, i.amount, i.open_amount,
                   i.status, i.disputed, NULL
              FROM invoice_view i WHERE i.customer_id = $1 AND i.open_amount <> 0
            UNION ALL
            SELECT 2, NULL, NULL, NULL, m.source_id, m.document_date, NULL, m.currency, m.amount, m.unapplied, NULL, NULL,
                   m.kind
              FROM credit_view m WHERE m.customer_id = $1 AND m.unapplied <> 0
            ORDER BY part, d1, d2, id
            """;

    private static AccountSummary summary(String customerId, String name, List<InvoiceView> open,
                                          List<CreditView> money, long version) {
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        List<OpenInvoice> openInvoices = new ArrayList<>();
        for (InvoiceView i : open) {
            totals(totals, i.currency)[0] = totals(totals, i.currency)[0].add(i.openAmount);
            openInvoices.add(new OpenInvoice(i.invoiceId, i.issueDate, i.dueDate, i.currency, money(i.amount, i.currency),
                    money(i.openAmount, i.currency), i.status.name(),
                    money(i.disputed.min(i.openAmount).max(java.math.BigDecimal.ZERO), i.currency)));
        }
        List<UnappliedMoney> cash = new ArrayList<>();
        List<UnappliedMoney> creditNotes = new ArrayList<>();
        for (CreditView c : money) {
            int slot = c.kind == CreditView.Kind.PAYMENT ? 1 : 2;
            totals(totals, c.currency)[slot] = totals(totals, c.currency)[slot].add(c.unapplied);
            (slot == 1 ? cash : creditNotes).add(new UnappliedMoney(c.sourceId, c.documentDate, c.currency,
                    money(c.amount, c.currency), money(c.unapplied, c.currency)));
        }
        List<CurrencyBalance> balances = totals.entrySet().stream().map(e -> {
            String currency = e.getKey();
            BigDecimal[] t = e.getValue();
            return new CurrencyBalance(currency, money(t[0].subtract(t[1]).subtract(t[2]), currency),
                    money(t[0], currency), money(t[1], currency), money(t[2], currency));
        }).toList();
        return new AccountSummary(customerId, name, balances, openInvoices, cash,
                creditNotes, version);
    }

    /**
     * An account's answer as sent (about 10 KiB for an account of 60 open items), kept with the read model's
     * {@code (version, written_in)} it was read at.
     */
    private record Kept(long version, Long writtenIn, byte[] json) {
    }

    /** Slots: open items, unapplied cash, unapplied credits. */
    private static BigDecimal[] totals(Map<String, BigDecimal[]> totals, String currency) {
        return totals.computeIfAbsent(currency, c -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    }

    /** The database keeps four decimals for every currency; answers show the currency's own. */
    private static BigDecimal money(BigDecimal amount, String currency) {
        return Currencies.normalize(amount, currency);
    }
}
