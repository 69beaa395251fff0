package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.CaseCommand;
import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads bounce reports from the bounce mailbox over IMAP (the envelope sender of every dunning e-mail) and records
 * each on its case: a delivery status notification quotes the original message's headers, and so the
 * {@code X-Ledgerline-Letter} header names the letter. The bounced address then gets a call task instead of the next
 * e-mail. A report that names no letter is left in the mailbox for a person to read. Off unless
 * {@code ledgerline.collections.bounces.imap.host} is set.
 */
@ApplicationScoped
public class BounceMailbox {

    private static final Logger LOG = Logger.getLogger(BounceMailbox.class);
    private static final Pattern LETTER = Pattern.compile(MailOutbox.LETTER_HEADER + ":\\s*([A-Za-z0-9._:/-]+)");
    private static final Pattern DIAGNOSTIC = Pattern.compile("(?im)^(?:Diagnostic-Code|Status):\\s*(.+)$");

    private final Optional<String> host;
    private final int port;
    private final String user;
    private final String password;
    private final CaseCommands commands;
    private final Pool pool;
    private final Clock clock;

    public BounceMailbox(@ConfigProperty(name = "ledgerline.collections.bounces.imap.host") Optional<String> host,
                         @ConfigProperty(name = "ledgerline.collections.bounces.imap.port", defaultValue = "143") int port,
                         @ConfigProperty(name = "ledgerline.collections.bounces.imap.user", defaultValue = "bounces") String user,
                         @ConfigProperty(name = "ledgerline.collections.bounces.imap.password", defaultValue = "bounces") String password,
                         CaseCommands commands, Pool pool, Clock clock) {
        this.host = host.filter(h -> !h.isBlank());
        this.port = port;
        this.user = user;
        this.password = password;
        this.commands = commands;
        this.pool = pool;
        this.clock = clock;
    }

    @Scheduled(every = "{ledgerline.collections.bounces.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (host.isPresent()) {
            try {
                readBounces();
            } catch (MessagingException | IOException | RuntimeException e) {
                LOG.warnf("bounce mailbox %s@%s:%d not read: %s", user, host.get(), port, e.toString());
            }
        }
    }

    /** Records every bounce in the mailbox; the number recorded. */
    public int readBounces() throws MessagingException, IOException {
        Properties properties = new Properties();
        properties.put("mail.imap.connectiontimeout", "5000");
        properties.put("mail.imap.timeout", "10000");
        Session session = Session.getInstance(properties);
        int recorded = 0;
        try (Store store = session.getStore("imap")) {
            store.connect(host.orElseThrow(), port, user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            try {
                for (Message message : inbox.getMessages()) {
                    String raw = raw(message);
                    Matcher letter = LETTER.matcher(raw);
                    if (!letter.find()) {
                        continue;
                    }
                    Matcher diagnostic = DIAGNOSTIC.matcher(raw);
                    String reason = diagnostic.find() ? diagnostic.group(1).trim() : "undeliverable";
                    if (record(letter.group(1), reason)) {
                        recorded++;
                    }
                    message.setFlag(Flags.Flag.DELETED, true);
                }
            } finally {
                inbox.close(true);
            }
        }
        return recorded;
    }

    private boolean record(String letterId, String reason) {
        String customer = pool.preparedQuery("SELECT customer_id FROM letters WHERE letter_id = $1")
                .execute(Tuple.of(letterId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0))
                .await().atMost(Duration.ofSeconds(10));
        if (customer == null) {
            LOG.warnf("bounce for unknown letter %s dropped", letterId);
            return false;
        }
        commands.handle(new CaseCommand.RecordBounce(customer, letterId, reason, clock.instant()), null, null)
                .await().atMost(Duration.ofSeconds(30));
        return true;
    }

    private static String raw(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
