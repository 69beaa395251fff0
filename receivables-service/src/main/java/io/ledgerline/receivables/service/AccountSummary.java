package io.ledgerline.receivables.service;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A customer's account as a collector or AR clerk sees it: what is owed per currency, which invoices are open, and
 * what money is on the account unapplied. In each currency, balance = open items - unapplied cash - unapplied credits.
 * {@code version} is the account's stream version these figures include: what a client sends back as If-Match.
 */
public record AccountSummary(String customerId, String name, List<CurrencyBalance> balances,
                             List<OpenInvoice> openInvoices, List<UnappliedMoney> unappliedCash,
                             List<UnappliedMoney> unappliedCredits, Long version) {


    public record CurrencyBalance(String currency,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal balance,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal openItems,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unappliedCash,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unappliedCredits) {
    }

    /** {@code disputed}: the part of the open amount open disputes mark (still owed, not delinquent). */
    public record OpenInvoice(String invoiceId, LocalDate issueDate, LocalDate dueDate, String currency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal openAmount, String status,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal disputed) {
    }

    public record UnappliedMoney(String id, LocalDate date, String currency,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unapplied) {
    }
}
