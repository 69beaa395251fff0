package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CollectionAccount;
import io.ledgerline.collections.ledger.AccountRepository.Loaded;
import io.ledgerline.collections.ledger.CollectionsEvents;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.eventstore.EventStore;
import io.ledgerline.eventstore.EventToAppend;
import io.ledgerline.eventstore.StreamAppend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records what was decided for some customers in the caller's transaction: the events appended to each customer's
 * stream at the version it was loaded at, the case table kept in step, and every letter rendered and kept as a
 * document (e-mails queued for the mail outbox). One statement per kind, whatever the number of customers.
 */
@ApplicationScoped
public class CaseFileWriter {

    private final EventStore store;
    private final LetterRenderer renderer;
    private final Counter promisesBroken;

    public CaseFileWriter(EventStore store, LetterRenderer renderer, MeterRegistry metrics) {
        this.store = store;
        this.renderer = renderer;
        // Registered at start, so the dashboard sees 0 rather than no series before the first broken promise.
        this.promisesBroken = Counter.builder("ledgerline.promises.broken")
                .description("promises to pay broken").register(metrics);
    }

    /** What one customer's decisions were made on, and what they were. */
    public record Decided(Loaded loaded, CollectionAccount after, List<CollectionsEvent> events) {
    }

    public Uni<Void> record(SqlConnection tx, List<Decided> decided, String metadataJson) {
        List<StreamAppend> appends = new ArrayList<>();
        List<Tuple> cases = new ArrayList<>();
        List<Tuple> closed = new ArrayList<>();
        List<Tuple> letters = new ArrayList<>();
        for (Decided d : decided) {
            if (d.events().isEmpty()) {
                continue;
            }
            String customer = d.after().customerId();
            appends.add(new StreamAppend(CollectionsEvents.streamId(customer), d.loaded().version(),
                    d.events().stream().map(e -> CollectionsEvents.toAppend(e, metadataJson)).toList()));
            for (CollectionsEvent event : d.events()) {
                switch (event) {
                    case CollectionsEvent.CollectionCaseOpened e -> cases.add(Tuple.of(e.caseId(), customer));
                    case CollectionsEvent.CollectionCaseClosed e -> closed.add(Tuple.of(e.caseId()));
                    case CollectionsEvent.DunningLetterIssued e -> letters.add(letterRow(e, d.after()));
                    default -> {
                    }
                }
            }
        }
        if (appends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.append(tx, appends)
                .call(() -> cases.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(
                        "INSERT INTO cases (case_id, customer_id, status) VALUES ($1, $2, 'OPEN')")
                        .executeBatch(cases).replaceWithVoid())
                .call(() -> closed.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(
                        "UPDATE cases SET status = 'CLOSED' WHERE case_id = $1").executeBatch(closed).replaceWithVoid())
                .call(() -> letters.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                        INSERT INTO letters (letter_id, customer_id, case_id, level, channel, language, recipient_name,
                                             recipient_email, subject, html, issued_date, mail_status)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""")
                        .executeBatch(letters).replaceWithVoid());
    }

    private Tuple letterRow(CollectionsEvent.DunningLetterIssued letter, CollectionAccount account) {
        String strategy = account.file().findCase(letter.caseId()).strategy;
        LetterRenderer.Rendered rendered = renderer.render(letter, strategy, account.ledger());
        boolean email = letter.channel() == CollectionsEvent.LetterChannel.EMAIL;
        return Tuple.from(new Object[]{letter.letterId(), letter.customerId(), letter.caseId(), letter.level(),
                letter.channel().name(), letter.language(), letter.recipient().name(),
                letter.recipient().email(), rendered.subject(), rendered.html(), letter.issuedDate(),
                email ? "PENDING" : "NOT_EMAILED"});
    }

    /**
     * Counts what was recorded; called after the transaction committed. (Events appended are counted by the event
     * store itself, {@code ledgerline_events_appended_total}; counting them here too would count each twice.)
     */
    public void committed(List<Decided> decided) {
        for (Decided d : decided) {
            for (CollectionsEvent event : d.events()) {
                if (event instanceof CollectionsEvent.PromiseToPayBroken) {
                    promisesBroken.increment();
                }
            }
        }
    }
}
