package io.ledgerline.collections.it;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP and IMAP server (GreenMail) for the service under test, on free ports: dunning e-mails go to its SMTP,
 * the bounce mailbox is read from its IMAP, and tests read what arrived over IMAP as a mail client would.
 */
public class GreenMailTestResource implements QuarkusTestResourceLifecycleManager {

    static final String BOUNCES = "bounces@ledgerline.local";
    static final String BOUNCES_PASSWORD = "bounces";
    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        int smtp = freePort();
        int imap = freePort();
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        greenMail.setUser(BOUNCES, BOUNCES, BOUNCES_PASSWORD);
        return Map.of(
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtp),
                "ledgerline.collections.bounces.imap.host", "127.0.0.1",
                "ledgerline.collections.bounces.imap.port", String.valueOf(imap),
                "ledgerline.collections.bounces.imap.user", BOUNCES,
                "ledgerline.collections.bounces.imap.password", BOUNCES_PASSWORD,
                "test.greenmail.smtp-port", String.valueOf(smtp),
                "test.greenmail.imap-port", String.valueOf(imap));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
