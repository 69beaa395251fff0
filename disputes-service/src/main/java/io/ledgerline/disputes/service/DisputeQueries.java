package io.ledgerline.disputes.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.disputes.domain.Dispute;
import io.ledgerline.disputes.domain.DisputeDecider;
import io.ledgerline.disputes.domain.DisputePolicy;
import io.ledgerline.disputes.domain.Rejection;
import io.ledgerline.disputes.ledger.DisputeEvents;
import io.ledgerline.disputes.ledger.DisputeRepository;
import io.ledgerline.disputes.projection.DisputeView;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads of cases: one case in full from its stream (exact, never lagging), lists from the read model. */
@ApplicationScoped
public class DisputeQueries {

    public record HistoryEntry(long version, String type, Instant recordedAt, JsonNode data) {
    }

    public record Note(String noteId, String text, LocalDate addedDate, Actor by) {
    }

    public record Evidence(String evidenceId, String fileName, String contentType, long sizeBytes, String sha256,
                           String description, LocalDate attachedDate, Actor by) {
    }

    public record Detail(Dispute dispute, LocalDate slaDueDate, BigDecimal disputedTotal, BigDecimal creditedTotal,
                         long version, List<Note> notes, List<Evidence> evidence, List<HistoryEntry> history) {
    }

    public record EvidenceContent(String fileName, String contentType, byte[] content) {
    }

    private final Pool pool;
    private final DisputeRepository disputes;
    private final DisputePolicy policy;

    public DisputeQueries(Pool pool, DisputeRepository disputes, DisputePolicy policy) {
        this.pool = pool;
        this.disputes = disputes;
        this.policy = policy;
    }

    public Uni<Detail> detail(String disputeId) {
        return disputes.load(pool, disputeId).map(loaded -> {
            if (!loaded.dispute().exists()) {
                throw new CommandRefused(Rejection.unknown("UNKNOWN_DISPUTE", "disputeId", "there is no dispute " + disputeId));
            }
            List<Note> notes = new ArrayList<>();
            List<Evidence> evidence = new ArrayList<>();
            List<HistoryEntry> history = new ArrayList<>();
            for (var recorded : loaded.recorded()) {
                DisputesEvent event = DisputeEvents.fromRecorded(recorded);
                switch (event) {
                    case DisputesEvent.DisputeNoteAdded n -> notes.add(new Note(n.noteId(), n.text(), n.addedDate(), n.by()));
                    case DisputesEvent.DisputeEvidenceAttached e -> evidence.add(new Evidence(e.evidenceId(),
                            e.fileName(), e.contentType(), e.sizeBytes(), e.sha256(), e.description(),
                            e.attachedDate(), e.by()));
                    default -> {
                    }
                }
                history.add(new HistoryEntry(recorded.version(), recorded.eventType(), recorded.recordedAt(),
                        EventJson.readTree(recorded.payloadJson())));
            }
            Dispute d = loaded.dispute();
            LocalDate sla = d.status().isActive() ? DisputeDecider.slaDueDate(d, policy) : d.slaDueDate();
            return new Detail(d, sla, d.disputedTotal(), d.creditedTotal(), loaded.version(), notes, evidence, history);
        });
    }

    /** Cases by customer, status, owner or reason, newest first. */
    @WithSession
    public Uni<List<DisputeView>> list(String customerId, String status, String owner, String reasonCode, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new java.util.HashMap<>();
        if (customerId != null) {
            query.append(" and customerId = :customerId");
            params.put("customerId", customerId);
        }
        if (status != null) {
            query.append(" and status = :status");
            params.put("status", status);
        }
        if (owner != null) {
            query.append(" and owner = :owner");
            params.put("owner", owner);
        }
        if (reasonCode != null) {
            query.append(" and reasonCode = :reasonCode");
            params.put("reasonCode", reasonCode);
        }
        query.append(" order by openedDate desc, disputeId desc");
        return DisputeView.<DisputeView>find(query.toString(), params).page(0, limit).list();
    }

    public Uni<EvidenceContent> evidence(String disputeId, String evidenceId) {
        return pool.preparedQuery("SELECT file_name, content_type, content FROM evidence_content WHERE dispute_id = $1"
                        + " AND evidence_id = $2")
                .execute(Tuple.of(disputeId, evidenceId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new CommandRefused(Rejection.unknown("UNKNOWN_EVIDENCE", "evidenceId", "dispute "
                                + disputeId + " has no evidence " + evidenceId));
                    }
                    var row = rows.iterator().next();
                    return new EvidenceContent(row.getString(0), row.getString(1), row.getBuffer(2).getBytes());
                });
    }
}
