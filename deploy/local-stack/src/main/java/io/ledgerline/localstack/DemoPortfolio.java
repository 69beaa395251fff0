package io.ledgerline.localstack;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo portfolio: a year of a wholesaler's receivables, the same every time (seeded), so that every screen and
 * figure of every service has something to show within a minute.
 *
 * <p>Three hundred customers in six countries, each with a payment habit (most pay on time, some late, some short,
 * some stop paying), invoices from December 2025 to November 2026 and the payments they led to, all through the
 * ingest topics as the ERP and the bank would send them. The history arrives in two parts around the business date
 * 2026-11-16 (with the daily runs of that day in between), so that promises made then are kept or broken by
 * 2026-11-30, the demo's "today". Over REST with tokens, for each service in the stack: disputes opened by analysts
 * and some resolved, collectors' promises and holds, credit limits, applications and order checks, and the
 * publication of every figure. A service not in the stack is skipped, and said so.
 *
 * <p>Run by {@code deploy/run-local.sh --demo} once the stack is up, or against a running stack by
 * {@code deploy/demo.sh} (which finds it through the launcher's control port). Loading twice changes nothing: the
 * records carry the same ids, which Ledgerline treats as duplicates.
 */
public final class DemoPortfolio {

    static final LocalDate FIRST_MONTH = LocalDate.of(2025, 12, 1);
    static final LocalDate MIDDLE = LocalDate.of(2026, 11, 16);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 30);
    static final int CUSTOMERS = 300;
    private static final long SEED = 20261130L;

    private static final String[] PREFIXES = {"Nordwind", "Alpen", "Rhein", "Elbe", "Atlantic", "Hanse", "Baltic",
            "Donau", "Loire", "Seine", "Thames", "Hudson", "Lakeside", "Summit", "Harbor", "Meridian", "Polar",
            "Granite", "Cedar", "Falken"};
    private static final String[] TRADES = {"Logistik", "Handel", "Bau", "Foods", "Pharma", "Textil", "Metall",
            "Chemie", "Retail", "Supply", "Tools", "Paper", "Electric", "Marine", "Farms"};
    private static final String[][] COUNTRIES = {{"DE", "Europe/Berlin", "EUR", "GmbH"}, {"AT", "Europe/Vienna", "EUR",
            "GmbH"}, {"FR", "Europe/Paris", "EUR", "SARL"}, {"NL", "Europe/Amsterdam", "EUR", "B.V."},
            {"GB", "Europe/London", "GBP", "Ltd"}, {"US", "America/New_York", "USD", "Inc."}};

    enum Habit { ON_TIME, LATE, SHORT, STOPPED }

    record Customer(String id, String name, String[] country, int terms, Habit habit) {
        String currency() {
            return country[2];
        }
    }

    record Invoice(Customer customer, String id, LocalDate issued, LocalDate due, BigDecimal amount) {
    }

    /** One ingest record, dated by its business date so the history can be sent in order, in parts. */
    record Record(LocalDate date, String topic, String key, String type, String id, String data) {
    }

    private final StackEndpoints stack;
    private final PrintStream out;
    private final Consumer<LocalDate> setToday;
    private final Random random = new Random(SEED);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Customer> customers = new ArrayList<>();
    private final List<Invoice> invoices = new ArrayList<>();
    private final List<Record> records = new ArrayList<>();
    /** Invoices some payment names, and when it arrives: an analyst disputes only what is still open. */
    private final Map<String, LocalDate> paidOn = new TreeMap<>();
    private final Map<String, Integer> done = new TreeMap<>();
    private LagWatch lags;

    DemoPortfolio(StackEndpoints stack, PrintStream out, Consumer<LocalDate> setToday) {
        this.stack = stack;
        this.out = out;
        this.setToday = setToday;
    }

    /** {@code deploy/demo.sh}: against the stack whose launcher answers on LEDGERLINE_CONTROL_PORT (8099). */
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("LEDGERLINE_CONTROL_PORT",
                Integer.toString(StackSettings.DEFAULT_CONTROL_PORT));
        String control = "http://127.0.0.1:" + port;
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> answer;
        try {
            answer = client.send(HttpRequest.newBuilder(URI.create(control + "/stack")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("No local stack answers on 127.0.0.1:" + port + "; start it with deploy/run-local.sh"
                    + " (or set LEDGERLINE_CONTROL_PORT).");
            System.exit(1);
            return;
        }
        StackEndpoints endpoints = StackEndpoints.fromProperties(answer.body());
        load(endpoints, System.out, day -> {
            try {
                HttpResponse<String> moved = client.send(HttpRequest.newBuilder(URI.create(control + "/clock?today="
                        + day)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (moved.statusCode() != 200) {
                    throw new IllegalStateException("the launcher refused the business date: " + moved.body());
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    static void load(StackEndpoints endpoints, PrintStream out, Consumer<LocalDate> setToday) {
        long started = System.nanoTime();
        DemoPortfolio demo = new DemoPortfolio(endpoints, out, setToday);
        try {
            demo.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.printf("Demo portfolio loaded in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, demo.done);
        out.println("Business date: " + TODAY + " (deploy/clock.sh shows or moves it). Open the reporting dashboard, or"
                + " e.g. curl -H \"Authorization: Bearer $(deploy/token.sh rita reader)\" "
                + endpoints.url("receivables-service").orElse("http://127.0.0.1:8081") + "/aging");
    }

    private void run() throws InterruptedException {
        try (LagWatch watching = new LagWatch(stack.managementUrls(), Duration.ofSeconds(1))) {
            lags = watching;
            runWatched();
            // The services sample their lag gauges every few seconds: give them time to see the end.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                Thread.sleep(1_000);
            } while (!lags.allCaughtUp() && System.nanoTime() < deadline);
            out.println("  at the end" + (lags.allCaughtUp() ? ", every lag back to zero:" : ", lags still left:"));
            printLags();
        }
    }

    private void runWatched() throws InterruptedException {
        generate();
        out.printf("Demo portfolio: %d customers, %d invoices, %d ingest records in all%n", customers.size(),
                invoices.size(), records.size());

        setToday.accept(MIDDLE);
        out.println("  business date " + MIDDLE + ": the history up to it, through the ingest topics ...");
        publish(r -> !r.date().isAfter(MIDDLE));
        awaitIngested(MIDDLE);
        printLags();
        dailyRuns(MIDDLE);
        openDisputes();
        makePromisesAndHolds();
        creditWork();

        setToday.accept(TODAY);
        out.println("  business date " + TODAY + ": the last two weeks ...");
        publish(r -> r.date().isAfter(MIDDLE));
        awaitIngested(TODAY);
        printLags();
        resolveDisputes();
        dailyRuns(TODAY);
        orderChecks();
        call("reporting-service", "POST", "/publications/runs?asOf=" + TODAY, operator(), null, "figures published");
    }

    // ---------------------------------------------------------------------------------------------------- the data

    /** The portfolio's ingest records in date order (also kept for {@link #run}). */
    List<Record> generate() {
        for (int n = 1; n <= CUSTOMERS; n++) {
            String[] country = COUNTRIES[weighted(new int[] {40, 10, 15, 10, 10, 15})];
            String name = PREFIXES[random.nextInt(PREFIXES.length)] + " " + TRADES[random.nextInt(TRADES.length)]
                    + " " + country[3];
            Habit habit = Habit.values()[weighted(new int[] {60, 22, 10, 8})];
            int terms = new int[] {14, 30, 30, 30, 45, 60}[random.nextInt(6)];
            Customer customer = new Customer(String.format("C-%04d", 1000 + n), name, country, terms, habit);
            customers.add(customer);
            records.add(new Record(FIRST_MONTH.minusDays(1), "ledgerline.ingest.customers", customer.id(),
                    "CustomerUpdated", "demo-cust-" + customer.id(), """
                    {"customerId":"%s","name":"%s","countryCode":"%s","timeZone":"%s","paymentTermsDays":%d,\
                    "currency":"%s","contacts":[{"name":"Accounts Payable","email":"ap@%s.example",\
                    "phone":"+49 30 %07d","role":"accounts-payable"},{"name":"Finance Director",\
                    "email":"cfo@%s.example","role":"escalation"}]}"""
                    .formatted(customer.id(), name, country[0], country[1], terms, customer.currency(),
                            slug(customer.id()), random.nextInt(10_000_000), slug(customer.id()))));
        }
        for (Customer customer : customers) {
            int count = 0;
            for (LocalDate month = FIRST_MONTH; !month.isAfter(TODAY); month = month.plusMonths(1)) {
                int perMonth = 1 + random.nextInt(2);
                for (int i = 0; i < perMonth; i++) {
                    LocalDate issued = month.plusDays(random.nextInt(month.lengthOfMonth()));
                    if (issued.isAfter(TODAY)) {
                        continue;
                    }
                    BigDecimal amount = BigDecimal.valueOf(500 + random.nextInt(19_500))
                            .add(BigDecimal.valueOf(random.nextInt(100), 2));
                    Invoice invoice = new Invoice(customer, String.format("INV-%s-%03d", customer.id(), ++count),
                            issued, issued.plusDays(customer.terms()), amount);
                    invoices.add(invoice);
                    records.add(new Record(issued, "ledgerline.ingest.invoices", customer.id(), "InvoiceIssued",
                            "demo-" + invoice.id(), """
                            {"invoiceId":"%s","customerId":"%s","issueDate":"%s","dueDate":"%s","currency":"%s",\
                            "amount":"%s","purchaseOrder":"PO-%d","description":"%s deliveries"}"""
                            .formatted(invoice.id(), customer.id(), issued, invoice.due(), customer.currency(),
                                    amount.toPlainString(), 70_000 + random.nextInt(30_000), month.getMonth())));
                    payment(invoice);
                }
            }
        }
        records.sort(Comparator.comparing(Record::date));
        return List.copyOf(records);
    }

    /** How the customer's habit pays the invoice, if it has by the demo's today. */
    private void payment(Invoice invoice) {
        Customer customer = invoice.customer();
        int delay;
        BigDecimal paid = invoice.amount();
        switch (customer.habit()) {
            case ON_TIME -> delay = -5 + random.nextInt(8);
            case LATE -> delay = 10 + random.nextInt(35);
            case SHORT -> {
                delay = random.nextInt(10);
                if (random.nextInt(3) == 0) {
                    // A deduction: damaged goods, a disputed price, a freight charge not accepted.
                    BigDecimal share = BigDecimal.valueOf(1 + random.nextInt(8), 2);
                    paid = paid.subtract(paid.multiply(share).setScale(2, RoundingMode.HALF_UP));
                }
            }
            default -> {
                // Paid until the summer, then nothing: the accounts collections works on.
                if (invoice.issued().isAfter(LocalDate.of(2026, 7, 15))) {
                    return;
                }
                delay = 20 + random.nextInt(30);
            }
        }
        LocalDate received = invoice.due().plusDays(delay);
        if (received.isAfter(TODAY) || random.nextInt(50) == 0) {
            return;
        }
        paidOn.put(invoice.id(), received);
        String paymentId = "PAY-" + invoice.id().substring(4);
        records.add(new Record(received, "ledgerline.ingest.payments", customer.id(), "PaymentReceived",
                "demo-" + paymentId, """
                {"paymentId":"%s","customerId":"%s","receivedDate":"%s","currency":"%s","amount":"%s",\
                "method":"%s","reference":"%s","allocations":[{"invoiceId":"%s","amount":"%s"}]}"""
                .formatted(paymentId, customer.id(), received, customer.currency(), paid.toPlainString(),
                        customer.country()[0].equals("US") ? "ACH" : "SEPA", invoice.id(), invoice.id(),
                        paid.toPlainString())));
    }

    private int weighted(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int pick = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            pick -= weights[i];
            if (pick < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    // ------------------------------------------------------------------------------------------------ the topics

    private void publish(java.util.function.Predicate<Record> which) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Record r : records) {
                if (!which.test(r)) {
                    continue;
                }
                ProducerRecord<String, String> record = new ProducerRecord<>(r.topic(), r.key(), r.data());
                String source = r.topic().endsWith("payments") ? "bank-demo" : "erp-demo";
                record.headers().add("ce_specversion", bytes("1.0")).add("ce_id", bytes(r.id()))
                        .add("ce_source", bytes(source))
                        .add("ce_type", bytes("io.ledgerline.ingest." + r.type() + ".v1"))
                        .add("content-type", bytes("application/json"));
                producer.send(record);
                sent++;
            }
            producer.flush();
        }
        count("ingest records", sent);
    }

    /** Waits until receivables has the last invoice and payment of the part just sent. */
    private void awaitIngested(LocalDate until) throws InterruptedException {
        Record lastInvoice = null;
        Record lastPayment = null;
        for (Record r : records) {
            if (!r.date().isAfter(until)) {
                if (r.type().equals("InvoiceIssued")) {
                    lastInvoice = r;
                } else if (r.type().equals("PaymentReceived")) {
                    lastPayment = r;
                }
            }
        }
        String token = reader();
        for (Record r : new Record[] {lastInvoice, lastPayment}) {
            if (r == null) {
                continue;
            }
            String query = r.type().equals("InvoiceIssued") ? "invoiceId=" + id(r.data(), "invoiceId")
                    : "paymentId=" + id(r.data(), "paymentId");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                Answer answer = send("receivables-service", "GET", "/search?" + query, token, null);
                if (answer != null && answer.status() == 200 && answer.body().contains(r.key())) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        out.println("    receivables has the ledger up to " + until);
    }

    /** The lags each service's /q/metrics showed since the demo began (highest) and now. */
    private void printLags() {
        lags.sampleOnce();
        lags.summary().forEach((service, line) -> out.println("    " + service + " /q/metrics: " + line));
    }

    // -------------------------------------------------------------------------------------------------- REST work

    private void dailyRuns(LocalDate day) {
        call("receivables-service", "POST", "/delinquency/runs?asOf=" + day, operator(), null, "delinquency runs");
        sleepQuietly(Duration.ofSeconds(3));
        call("collections-service", "POST", "/dunning/runs?asOf=" + day, operator(), null, "dunning runs");
        call("credit-service", "POST", "/daily-runs?asOf=" + day, operator(), null, "credit daily runs");
        call("disputes-service", "POST", "/sla-runs?asOf=" + day, operator(), null, "dispute SLA runs");
    }

    private void openDisputes() {
        if (skipped("disputes-service", "disputes opened by analysts")) {
            return;
        }
        String analyst = stack.token("kim", "dispute-analyst");
        String[] reasons = {"PRICE", "QUANTITY", "DAMAGED_GOODS", "NOT_RECEIVED", "DUPLICATE_BILLING"};
        int opened = 0;
        for (Invoice invoice : invoices) {
            // Late and stopped payers' recent invoices that nothing has paid by the middle of November.
            LocalDate paid = paidOn.get(invoice.id());
            boolean open = paid == null || paid.isAfter(MIDDLE);
            if (opened >= 12 || invoice.customer().habit() == Habit.ON_TIME || !open
                    || invoice.due().isBefore(MIDDLE.minusDays(40)) || invoice.issued().isAfter(MIDDLE)) {
                continue;
            }
            BigDecimal disputed = invoice.amount().multiply(BigDecimal.valueOf(10 + random.nextInt(30), 2))
                    .setScale(2, RoundingMode.HALF_UP);
            String body = """
                    {"customerId":"%s","reasonCode":"%s","description":"customer says %s","currency":"%s",\
                    "invoices":[{"invoiceId":"%s","amount":"%s"}]}""".formatted(invoice.customer().id(),
                    reasons[opened % reasons.length], reasons[opened % reasons.length].toLowerCase().replace('_', ' '),
                    invoice.customer().currency(), invoice.id(), disputed.toPlainString());
            if (call("disputes-service", "POST", "/disputes", analyst, body, "disputes opened by analysts")) {
                opened++;
            }
        }
    }

    private void resolveDisputes() {
        if (skipped("disputes-service", "disputes resolved")) {
            return;
        }
        String analyst = stack.token("kim", "dispute-analyst");
        Answer list = send("disputes-service", "GET", "/disputes?status=OPEN&limit=40", analyst, null);
        if (list == null || list.status() != 200) {
            return;
        }
        Matcher ids = Pattern.compile("\"disputeId\"\\s*:\\s*\"([^\"]+)\"").matcher(list.body());
        Matcher invoicesOf = Pattern.compile("\"invoiceId\"\\s*:\\s*\"([^\"]+)\"").matcher(list.body());
        int n = 0;
        while (ids.find() && n < 8) {
            String disputeId = ids.group(1);
            send("disputes-service", "POST", "/disputes/" + disputeId + "/review", analyst, null);
            String body = switch (n % 3) {
                case 0 -> "{\"outcome\":\"ACCEPTED\",\"reason\":\"goods confirmed damaged\"}";
                case 1 -> "{\"outcome\":\"REJECTED\",\"reason\":\"delivery note signed without remarks\"}";
                default -> invoicesOf.find(ids.start()) ? ("{\"outcome\":\"PARTIALLY_ACCEPTED\",\"reason\":\"half the"
                        + " price difference granted\",\"invoices\":[{\"invoiceId\":\"" + invoicesOf.group(1)
                        + "\",\"creditAmount\":\"1.00\"}]}")
                        : "{\"outcome\":\"REJECTED\",\"reason\":\"no evidence\"}";
            };
            call("disputes-service", "POST", "/disputes/" + disputeId + "/resolution", analyst, body,
                    "disputes resolved");
            n++;
        }
    }

    private void makePromisesAndHolds() throws InterruptedException {
        if (skipped("collections-service", "promises and holds")) {
            return;
        }
        String collector = stack.token("jo", "collector");
        Answer cases = null;
        for (int attempt = 0; attempt < 40; attempt++) {
            cases = send("collections-service", "GET", "/cases?status=OPEN&limit=60", collector, null);
            if (cases != null && cases.status() == 200 && cases.body().contains("caseId")) {
                break;
            }
            Thread.sleep(500);
        }
        if (cases == null || cases.status() != 200) {
            return;
        }
        Matcher ids = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"").matcher(cases.body());
        int n = 0;
        while (ids.find() && n < 14) {
            String caseId = ids.group(1);
            if (n % 4 == 3) {
                call("collections-service", "POST", "/cases/" + caseId + "/holds", collector,
                        "{\"scope\":\"ACCOUNT\",\"reasonCode\":\"CUSTOMER_QUERY\",\"note\":\"customer asked for copies"
                                + " of the delivery notes\",\"to\":\"" + TODAY.plusDays(10) + "\"}", "collector holds");
            } else {
                Answer detail = send("collections-service", "GET", "/cases/" + caseId, collector, null);
                String currency = detail == null ? "EUR" : firstValue(detail.body(), "currency", "EUR");
                String amount = n % 2 == 0 ? "1500.00" : "800.00";
                call("collections-service", "POST", "/cases/" + caseId + "/promises", collector,
                        "{\"currency\":\"" + currency + "\",\"amount\":\"" + amount + "\",\"dueDate\":\""
                                + MIDDLE.plusDays(3 + n % 5) + "\"}", "promises");
            }
            n++;
        }
    }

    private void creditWork() {
        if (skipped("credit-service", "credit limits and applications")) {
            return;
        }
        String analyst = stack.token("cara", "credit-analyst");
        for (int i = 0; i < customers.size(); i++) {
            Customer customer = customers.get(i);
            if (i % 10 == 3) {
                String body = """
                        {"applicationId":"APP-%s","currency":"%s","requestedLimit":"%d.00","financials":\
                        {"annualRevenue":"%d.00","netWorth":"%d.00","currentRatio":"1.%d","yearsInBusiness":%d},\
                        "tradeReferences":[{"company":"Hanse Supply GmbH","contact":"credit@hanse.example",\
                        "yearsKnown":4}],"bureauScore":%d,"bureauScoreDate":"%s"}"""
                        .formatted(customer.id(), customer.currency(), 20_000 + 5_000 * (i % 7),
                                2_000_000 + 100_000 * (i % 13), 400_000 + 50_000 * (i % 5), 1 + i % 9, 3 + i % 20,
                                480 + (i * 37) % 300, MIDDLE.minusDays(20));
                call("credit-service", "POST", "/customers/" + customer.id() + "/applications", analyst, body,
                        "credit applications");
            } else {
                call("credit-service", "PUT", "/customers/" + customer.id() + "/limits/" + customer.currency(),
                        analyst, "{\"limit\":\"" + (customer.habit() == Habit.STOPPED ? 15_000 : 60_000)
                                + ".00\",\"reason\":\"annual review\"}", "credit limits");
            }
        }
    }

    private void orderChecks() {
        if (skipped("credit-service", "order checks")) {
            return;
        }
        String orderDesk = stack.token("erp-orders", "operator");
        for (int i = 0; i < 40; i++) {
            Customer customer = customers.get((i * 7) % customers.size());
            call("credit-service", "POST", "/credit-checks", orderDesk, """
                    {"orderId":"SO-%05d","customerId":"%s","amount":"%d.00","currency":"%s"}"""
                    .formatted(50_000 + i, customer.id(), 1_000 + 750 * (i % 11), customer.currency()), "order checks");
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private record Answer(int status, String body) {
    }

    private String operator() {
        return stack.token("olli", "operator");
    }

    private String reader() {
        return stack.token("rita", "reader");
    }

    private boolean skipped(String service, String what) {
        if (stack.url(service).isEmpty()) {
            out.println("    " + what + ": skipped, " + service + " is not in the stack");
            return true;
        }
        return false;
    }

    /** A call whose success is counted under {@code what}; a refusal is shown, never fatal to the demo. */
    private boolean call(String service, String method, String path, String token, String body, String what) {
        if (stack.url(service).isEmpty()) {
            return false;
        }
        Answer answer = send(service, method, path, token, body);
        if (answer != null && answer.status() / 100 == 2) {
            count(what, 1);
            return true;
        }
        count(what + " refused", 1);
        if (done.get(what + " refused") <= 3) {
            out.println("    " + service + " " + method + " " + path + " -> "
                    + (answer == null ? "no answer" : answer.status() + " " + abbreviate(answer.body())));
        }
        return false;
    }

    private Answer send(String service, String method, String path, String token, String body) {
        String base = stack.url(service).orElse(null);
        if (base == null) {
            return null;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void count(String what, int n) {
        done.merge(what, n, Integer::sum);
    }

    private static String firstValue(String json, String field, String fallback) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : fallback;
    }

    private static String id(String json, String field) {
        return firstValue(json, field, "");
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String slug(String id) {
        return id.toLowerCase().replaceAll("[^a-z0-9]", "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
