package io.ledgerline.events.ingest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The {@code data} of each event type of the ingest contract, version 1 ({@code io.ledgerline.ingest.<Name>.v1}).
 * Field names and shapes follow the contract exactly; optional fields are null when absent.
 */
public sealed interface IngestEvent {

    String customerId();

    /** The business identifier that makes a second copy of this record a duplicate (or a conflict). */
    @JsonIgnore
    String businessId();

    record CustomerUpdated(String customerId, String name, String countryCode, String timeZone,
                           Integer paymentTermsDays, String currency, List<Contact> contacts) implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return customerId;
        }
    }

    record InvoiceIssued(String invoiceId, String customerId, LocalDate issueDate, LocalDate dueDate, String currency,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                         String purchaseOrder, String description) implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return invoiceId;
        }
    }

    record InvoiceCancelled(String invoiceId, String customerId, LocalDate cancelledDate, String reason)
            implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return invoiceId;
        }
    }

    record CreditNoteIssued(String creditNoteId, String customerId, LocalDate issueDate, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                            String invoiceId, String reason) implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return creditNoteId;
        }
    }

    record PaymentReceived(String paymentId, String customerId, LocalDate receivedDate, String currency,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                           PaymentMethod method, String reference, List<PaymentAllocation> allocations)
            implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return paymentId;
        }
    }

    record PaymentReturned(String paymentId, String customerId, LocalDate returnedDate, String reasonCode,
                           String reason) implements IngestEvent {
        @Override
        @JsonIgnore
        public String businessId() {
            return paymentId;
        }
    }
}
