package io.ledgerline.collections.it;

import io.ledgerline.events.DomainEventReader;
import io.ledgerline.events.Topics;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.ledgerline.testsupport.Metrics;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMultipart;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The collections flow end to end, on the real broker, database and mail server: receivables' events open a case,
 * the run e-mails a reminder (read back from GreenMail), a promise is kept by a payment, a second one is broken and
 * the event goes out on ledgerline.collections.events, a dispute pauses dunning until it is resolved, and
 * redelivering everything changes nothing.
 */
@QuarkusTest
class CollectionFlowTest extends CollectionsTestBase {

    static final LocalDate DUE_1 = LocalDate.of(2026, 10, 31);
    static final LocalDate DUE_2 = LocalDate.of(2026, 11, 5);

    @Inject
    KafkaClientService kafka;

    @Test
    void receivables_events_to_case_letter_promises_dispute_and_redelivery() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        ids.add(upstream.publish(customerUpdated("DE", "Europe/Berlin")));
        ids.add(upstream.publish(invoice("INV-1", "1000.00", DUE_1)));
        ids.add(upstream.publish(invoice("INV-2", "500.00", DUE_2)));
        ids.add(upstream.publish(delinquent(TODAY.minusDays(1), DUE_1, "1500.00")));

        // A case, assigned by the portfolio rules (Europe: jo or max).
        String caseId = awaitCase();
        RestAssured.given().get("/cases/{id}", caseId).then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("strategy", equalTo("standard"))
                .body("collector", org.hamcrest.Matchers.oneOf("jo", "max"))
                .body("items", hasSize(2));

