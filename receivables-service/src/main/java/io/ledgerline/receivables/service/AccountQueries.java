package io.ledgerline.receivables.service;

import io.ledgerline.receivables.domain.Currencies;
import io.ledgerline.receivables.projection.CreditView;
import io.ledgerline.receivables.projection.CustomerView;
import io.ledgerline.receivables.projection.InvoiceView;
import io.ledgerline.receivables.service.AccountSummary.CurrencyBalance;
import io.ledgerline.receivables.service.AccountSummary.OpenInvoice;
import io.ledgerline.receivables.service.AccountSummary.UnappliedMoney;
import io.ledgerline.receivables.projection.AccountView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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

    /**
     * The account as the read models hold it, read in one snapshot (a repeatable-read transaction): the amounts and
     * the version belong together, even while the projection commits a batch between two of these queries. The
     * version is the account's stream version the read models have applied, so it is exactly the state shown.
     */
    @WithTransaction
    public Uni<Optional<AccountSummary>> account(String customerId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                        .executeUpdate())
                .chain(() -> AccountView.<AccountView>findById(customerId))
                .chain(account -> {
                    if (account == null) {
                        return Uni.createFrom().item(Optional.<AccountSummary>empty());
                    }
                    Uni<CustomerView> customer = CustomerView.findById(customerId);
                    Uni<List<InvoiceView>> invoices = InvoiceView.list(
                            "customerId = ?1 and openAmount <> 0 order by dueDate, issueDate, invoiceId", customerId);
                    Uni<List<CreditView>> credits = CreditView.list(
                            "customerId = ?1 and unapplied <> 0 order by documentDate, sourceId", customerId);
                    return customer.chain(c -> invoices.chain(open -> credits.map(money ->
                            Optional.of(summary(customerId, c, open, money, account.version)))));
                });
    }

    private static AccountSummary summary(String customerId, CustomerView customer, List<InvoiceView> open,
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
        return new AccountSummary(customerId, customer == null ? null : customer.name, balances, openInvoices, cash,
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
