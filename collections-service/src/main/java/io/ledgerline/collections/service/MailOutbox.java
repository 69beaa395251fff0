package io.ledgerline.collections.service;

import io.ledgerline.collections.config.CollectionsConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Sends the e-mailed letters after the transaction that issued them committed (the letters table is the mail
 * outbox): claim a few PENDING ones, send each through the Quarkus mailer, mark it SENT with the time, or back to
 * PENDING with the error to try again. No transaction stays open while talking to the mail server. A crash between
 * sending and marking sends that e-mail again (at least once); a claim older than five minutes is taken over.
 * The envelope sender is the bounce address, so undeliverable mail comes back to the bounce mailbox.
 */
@ApplicationScoped
public class MailOutbox {

    public static final String LETTER_HEADER = "X-Ledgerline-Letter";
    private static final Logger LOG = Logger.getLogger(MailOutbox.class);
    private static final int MAX_ATTEMPTS = 10;

    private static final String CLAIM = """
            UPDATE letters SET mail_status = 'SENDING', mail_claimed_at = now(), mail_attempts = mail_attempts + 1
             WHERE letter_id IN (
                   SELECT letter_id FROM letters
                    WHERE mail_status = 'PENDING'
                       OR (mail_status = 'SENDING' AND mail_claimed_at < now() - interval '5 minutes')
                    ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED)
            RETURNING letter_id, recipient_email, recipient_name, subject, html, mail_attempts
            """;

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final CollectionsConfig config;

    public MailOutbox(Pool pool, ReactiveMailer mailer, CollectionsConfig config) {
        this.pool = pool;
        this.mailer = mailer;
        this.config = config;
    }

    private record Claimed(String letterId, String email, String name, String subject, String html, int attempts) {
    }

    @Scheduled(every = "{ledgerline.collections.mail.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return sendPending().replaceWithVoid();
    }

    /** Sends what is waiting; the number sent. */
    public Uni<Integer> sendPending() {
        return pool.withTransaction(tx -> tx.query(CLAIM).execute()).map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new Claimed(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                                row.getString(4), row.getInteger(5)));
                    }
                    return claimed;
                })
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed))
                .onItem().transformToUniAndConcatenate(this::send)
                .collect().asList()
                .map(sent -> (int) sent.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> send(Claimed letter) {
        Mail mail = Mail.withHtml(letter.email(), letter.subject(), letter.html())
                .setFrom(config.letters().from())
                .setBounceAddress(config.letters().bounceAddress())
                .addHeader(LETTER_HEADER, letter.letterId());
        return mailer.send(mail)
                .chain(() -> pool.preparedQuery("UPDATE letters SET mail_status = 'SENT', mail_sent_at = now(),"
                                + " mail_message_id = $2, mail_error = NULL WHERE letter_id = $1")
                        .execute(Tuple.of(letter.letterId(), LETTER_HEADER + ": " + letter.letterId())))
                .replaceWith(true)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("letter %s to %s not sent (attempt %d): %s", letter.letterId(), letter.email(),
                            letter.attempts(), failure.getMessage());
                    String status = letter.attempts() >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
                    return pool.preparedQuery("UPDATE letters SET mail_status = $2, mail_error = $3 WHERE letter_id = $1")
                            .execute(Tuple.of(letter.letterId(), status, String.valueOf(failure.getMessage())))
                            .replaceWith(false);
                });
    }
}
