package io.ledgerline.events.ingest;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/** One line of a payer's remittance advice: how much of the payment is meant for which invoice. */
public record PaymentAllocation(String invoiceId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
}
