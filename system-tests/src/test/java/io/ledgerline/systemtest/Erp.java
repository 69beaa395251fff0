package io.ledgerline.systemtest;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The ERP and the bank as ingest-v1 describes them: binary-mode CloudEvents on the ingest topics, keyed by customer,
 * published with a plain Kafka producer (nothing of Ledgerline's own code).
 */
final class Erp implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private int sequence;

    Erp(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props);
    }

    void customer(String customerId, String name) {
        send("ledgerline.ingest.customers", "erp-eu-1", "CustomerUpdated", customerId, """
                {"customerId":"%s","name":"%s","countryCode":"DE","timeZone":"Europe/Berlin","paymentTermsDays":30,
                 "currency":"EUR","contacts":[
                   {"name":"Ana Ruiz","email":"ap@%s.example","phone":"+49 30 1234567","role":"accounts-payable"},
                   {"name":"Jonas Brandt","email":"cfo@%s.example","role":"escalation"}]}"""
                .formatted(customerId, name, slug(customerId), slug(customerId)));
    }

    void invoice(String customerId, String invoiceId, String issueDate, String dueDate, String amount) {
        send("ledgerline.ingest.invoices", "erp-eu-1", "InvoiceIssued", customerId, """
                {"invoiceId":"%s","customerId":"%s","issueDate":"%s","dueDate":"%s","currency":"EUR",
                 "amount":"%s","description":"freight"}""".formatted(invoiceId, customerId, issueDate, dueDate, amount));
    }

    /** A payment with its remittance advice: {@code allocations} alternate invoice id and amount. */
    void payment(String customerId, String paymentId, String receivedDate, String amount, String reference,
                 String... allocations) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < allocations.length; i += 2) {
            lines.append(i == 0 ? "" : ",").append("{\"invoiceId\":\"").append(allocations[i])
                    .append("\",\"amount\":\"").append(allocations[i + 1]).append("\"}");
        }
        send("ledgerline.ingest.payments", "bank-de-2", "PaymentReceived", customerId, """
                {"paymentId":"%s","customerId":"%s","receivedDate":"%s","currency":"EUR","amount":"%s",
                 "method":"SEPA","reference":"%s","allocations":[%s]}"""
                .formatted(paymentId, customerId, receivedDate, amount, reference, lines));
    }

    private void send(String topic, String source, String type, String key, String data) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, data);
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(source + "-" + System.nanoTime() + "-" + (++sequence)))
                .add("ce_source", bytes(source))
                .add("ce_type", bytes("io.ledgerline.ingest." + type + ".v1"))
                .add("content-type", bytes("application/json"));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + type + " for " + key, e);
        }
    }

    private static String slug(String customerId) {
        return customerId.toLowerCase().replaceAll("[^a-z0-9]", "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
