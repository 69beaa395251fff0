package io.ledgerline.disputes.service;

import io.ledgerline.disputes.domain.Decision;
import io.ledgerline.disputes.domain.Dispute;
import io.ledgerline.disputes.domain.DisputeCommand;
import io.ledgerline.disputes.domain.DisputeDecider;
import io.ledgerline.disputes.domain.DisputePolicy;
import io.ledgerline.disputes.domain.Rejection;
import io.ledgerline.disputes.ledger.DisputeEvents;
import io.ledgerline.disputes.ledger.DisputeRepository;
import io.ledgerline.disputes.ledger.InvoiceCopies;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.util.List;

/**
 * Carries out commands on cases: load the case fresh from its stream, decide, append at the version it was loaded
 * at. Two people editing one case at once cannot both win: the loser gets a {@link ConcurrencyConflict} (409); one
 * who sends the version it saw ({@code If-Match}) gets it as soon as the case has moved on.
 */
@ApplicationScoped
public class DisputeCommands {

    /** What a command did: the case, the events it recorded and the case's version after them. */
    public record Outcome(String disputeId, List<DisputesEvent> events, long version) {
    }

    private final Pool pool;
    private final DisputeRepository disputes;
    private final InvoiceCopies copies;
    private final DisputePolicy policy;
    private final OutboxRelay relay;
    private final MeterRegistry metrics;

    public DisputeCommands(Pool pool, DisputeRepository disputes, InvoiceCopies copies, DisputePolicy policy,
                           OutboxRelay relay, MeterRegistry metrics) {
        this.pool = pool;
        this.disputes = disputes;
        this.copies = copies;
        this.policy = policy;
        this.relay = relay;
        this.metrics = metrics;
    }

    /**
     * Opens a case for a person. The case number comes from a sequence; every invoice must be one receivables has
     * reported, in the case's currency, with at least the disputed amount open and not already disputed.
     */
    public Uni<Outcome> open(DisputeCommand.OpenDispute request) {
        return pool.withTransaction(tx -> tx.query("SELECT nextval('dispute_number')").execute()
                        .map(rows -> "DSP-" + String.format("%06d", rows.iterator().next().getLong(0)))
                        .chain(id -> {
                            var command = new DisputeCommand.OpenDispute(id, request.customerId(), request.reasonCode(),
                                    request.description(), request.currency(), request.invoices(), request.contact(),
                                    request.date(), request.by());
                            var before = new DisputeRepository.Loaded(Dispute.NONE, 0, List.of());
                            List<DisputesEvent> events = accepted(DisputeDecider.decide(command, Dispute.NONE, policy));
                            return checkAgainstLedger(tx, command.customerId(), command.currency(), command.invoices())
                                    .chain(() -> record(tx, before, events, command))
                                    .map(version -> new Outcome(id, events, version));
                        }))
                .invoke(outcome -> {
                    relay.wake();
                    metrics.counter("ledgerline_disputes_opened_total", "kind", "DISPUTE").increment();
                });
    }

