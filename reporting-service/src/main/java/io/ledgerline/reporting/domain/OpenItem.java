package io.ledgerline.reporting.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An invoice with something still open on a date: what receivables' ledger said it was owed that day. */
public record OpenItem(String customerId, String invoiceId, String currency, LocalDate issueDate, LocalDate dueDate,
                       BigDecimal openAmount, BigDecimal disputedAmount) {
}
