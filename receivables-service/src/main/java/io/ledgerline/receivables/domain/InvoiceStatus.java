package io.ledgerline.receivables.domain;

import java.math.BigDecimal;

/** Where an invoice stands, as front ends show it. One rule for the ledger and the read models alike. */
public enum InvoiceStatus {
    OPEN, PARTIALLY_PAID, PAID, WRITTEN_OFF, CANCELLED;

    public static InvoiceStatus of(boolean cancelled, BigDecimal writtenOff, BigDecimal applied, BigDecimal open) {
        if (cancelled) {
            return CANCELLED;
        }
        if (open.signum() == 0) {
            return writtenOff.signum() > 0 ? WRITTEN_OFF : PAID;
        }
        return applied.signum() > 0 ? PARTIALLY_PAID : OPEN;
    }

    public static InvoiceStatus of(Account.Invoice invoice) {
        return of(invoice.isCancelled(), invoice.writtenOff(), invoice.applied(), invoice.openAmount());
    }
}