    public Uni<Outcome> handle(DisputeCommand command, Long expectedVersion) {
        return pool.withTransaction(tx -> disputes.load(tx, command.disputeId()).chain(loaded -> {
                    if (expectedVersion != null && loaded.version() != 0 && expectedVersion != loaded.version()) {
                        throw new ConcurrencyConflict(DisputeEvents.streamId(command.disputeId()), expectedVersion);
                    }
                    List<DisputesEvent> events = accepted(DisputeDecider.decide(command, loaded.dispute(), policy));
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(new Outcome(command.disputeId(), events, loaded.version()));
                    }
                    Uni<Void> check = command instanceof DisputeCommand.Reopen
                            && events.getFirst() instanceof DisputesEvent.DisputeReopened reopened
                            ? checkAgainstLedger(tx, reopened.customerId(), reopened.currency(), reopened.invoices())
                            : Uni.createFrom().voidItem();
                    return check.chain(() -> record(tx, loaded, events, command))
                            .map(version -> new Outcome(command.disputeId(), events, version));
                }))
                .invoke(outcome -> {
                    if (!outcome.events().isEmpty()) {
                        relay.wake();
                    }
                });
    }

    /**
     * Records evidence: the event naming it and its content, in one transaction. The event goes first: two uploads
     * to one case at once take the same evidence id, and the stream's version is what tells the later one it lost
     * (409); its content row would only have collided with the other's.
     */
    public Uni<Outcome> attachEvidence(String disputeId, String fileName, String contentType, byte[] content,
                                       String sha256, String description, java.time.LocalDate date,
                                       io.ledgerline.events.common.Actor by, Long expectedVersion) {
        return pool.withTransaction(tx -> disputes.load(tx, disputeId).chain(loaded -> {
                    if (expectedVersion != null && loaded.version() != 0 && expectedVersion != loaded.version()) {
                        throw new ConcurrencyConflict(DisputeEvents.streamId(disputeId), expectedVersion);
                    }
                    String evidenceId = "E-" + (loaded.dispute().evidence() + 1);
                    var command = new DisputeCommand.AttachEvidence(disputeId, evidenceId, fileName, contentType,
                            content.length, sha256, description, date, by);
                    List<DisputesEvent> events = accepted(DisputeDecider.decide(command, loaded.dispute(), policy));
                    return record(tx, loaded, events, command)
                            .call(() -> tx.preparedQuery("INSERT INTO evidence_content (dispute_id, evidence_id,"
                                            + " file_name, content_type, size_bytes, sha256, content)"
                                            + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
                                    .execute(Tuple.tuple(List.of(disputeId, evidenceId, fileName, contentType,
                                            (long) content.length, sha256, io.vertx.core.buffer.Buffer.buffer(content)))))
                            .map(version -> new Outcome(disputeId, events, version));
                }))
                .invoke(outcome -> relay.wake());
    }

    private Uni<Long> record(SqlConnection tx, DisputeRepository.Loaded before, List<DisputesEvent> events,
                             DisputeCommand command) {
        String metadata = DisputeRepository.metadata("command", command.getClass().getSimpleName());
        return disputes.append(tx, List.of(new DisputeRepository.Change(before, events, metadata, false)))
                .replaceWith(before.version() + events.size());
    }

    /** Each invoice as receivables reported it: known, same currency, the amount still open and not disputed. */
    private Uni<Void> checkAgainstLedger(SqlConnection tx, String customerId, String currency,
                                         List<DisputedInvoice> invoices) {
        return copies.lock(tx, customerId, invoices.stream().map(DisputedInvoice::invoiceId).toList())
                .invoke(known -> {
                    for (int n = 0; n < invoices.size(); n++) {
                        DisputedInvoice line = invoices.get(n);
                        String field = "invoices[" + n + "]";
                        var invoice = known.get(line.invoiceId());
                        if (invoice == null) {
                            throw new CommandRefused(Rejection.refused("UNKNOWN_INVOICE", field + ".invoiceId",
                                    "receivables has not reported invoice " + line.invoiceId() + " of customer "
                                            + customerId));
                        }
                        if (invoice.cancelled) {
                            throw new CommandRefused(Rejection.refused("INVOICE_CANCELLED", field + ".invoiceId",
                                    "invoice " + line.invoiceId() + " is cancelled"));
                        }
                        if (!invoice.currency.equals(currency)) {
                            throw new CommandRefused(Rejection.refused("CURRENCY_MISMATCH", field + ".invoiceId",
                                    "invoice " + line.invoiceId() + " is in " + invoice.currency + ", the dispute in "
                                            + currency));
                        }
                        BigDecimal undisputed = invoice.undisputedOpen();
                        if (line.amount().compareTo(undisputed) > 0) {
                            throw new CommandRefused(Rejection.refused("DISPUTED_MORE_THAN_OPEN", field + ".amount",
                                    "invoice " + line.invoiceId() + " has " + undisputed.toPlainString() + " " + currency
                                            + " open and not already disputed; " + line.amount().toPlainString()
                                            + " cannot be disputed"));
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static List<DisputesEvent> accepted(Decision decision) {
        return switch (decision) {
            case Decision.Accepted a -> a.events();
            case Decision.Rejected r -> throw new CommandRefused(r.rejection());
        };
    }
}