        // The run reaches the reminder and e-mails it to accounts payable.
        runDay(TODAY);
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(1))
                .body("levelName", equalTo("reminder"));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox(apEmail()).size() == 1);
        Message mail = mailbox(apEmail()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Zahlungserinnerung – Nordwind Logistik GmbH");
        String letterId = mail.getHeader("X-Ledgerline-Letter")[0];
        String body = text(mail);
        assertThat(body).contains("INV-1", "INV-2", "1.500,00 EUR", "Guten Tag Ana Ruiz");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> RestAssured.given()
                .get("/cases/{id}/letters", caseId).then().body("[0].letterId", equalTo(letterId))
                .body("[0].mailStatus", equalTo("SENT")).body("[0].channel", equalTo("EMAIL")));

        // The letter as kept: HTML, and a PDF made from it.
        String html = RestAssured.given().accept("text/html").get("/letters/{id}", letterId).then().statusCode(200)
                .extract().asString();
        assertThat(html).contains("Zahlungserinnerung", "INV-1", "1.000,00 EUR", "31. Oktober 2026");
        byte[] pdf = RestAssured.given().get("/letters/{id}?format=pdf", letterId).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        try (var document = Loader.loadPDF(pdf)) {
            assertThat(new PDFTextStripper().getText(document)).contains("Zahlungserinnerung", "INV-2", "500,00 EUR");
        }

        // A promise for INV-1, paid in full two days later: kept.
        collector().body("""
                {"currency": "EUR", "amount": "1000.00", "dueDate": "2026-11-13", "invoiceIds": ["INV-1"]}""")
                .post("/cases/{id}/promises", caseId).then().statusCode(201)
                .body("events[0].type", equalTo("PromiseToPayMade"))
                .body("events[0].event.by.subject", equalTo("jo"))
                .body("events[1].type", equalTo("DunningPaused"));
        LocalDate paidOn = TODAY.plusDays(2);
        ids.add(upstream.publish(payment("PAY-1", "1000.00", paidOn)));
        ids.add(upstream.publish(applied("PAY-1", "INV-1", "1000.00", paidOn)));
        awaitFacts(6);
        runDay(paidOn);
        RestAssured.given().get("/cases/{id}", caseId).then()
                .body("promises[0].status", equalTo("KEPT"))
                .body("promises[0].paid", equalTo("1000.00"));

        // A second promise, for INV-2, not paid: broken once due date + 3 days of grace have passed.
        collector().body("""
                {"currency": "EUR", "amount": "500.00", "dueDate": "2026-11-16", "invoiceIds": ["INV-2"]}""")
                .post("/cases/{id}/promises", caseId).then().statusCode(201);
        runDay(LocalDate.of(2026, 11, 19));
        RestAssured.given().get("/cases/{id}", caseId).then().body("promises[1].status", equalTo("OPEN"));
        String before = Metrics.scrape();
        assertThat(Metrics.exposed(before, "ledgerline_promises_broken_total")).isTrue();
        runDay(LocalDate.of(2026, 11, 20));
        RestAssured.given().get("/cases/{id}", caseId).then()
                .body("promises[1].status", equalTo("BROKEN"))
                .body("brokenPromises", equalTo(1));
        // The business counter moves by the one broken promise, and its event is counted once (by the event store).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = Metrics.scrape();
            assertThat(Metrics.sum(after, "ledgerline_promises_broken_total"))
                    .isEqualTo(Metrics.sum(before, "ledgerline_promises_broken_total") + 1);
            assertThat(Metrics.sum(after, "ledgerline_events_appended_total", "PromiseToPayBroken"))
                    .isEqualTo(Metrics.sum(before, "ledgerline_events_appended_total", "PromiseToPayBroken") + 1);
        });
        try (TopicReader topic = new TopicReader(bootstrapServers(), Topics.COLLECTIONS_EVENTS)) {
            ConsumerRecord<byte[], byte[]> broken = await().atMost(Duration.ofSeconds(30)).until(() -> topic.forKey(customer)
                    .stream().filter(r -> "io.ledgerline.collections.PromiseToPayBroken.v1"
                            .equals(TopicReader.header(r, "ce_type"))).findFirst().orElse(null), java.util.Objects::nonNull);
            CollectionsEvent.PromiseToPayBroken event = (CollectionsEvent.PromiseToPayBroken)
                    DomainEventReader.COLLECTIONS.read(broken).event();
            assertThat(event.promised()).isEqualByComparingTo("500.00");
            assertThat(event.paid()).isEqualByComparingTo("0");
            assertThat(event.shortfall()).isEqualByComparingTo("500.00");
            assertThat(event.asOf()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(TopicReader.header(broken, "ce_source")).isEqualTo("collections-service");
        }

        // With the promise broken its hold ends, and INV-2 is 15 days past due: the second notice (e-mail and a call).
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(2)).body("callTasks", hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox(apEmail()).size() == 2);

        // A dispute of all of INV-2 pauses dunning: the run of a day past the final demand's 30 days reaches nothing.
        ids.add(upstream.publish(new DisputesEvent.DisputeOpened(customer, "DSP-1", DisputesEvent.DisputeKind.DISPUTE,
                "PRICE", "price not as agreed", "EUR", List.of(new DisputesEvent.DisputedInvoice("INV-2",
                new BigDecimal("500.00"))), null, null, LocalDate.of(2026, 11, 21), LocalDate.of(2026, 12, 4), null)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/cases/{id}", caseId)
                .then().body("holds.findAll { it.reasonCode == 'DISPUTE' }", hasSize(1)));
        runDay(LocalDate.of(2026, 12, 5));
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(2))
                .body("dunnableTotals", hasSize(0));
        // Resolved (rejected): dunning resumes, and the next run reaches the final demand, to the escalation contact.
        ids.add(upstream.publish(new DisputesEvent.DisputeResolved(customer, "DSP-1", "RES-1",
                DisputesEvent.Outcome.REJECTED, "EUR", List.of(new DisputesEvent.ResolvedInvoice("INV-2",
                new BigDecimal("500.00"), BigDecimal.ZERO, null)), "price was as agreed", LocalDate.of(2026, 12, 6),
                new io.ledgerline.events.common.Actor("kim", List.of("dispute-analyst")), null)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/cases/{id}", caseId)
                .then().body("holds.find { it.reasonCode == 'DISPUTE' }.resumedOn", notNullValue()));
        runDay(LocalDate.of(2026, 12, 6));
        RestAssured.given().get("/cases/{id}", caseId).then().body("level", equalTo(3))
                .body("letters.findAll { it.level == 3 }.channel", org.hamcrest.Matchers.containsInAnyOrder("EMAIL", "LETTER"));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox("cfo-" + customer.toLowerCase() + "@nordwind.example")
                .size() == 1);

        // Redelivery: the same records again, then the whole upstream history from the first offset.
        long facts = facts();
        long events = streamEvents();
        upstream.publish(customerUpdated("DE", "Europe/Berlin"), ids.getFirst());
        upstream.publish(invoice("INV-1", "1000.00", DUE_1), ids.get(1));
        upstream.publish(delinquent(TODAY.minusDays(1), DUE_1, "1500.00"), ids.get(3));
        kafka.getConsumer("upstream").runOnPollingThread(consumer -> {
            consumer.seekToBeginning(consumer.assignment());
        }).await().atMost(Duration.ofSeconds(10));
        // A new fact behind everything: once it is in, all before it was read again.
        upstream.publish(customerUpdated("DE", "Europe/Berlin"));
        awaitFacts(facts + 1);
        assertThat(facts()).isEqualTo(facts + 1);
        assertThat(streamEvents()).isEqualTo(events);
        assertThat(mailbox(apEmail())).hasSize(2);
        runDay(LocalDate.of(2026, 12, 6));
        assertThat(streamEvents()).isEqualTo(events);
    }

    /** The text of an HTML e-mail. */
    private static String text(Message message) throws Exception {
        Object content = message.getContent();
        if (content instanceof String text) {
            return text;
        }
        MimeMultipart multipart = (MimeMultipart) content;
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < multipart.getCount(); i++) {
            all.append(multipart.getBodyPart(i).getContent());
        }
        return all.toString();
    }
}
