package io.ledgerline.receivables.service;

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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads of the account read models, shaped for the front ends. */
@ApplicationScoped
public class AccountQueries {

    private final Pool pool;

    public AccountQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * The account as the read models hold it, read by one statement: PostgreSQL gives a statement one snapshot, so the
     * amounts and the version belong together even while the projection commits a batch in between, as a
     * repeatable-read transaction of several queries would, but in one round trip and without an ORM session, which
     * is most of what a read used to cost (see benchmarks/README.md, "REST"). The version is the account's stream
     * version the read models have applied, so it is exactly the state shown. Rows: the account (part 0), its open
     * invoices (part 1, by due date, issue date, id) and its unapplied money (part 2, by date, id).
     */
    public Uni<Optional<AccountSummary>> account(String customerId) {
        return pool.preparedQuery(ACCOUNT).execute(Tuple.of(customerId)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            if (!it.hasNext()) {
                return Optional.<AccountSummary>empty();
            }
            Row head = it.next();
            if (head.getInteger("part") != 0) {
                // Documents without the account row: the projection has not written the account yet.
                return Optional.<AccountSummary>empty();
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
            return Optional.of(summary(customerId, head.getString("name"), open, money, head.getLong("version")));
        });
    }

    private static final String ACCOUNT = """
            SELECT 0 AS part, a.version, c.name, NULL::text AS id, NULL::date AS d1, NULL::date AS d2,
                   NULL::text AS currency, NULL::numeric AS amount, NULL::numeric AS open, NULL::text AS status,
                   NULL::numeric AS disputed, NULL::text AS kind
              FROM account_view a LEFT JOIN customer_view c ON c.customer_id = a.customer_id
             WHERE a.customer_id = $1
            UNION ALL
            SELECT 1, NULL, NULL, i.invoice_id, i.due_date, i.issue_date, i.currency, i.amount, i.open_amount,
                   i.status, i.disputed, NULL
              FROM invoice_view i WHERE i.customer_id = $1 AND i.open_amount <> 0
            UNION ALL
            SELECT 2, NULL, NULL, m.source_id, m.document_date, NULL, m.currency, m.amount, m.unapplied, NULL, NULL,
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

    /** Slots: open items, unapplied cash, unapplied credits. */
    private static BigDecimal[] totals(Map<String, BigDecimal[]> totals, String currency) {
        return totals.computeIfAbsent(currency, c -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
    }

    /** The database keeps four decimals for every currency; answers show the currency's own. */
    private static BigDecimal money(BigDecimal amount, String currency) {
        return Currencies.normalize(amount, currency);
    }
}
