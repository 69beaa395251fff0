package io.ledgerline.benchmark;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.EventSchemas;
import io.ledgerline.events.EventTypes;
import io.ledgerline.events.Topics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * A contract-valid ingest-v1 mix for a number of customers, generated up front so that generating it costs nothing
 * during the timed phases. Per customer: one CustomerUpdated, then about 60 % InvoiceIssued, 35 % PaymentReceived
 * (most with a remittance advice naming that customer's earlier invoices, some without, left to cash application)
 * and 5 % CreditNoteIssued. Records are interleaved round-robin across customers, as many ERPs and banks would
 * publish at once. The seed is fixed, so two runs publish the same mix (under different ids).
 */
final class Workload {

    /** One record as it goes to Kafka: binary-mode CloudEvent, key = customerId. */
    record Message(String topic, String eventType, byte[] key, byte[] value, String ceId) {
    }

    private static final String[] COUNTRIES = {"DE", "FR", "NL", "IT", "ES", "AT", "BE", "PL", "SE", "DK"};
    private static final String[] ZONES = {"Europe/Berlin", "Europe/Paris", "Europe/Amsterdam", "Europe/Rome",
        "Europe/Madrid", "Europe/Vienna", "Europe/Brussels", "Europe/Warsaw", "Europe/Stockholm", "Europe/Copenhagen"};
    private static final String[] METHODS = {"SEPA", "SEPA", "SEPA", "WIRE", "CARD", "CHECK"};
    private static final String[] GOODS = {"pallets of packaging film", "freight Hamburg-Lyon", "spare parts order",
        "quarterly maintenance", "warehouse storage", "cold chain transport", "consulting hours", "steel coils"};
    private static final LocalDate START = LocalDate.of(2026, 1, 5);

    final List<Message> messages;
    final long valueBytes;
    final long keyBytes;
    final int customers;

    private Workload(List<Message> messages, int customers) {
        this.messages = messages;
        this.customers = customers;
        this.valueBytes = messages.stream().mapToLong(m -> m.value().length).sum();
        this.keyBytes = messages.stream().mapToLong(m -> m.key().length).sum();
    }

    /**
     * @param events    total records, customers' CustomerUpdated included
     * @param customers number of customers (each gets events/customers records, the first few one more)
     * @param runTag    makes every business id and message id unique to this run: re-running against a stack that
     *                  kept its data must not turn the records into duplicates, which would produce no events
     */
    static Workload generate(int events, int customers, String runTag) {
        if (customers < 1 || events < customers) {
            throw new IllegalArgumentException("need at least one event per customer (events " + events
                    + ", customers " + customers + ")");
        }
        List<Deque<Message>> perCustomer = new ArrayList<>(customers);
        long[] sequence = {0};
        for (int c = 0; c < customers; c++) {
            int count = events / customers + (c < events % customers ? 1 : 0);
            perCustomer.add(new CustomerScript(runTag, c, new Random(42L * 1_000_003 + c), sequence).generate(count));
        }
        List<Message> all = new ArrayList<>(events);
        boolean any = true;
        while (any) {
            any = false;
            for (Deque<Message> queue : perCustomer) {
                Message next = queue.pollFirst();
                if (next != null) {
                    all.add(next);
                    any = true;
                }
            }
        }
        return new Workload(all, customers);
    }

    /**
     * Checks a sample (every record of every 20th customer, at least one customer) against the contract's JSON
     * Schemas before anything is timed, so a generator mistake fails here rather than as rejections mid-run.
     * Returns the number of records checked.
     */
    int validateSample() {
        int checked = 0;
        for (Message m : messages) {
            String key = new String(m.key(), StandardCharsets.UTF_8);
            int customer = Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
            if (customer % 20 != 0) {
                continue;
            }
            List<String> problems = EventSchemas.validate(EventTypes.INGEST_AREA, m.eventType(), 1,
                    EventJson.readTree(m.value()));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("generated " + m.eventType() + " is not valid ingest-v1: " + problems
                        + "\n" + new String(m.value(), StandardCharsets.UTF_8));
            }
            checked++;
        }
        return checked;
    }

    long countOf(String eventType) {
        return messages.stream().filter(m -> m.eventType().equals(eventType)).count();
    }

    /** One customer's records in the order their systems would send them. */
    private static final class CustomerScript {
        private final String runTag;
        private final String customerId;
        private final Random random;
        private final long[] sequence;
        private final Deque<Message> out = new ArrayDeque<>();
        /** Invoices with an amount still open, oldest first, as this generator expects the ledger to see them. */
        private final List<OpenInvoice> open = new ArrayList<>();
        private final List<String> issued = new ArrayList<>();
        private LocalDate day = START;
        private int invoices;
        private int payments;
        private int creditNotes;
        private final int terms;
        private final int index;

        CustomerScript(String runTag, int index, Random random, long[] sequence) {
            this.runTag = runTag;
            this.index = index;
            this.customerId = String.format("C-%s-%05d", runTag, index);
            this.random = random;
            this.sequence = sequence;
            this.terms = 14 + 15 * random.nextInt(4);
        }

        Deque<Message> generate(int count) {
            customerUpdated();
            for (int n = 1; n < count; n++) {
                day = day.plusDays(random.nextInt(3));
                double roll = random.nextDouble();
                if (roll < 0.60 || issued.isEmpty()) {
                    invoiceIssued();
                } else if (roll < 0.95) {
                    paymentReceived();
                } else {
                    creditNoteIssued();
                }
            }
            return out;
        }

        private void customerUpdated() {
            int country = random.nextInt(COUNTRIES.length);
            String json = "{\"customerId\":\"" + customerId + "\",\"name\":\"Benchmark Customer " + customerId
                    + " GmbH\",\"countryCode\":\"" + COUNTRIES[country] + "\",\"timeZone\":\"" + ZONES[country]
                    + "\",\"paymentTermsDays\":" + terms + ",\"currency\":\"EUR\",\"contacts\":[{\"name\":\"Accounts "
                    + "Payable\",\"email\":\"ap@" + customerId.toLowerCase() + ".example\",\"phone\":\"+49 30 "
                    + (1_000_000 + random.nextInt(8_999_999)) + "\",\"role\":\"AP\"}]}";
            add(Topics.INGEST_CUSTOMERS, "CustomerUpdated", json);
        }

        private void invoiceIssued() {
            invoices++;
            String invoiceId = String.format("INV-%s-%05d-%04d", runTag, index, invoices);
            // Cents as a long, turned into a 2-decimal BigDecimal: amounts never pass through a double.
            BigDecimal amount = BigDecimal.valueOf(10_000 + random.nextInt(2_000_000), 2);
            String json = "{\"invoiceId\":\"" + invoiceId + "\",\"customerId\":\"" + customerId
                    + "\",\"issueDate\":\"" + day + "\",\"dueDate\":\"" + day.plusDays(terms)
                    + "\",\"currency\":\"EUR\",\"amount\":\"" + amount.toPlainString() + "\",\"purchaseOrder\":\"PO-"
                    + (10_000 + random.nextInt(90_000)) + "\",\"description\":\"" + GOODS[random.nextInt(GOODS.length)]
                    + ", delivery " + day + "\"}";
            add(Topics.INGEST_INVOICES, "InvoiceIssued", json);
            open.add(new OpenInvoice(invoiceId, amount));
            issued.add(invoiceId);
        }

        private void paymentReceived() {
            payments++;
            String paymentId = String.format("PAY-%s-%05d-%04d", runTag, index, payments);
            String method = METHODS[random.nextInt(METHODS.length)];
            StringBuilder json = new StringBuilder(400).append("{\"paymentId\":\"").append(paymentId)
                    .append("\",\"customerId\":\"").append(customerId).append("\",\"receivedDate\":\"").append(day)
                    .append("\",\"currency\":\"EUR\",\"amount\":\"");
            BigDecimal amount;
            if (!open.isEmpty() && random.nextDouble() < 0.8) {
                // With remittance advice: pays the one to three oldest open invoices, the last one maybe in part.
                int lines = Math.min(open.size(), 1 + random.nextInt(3));
                List<OpenInvoice> paid = new ArrayList<>(open.subList(0, lines));
                List<BigDecimal> shares = new ArrayList<>(lines);
                for (int i = 0; i < lines; i++) {
                    BigDecimal share = paid.get(i).open;
                    if (i == lines - 1 && random.nextDouble() < 0.3) {
                        share = share.multiply(BigDecimal.valueOf(30 + random.nextInt(60)))
                                .divide(BigDecimal.valueOf(100), 2, RoundingMode.DOWN).max(new BigDecimal("0.01"));
                    }
                    shares.add(share);
                }
                amount = shares.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                json.append(amount.toPlainString()).append("\",\"method\":\"").append(method)
                        .append("\",\"reference\":\"").append(paid.getFirst().invoiceId).append(" remittance\"")
                        .append(",\"allocations\":[");
                for (int i = 0; i < lines; i++) {
                    json.append(i == 0 ? "" : ",").append("{\"invoiceId\":\"").append(paid.get(i).invoiceId)
                            .append("\",\"amount\":\"").append(shares.get(i).toPlainString()).append("\"}");
                    reduce(paid.get(i), shares.get(i));
                }
                json.append("]}");
            } else {
                // No remittance advice: Ledgerline applies the cash itself (oldest first), as this mirrors.
                amount = BigDecimal.valueOf(5_000 + random.nextInt(1_500_000), 2);
                json.append(amount.toPlainString()).append("\",\"method\":\"").append(method)
                        .append("\",\"reference\":\"transfer ").append(customerId).append(' ').append(day)
                        .append("\"}");
                applyOldestFirst(amount);
            }
            add(Topics.INGEST_PAYMENTS, "PaymentReceived", json.toString());
        }

        private void creditNoteIssued() {
            creditNotes++;
            String creditNoteId = String.format("CN-%s-%05d-%03d", runTag, index, creditNotes);
            BigDecimal amount = BigDecimal.valueOf(1_000 + random.nextInt(50_000), 2);
            boolean forInvoice = !open.isEmpty() && random.nextBoolean();
            StringBuilder json = new StringBuilder(300).append("{\"creditNoteId\":\"").append(creditNoteId)
                    .append("\",\"customerId\":\"").append(customerId).append("\",\"issueDate\":\"").append(day)
                    .append("\",\"currency\":\"EUR\",\"amount\":\"").append(amount.toPlainString()).append('"');
            if (forInvoice) {
                OpenInvoice target = open.get(random.nextInt(open.size()));
                json.append(",\"invoiceId\":\"").append(target.invoiceId).append('"');
                reduce(target, amount.min(target.open));
            } else {
                applyOldestFirst(amount);
            }
            json.append(",\"reason\":\"").append(forInvoice ? "damaged goods" : "volume rebate").append("\"}");
            add(Topics.INGEST_INVOICES, "CreditNoteIssued", json.toString());
        }

        private void applyOldestFirst(BigDecimal amount) {
            BigDecimal left = amount;
            while (left.signum() > 0 && !open.isEmpty()) {
                OpenInvoice oldest = open.getFirst();
                BigDecimal share = left.min(oldest.open);
                reduce(oldest, share);
                left = left.subtract(share);
            }
        }

        private void reduce(OpenInvoice invoice, BigDecimal by) {
            invoice.open = invoice.open.subtract(by);
            if (invoice.open.signum() <= 0) {
                open.remove(invoice);
            }
        }

        private void add(String topic, String eventType, String json) {
            String ceId = runTag + "-" + (sequence[0]++);
            out.add(new Message(topic, eventType, customerId.getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8), ceId));
        }
    }

    private static final class OpenInvoice {
        final String invoiceId;
        BigDecimal open;

        OpenInvoice(String invoiceId, BigDecimal amount) {
            this.invoiceId = invoiceId;
            this.open = amount;
        }
    }
}
