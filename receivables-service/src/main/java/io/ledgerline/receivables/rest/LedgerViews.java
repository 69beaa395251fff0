package io.ledgerline.receivables.rest;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.RecordedEvent;
import io.ledgerline.receivables.domain.BusinessDate;
import io.ledgerline.receivables.ledger.AccountEvents;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Response shapes of the ledger endpoints. Money is a decimal string with its currency beside it. */
public final class LedgerViews {

    private LedgerViews() {
    }

    /** One entry of the account's history: what happened, on which business day, recorded when, in full. */
    public record Movement(long version, String type, LocalDate businessDate, Instant recordedAt, JsonNode data) {
        static Movement of(RecordedEvent recorded) {
            ReceivablesEvent event = AccountEvents.fromRecorded(recorded);
            LocalDate date = BusinessDate.of(event);
            return new Movement(recorded.version(), recorded.eventType(), date.equals(LocalDate.MIN) ? null : date,
                    recorded.recordedAt(), EventJson.readTree(recorded.payloadJson()));
        }
    }

    public record MovementPage(String customerId, int page, int size, long total, List<Movement> items) {
    }

    public record Event(String type, JsonNode data) {
        static Event of(ReceivablesEvent event) {
            return new Event(event.getClass().getSimpleName(), EventJson.toTree(event));
        }
    }

    /** What a command recorded and the account version after it (send it back as If-Match to edit again). */
    public record CommandResult(String customerId, long version, List<Event> events) {
    }

    public record Application(String sourceKind, String sourceId,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String rule) {
    }

    public record WriteOff(String writeOffId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                           boolean automatic, boolean reversed) {
    }

    public record InvoiceDetail(String customerId, String invoiceId, LocalDate issueDate, LocalDate dueDate,
                                String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal adjustments,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal writtenOff,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal applied,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal openAmount,
                                String status, List<Application> applications, List<WriteOff> writeOffs,
                                List<Movement> history,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal disputed,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal undisputed,
                                List<DisputeMark> disputes) {
    }

    /** An open dispute marking the invoice (flows.md §2): the amount it disputes. */
    public record DisputeMark(String disputeId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    /** A write-off that needed approval, and what became of it. */
    public record WriteOffRequestView(String requestId, String invoiceId, String currency,
                                      @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                      LocalDate requestedDate, String reasonCode, String reason, String requestedBy,
                                      String role, List<String> approvalNeeded, String status, String writeOffId,
                                      String decidedBy) {
        static WriteOffRequestView of(io.ledgerline.receivables.domain.Account.WriteOffRequest r) {
            var q = r.requested();
            return new WriteOffRequestView(q.requestId(), q.invoiceId(), q.currency(), q.amount(), q.requestedDate(),
                    q.reasonCode(), q.reason(), q.requestedBy(), q.role(), q.approvalNeeded(), r.status().name(),
                    r.writeOffId(), r.decidedBy());
        }
    }

    /**
     * One change of the account as an auditor reads it: the event, and who caused it. {@code actor} is the person
     * (token subject, name, the roles they acted in) for people's commands; {@code source} the ingest record (topic,
     * partition, offset, message id) for what the ERP and the bank sent; a scheduled run's actor is {@code ledgerline}.
     */
    public record AuditEntry(long version, Instant recordedAt, String type, LocalDate businessDate, String command,
                             JsonNode actor, JsonNode source, JsonNode data) {
        static AuditEntry of(RecordedEvent recorded) {
            JsonNode metadata = recorded.metadataJson() == null ? EventJson.mapper().createObjectNode()
                    : EventJson.readTree(recorded.metadataJson());
            Movement movement = Movement.of(recorded);
            JsonNode source = metadata.has("messageId") ? metadata : null;
            return new AuditEntry(recorded.version(), recorded.recordedAt(), recorded.eventType(),
                    movement.businessDate(), metadata.path("command").asText(null),
                    metadata.has("actor") ? metadata.get("actor") : null, source, movement.data());
        }
    }

    public record AuditPage(String customerId, int page, int size, long total, List<AuditEntry> items) {
    }

    public record SearchHit(String customerId, String kind, String id, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal open, String status) {
    }
}
