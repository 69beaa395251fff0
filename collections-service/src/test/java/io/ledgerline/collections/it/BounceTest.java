package io.ledgerline.collections.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A dunning e-mail bounces: the mail server's delivery status notification reaches the bounce mailbox (GreenMail),
 * the service reads it over IMAP, records it on the case, and the next written step becomes a call task.
 */
@QuarkusTest
class BounceTest extends CollectionsTestBase {

    @Test
    void a_bounced_reminder_is_recorded_and_the_second_notice_becomes_a_call() throws Exception {
        upstream.publish(customerUpdated("DE", "Europe/Berlin"));
        upstream.publish(invoice("INV-1", "300.00", LocalDate.of(2026, 11, 1)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 11, 1), "300.00"));
        String caseId = awaitCase();
        runDay(TODAY);
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox(apEmail()).size() == 1);
        String letterId = mailbox(apEmail()).getFirst().getHeader("X-Ledgerline-Letter")[0];

        sendDeliveryStatusNotification(letterId);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/cases/{id}", caseId)
                .then().body("contacts.outcome", contains("BOUNCED"))
                .body("contacts[0].contactName", equalTo(apEmail())));

        runDay(LocalDate.of(2026, 11, 17));
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(2))
                .body("callTasks.reason", hasItem("EMAIL_BOUNCED"))
                .body("letters.size()", equalTo(1));
    }

    /** What a mail server sends back for an unknown recipient (RFC 3464), quoting the original headers. */
    private void sendDeliveryStatusNotification(String letterId) throws Exception {
        int port = ConfigProvider.getConfig().getValue("test.greenmail.smtp-port", Integer.class);
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(properties);
        MimeMessage dsn = new MimeMessage(session);
        dsn.setFrom(new InternetAddress("MAILER-DAEMON@nordwind.example"));
        dsn.setRecipient(Message.RecipientType.TO, new InternetAddress(GreenMailTestResource.BOUNCES));
        dsn.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart human = new MimeBodyPart();
        human.setText("Your message could not be delivered to " + apEmail() + ".");
        report.addBodyPart(human);
        MimeBodyPart status = new MimeBodyPart();
        status.setContent("Reporting-MTA: dns; mx.nordwind.example\r\n\r\nFinal-Recipient: rfc822; " + apEmail()
                + "\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\r\n",
                "message/delivery-status");
        report.addBodyPart(status);
        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent("From: collections@ledgerline.local\r\nTo: " + apEmail()
                + "\r\nSubject: Zahlungserinnerung\r\nX-Ledgerline-Letter: " + letterId + "\r\n", "text/rfc822-headers");
        report.addBodyPart(headers);
        dsn.setContent(report);
        Transport.send(dsn);
    }
}
