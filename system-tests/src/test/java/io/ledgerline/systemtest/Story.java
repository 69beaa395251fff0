package io.ledgerline.systemtest;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ledgerline.systemtest.Ledgerline.COLLECTIONS;
import static io.ledgerline.systemtest.Ledgerline.CREDIT;
import static io.ledgerline.systemtest.Ledgerline.DISPUTES;
import static io.ledgerline.systemtest.Ledgerline.PATIENCE;
import static io.ledgerline.systemtest.Ledgerline.RECEIVABLES;
import static io.ledgerline.systemtest.Ledgerline.REPORTING;
import static io.ledgerline.systemtest.Ledgerline.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One customer's story across the five services (flows.md §1, §2, §5), step by step. A step either happens to each
 * customer (an invoice, a payment, a collector's promise: {@link Step#each}) or to the whole portfolio at once (the
 * business date moves, a daily run: {@link Step#once}); each says which services it needs, and how its outcome is
 * checked, through the public contract only.
 */
final class Story {

    /** The business date the story starts on: every September document is dated by then. */
    static final LocalDate START = LocalDate.of(2026, 9, 30);
    static final LocalDate DELINQUENT_ON = LocalDate.of(2026, 10, 20);
    static final LocalDate PROMISE_BROKEN_ON = LocalDate.of(2026, 10, 27);
    static final LocalDate PAID_ON = LocalDate.of(2026, 10, 28);

    static final String RECEIVABLES_EVENTS = "ledgerline.receivables.events";
    static final String CREDIT_EVENTS = "ledgerline.credit.events";
    static final String COLLECTIONS_EVENTS = "ledgerline.collections.events";
    static final String DISPUTES_EVENTS = "ledgerline.disputes.events";
    static final String AGING = "ledgerline.reporting.aging";
    static final String KPIS = "ledgerline.reporting.kpis";
    static final String PROMISE_KEPT_RATE_OCTOBER = "PROMISE_KEPT_RATE/portfolio/2026-10";
    static final String DSO_OCTOBER = "DSO_SIMPLE/portfolio:EUR/2026-10";

    /** A customer of the story and the ids of its documents. */
    record Customer(String id) {
        String invoice(int n) {
            return "INV-" + id + "-" + n;
        }

        String payment(int n) {
            return "PAY-" + id + "-" + n;
        }

        String order(int n) {
            return "ORD-" + id + "-" + n;
        }
    }

    interface Action {
        void run(Customer customer) throws Exception;
    }

    /**
     * A step of the story. {@code act} makes it happen (for one customer, or once for all when {@code once});
     * {@code verify} waits for its outcome for one customer. {@code needs}: the services without which the step
     * cannot happen; the story stops at the first step whose service is not in the build, unless the story can
     * go on without the step ({@code skippable}: a measurement for a later step, or the disputes part of the story,
     * whose absence the later steps' expectations allow for), which is then left out.
     */
    record Step(String name, List<String> needs, boolean once, boolean skippable, Action act, Action verify) {
        static Step each(String name, List<String> needs, Action act, Action verify) {
            return new Step(name, needs, false, false, act, verify);
        }

        static Step once(String name, List<String> needs, Action act, Action verify) {
            return new Step(name, needs, true, false, act, verify);
        }

        /** The same step, left out without its service while the story goes on. */
        Step leftOutWithoutItsService() {
            return new Step(name, needs, once, true, act, verify);
        }
    }

    /** Figures read from reporting's KPI topic before the customers paid, to see them move after. */
    private final Map<String, BigDecimal> kpisBefore = new TreeMap<>();
    private final Ledgerline l;

    Story(Ledgerline ledgerline) {
        this.l = ledgerline;
    }

    List<Step> steps() {
        // Without disputes-service the short payment's 50.00 is never disputed nor credited: it stays past due with
        // the rest, and the collector's second promise and the customer's payment cover it whole.
        boolean disputes = l.has(DISPUTES);
        String leftOnFirst = disputes ? "20.00" : "50.00";
        String settled = disputes ? "2020.00" : "2050.00";
        List<Step> steps = new ArrayList<>();
        steps.add(Step.each("invoices", List.of(RECEIVABLES), c -> {
            l.erp.customer(c.id(), "Nordwind Logistik " + c.id());
            l.erp.invoice(c.id(), c.invoice(1), "2026-09-01", "2026-10-01", "1000.00");
            l.erp.invoice(c.id(), c.invoice(2), "2026-09-15", "2026-10-15", "2000.00");
        }, c -> {
            awaitBalance(c, "3000.00");
            // The balance is the read model's and the topic the relay's: both follow the commit, in either order.
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(l.topics.events(RECEIVABLES_EVENTS, c.id(), "InvoiceIssued")).hasSize(2));
        }));
        steps.add(Step.each("payment short", List.of(RECEIVABLES), c -> l.erp.payment(c.id(), c.payment(1),
                "2026-09-28", "950.00", c.invoice(1) + " less damage", c.invoice(1), "950.00"), c -> {
            awaitInvoice(c, c.invoice(1), "openAmount", "50.00");
            awaitBalance(c, "2050.00");
        }));
        steps.add(Step.each("aging on reporting's topic", List.of(REPORTING), c -> {
        }, c -> await().atMost(PATIENCE).untilAsserted(() -> {
            // reporting publishes a customer's aging whenever it changes: what the ledger says is open.
            TopicLog.Seen aging = l.topics.latest(AGING, c.id() + "/EUR");
            assertThat(aging).isNotNull();
            assertThat(amount(aging.value().path("openAmount"))).isEqualByComparingTo("2050.00");
        })).leftOutWithoutItsService());
        steps.add(Step.each("deduction dispute", List.of(DISPUTES), c -> {
        }, c -> {
            JsonNode opened = l.topics.await(DISPUTES_EVENTS, c.id(), "DisputeOpened",
                    v -> v.path("kind").asText().equals("DEDUCTION"), PATIENCE).value();
            assertThat(opened.path("invoices").get(0).path("invoiceId").asText()).isEqualTo(c.invoice(1));
            assertThat(amount(opened.path("invoices").get(0).path("amount"))).isEqualByComparingTo("50.00");
            l.topics.await(RECEIVABLES_EVENTS, c.id(), "InvoiceDisputed",
                    v -> amount(v.path("amount")).compareTo(new BigDecimal("50.00")) == 0, PATIENCE);
        }).leftOutWithoutItsService());
        steps.add(Step.once("delinquency", List.of(RECEIVABLES), none -> {
            l.today(DELINQUENT_ON);
            Http.post(l.url(RECEIVABLES, "/delinquency/runs?asOf=" + DELINQUENT_ON), l.operator, null).ok();
        }, c -> {
            // 2,000.00 of the second invoice is 5 days past due; the first one's 50.00 is disputed, so left out
            // (undisputed, without disputes-service, it is 19 days past due and counts).
            JsonNode delinquent = l.topics.await(RECEIVABLES_EVENTS, c.id(), "AccountDelinquent",
                    v -> v.path("asOf").asText().equals(DELINQUENT_ON.toString()), PATIENCE).value();
            assertThat(delinquent.path("pastDueAmounts")).hasSize(1);
            assertThat(amount(delinquent.path("pastDueAmounts").get(0).path("amount")))
                    .isEqualByComparingTo(disputes ? "2000.00" : "2050.00");
            assertThat(delinquent.path("daysPastDue").asInt()).isEqualTo(disputes ? 5 : 19);
        }));
        steps.add(Step.each("October invoice", List.of(RECEIVABLES), c -> l.erp.invoice(c.id(), c.invoice(3),
                "2026-10-05", "2026-11-04", "1500.00"), c -> awaitBalance(c, "3550.00")));
        steps.add(Step.each("collections case", List.of(COLLECTIONS), c -> {
        }, c -> l.topics.await(COLLECTIONS_EVENTS, c.id(), "CollectionCaseOpened", v -> true, PATIENCE)));
        steps.add(Step.once("dunning letter", List.of(COLLECTIONS), none -> Http.post(
                l.url(COLLECTIONS, "/dunning/runs?asOf=" + DELINQUENT_ON), l.operator, null).ok(), c -> {
            JsonNode letter = l.topics.await(COLLECTIONS_EVENTS, c.id(), "DunningLetterIssued", v -> true, PATIENCE)
                    .value();
            assertThat(letter.path("items").toString()).contains(c.invoice(2));
            if (disputes) {
                // Never asked for what is disputed.
                assertThat(letter.path("items").toString()).doesNotContain(c.invoice(1));
            }
        }));
        steps.add(Step.each("promise", List.of(COLLECTIONS), c -> Http.post(
                l.url(COLLECTIONS, "/cases/" + openCase(c) + "/promises"), l.collector, """
                        {"currency":"EUR","amount":"2000.00","dueDate":"2026-10-23","invoiceIds":["%s"]}"""
                        .formatted(c.invoice(2))).ok(),
                c -> l.topics.await(COLLECTIONS_EVENTS, c.id(), "PromiseToPayMade",
                        v -> amount(v.path("amount")).compareTo(new BigDecimal("2000.00")) == 0, PATIENCE)));
        steps.add(Step.once("promise broken", List.of(COLLECTIONS), none -> {
            l.today(PROMISE_BROKEN_ON);
            Http.post(l.url(COLLECTIONS, "/dunning/runs?asOf=" + PROMISE_BROKEN_ON), l.operator, null).ok();
        }, c -> {
            JsonNode broken = l.topics.await(COLLECTIONS_EVENTS, c.id(), "PromiseToPayBroken", v -> true, PATIENCE)
                    .value();
            assertThat(amount(broken.path("shortfall"))).isEqualByComparingTo("2000.00");
        }));
        steps.add(Step.once("figures before the payment", List.of(REPORTING), none -> publish(PROMISE_BROKEN_ON), c -> {
            await().atMost(PATIENCE).untilAsserted(() -> {
                TopicLog.Seen aging = l.topics.latest(AGING, c.id() + "/EUR");
                assertThat(aging).isNotNull();
                assertThat(aging.tombstone()).isFalse();
                assertThat(amount(aging.value().path("pastDueAmount"))).isEqualByComparingTo("2050.00");
                assertThat(amount(aging.value().path("disputedAmount"))).isEqualByComparingTo(disputes ? "50.00" : "0");
            });
            // One promise decided in October, and broken.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(kpi(PROMISE_KEPT_RATE_OCTOBER))
                    .isEqualByComparingTo("0"));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(kpi(DSO_OCTOBER)).isPositive());
            kpisBefore.put(DSO_OCTOBER, kpi(DSO_OCTOBER));
            kpisBefore.put(PROMISE_KEPT_RATE_OCTOBER, kpi(PROMISE_KEPT_RATE_OCTOBER));
        }).leftOutWithoutItsService());
        steps.add(Step.each("credit hold on an order check", List.of(CREDIT), c -> {
            // Credit holds the customer on the broken promise by itself; order management asks before releasing.
            l.topics.await(CREDIT_EVENTS, c.id(), "CreditHoldPlaced",
                    v -> v.path("rule").asText().equals("BROKEN_PROMISE"), PATIENCE);
            Http.put(l.url(CREDIT, "/customers/" + c.id() + "/limits/EUR"), l.creditAnalyst,
                    "{\"limit\":\"10000.00\",\"reason\":\"annual review\"}").ok();
        }, c -> {
            JsonNode check = Http.post(l.url(CREDIT, "/credit-checks"), l.orderDesk, """
                    {"orderId":"%s","customerId":"%s","amount":"500.00","currency":"EUR"}"""
                    .formatted(c.order(1), c.id())).ok();
            assertThat(check.path("outcome").asText()).isEqualTo("HELD");
            assertThat(check.path("holdIds")).isNotEmpty();
        }));
        steps.add(Step.each("dispute partially accepted", List.of(DISPUTES), c -> {
            String disputeId = l.topics.await(DISPUTES_EVENTS, c.id(), "DisputeOpened", v -> true, PATIENCE).value()
                    .path("disputeId").asText();
            Http.post(l.url(DISPUTES, "/disputes/" + disputeId + "/review"), l.disputeAnalyst, null).ok();
            Http.post(l.url(DISPUTES, "/disputes/" + disputeId + "/resolution"), l.disputeAnalyst, """
                    {"outcome":"PARTIALLY_ACCEPTED","reason":"one of two pallets damaged",
                     "invoices":[{"invoiceId":"%s","creditAmount":"30.00"}]}""".formatted(c.invoice(1))).ok();
        }, c -> l.topics.await(DISPUTES_EVENTS, c.id(), "DisputeResolved",
                v -> v.path("outcome").asText().equals("PARTIALLY_ACCEPTED"), PATIENCE)).leftOutWithoutItsService());
        steps.add(Step.each("credit note in the ledger", List.of(RECEIVABLES, DISPUTES), c -> {
        }, c -> {
            JsonNode note = l.topics.await(RECEIVABLES_EVENTS, c.id(), "CreditNoteIssued", v -> true, PATIENCE).value();
            assertThat(note.path("invoiceId").asText()).isEqualTo(c.invoice(1));
            assertThat(amount(note.path("amount"))).isEqualByComparingTo("30.00");
            l.topics.await(RECEIVABLES_EVENTS, c.id(), "InvoiceDisputeCleared", v -> true, PATIENCE);
            awaitInvoice(c, c.invoice(1), "openAmount", "20.00");
            // Exactly once: however often the resolution was delivered, one credit note.
            assertThat(l.topics.events(RECEIVABLES_EVENTS, c.id(), "CreditNoteIssued")).hasSize(1);
        }).leftOutWithoutItsService());
        steps.add(Step.each("second promise", List.of(COLLECTIONS), c -> Http.post(
                l.url(COLLECTIONS, "/cases/" + openCase(c) + "/promises"), l.collector, """
                        {"currency":"EUR","amount":"%s","dueDate":"2026-10-30","invoiceIds":["%s","%s"]}"""
                        .formatted(settled, c.invoice(1), c.invoice(2))).ok(),
                c -> l.topics.await(COLLECTIONS_EVENTS, c.id(), "PromiseToPayMade",
                        v -> amount(v.path("amount")).compareTo(new BigDecimal(settled)) == 0, PATIENCE)));
        steps.add(Step.once("next day", List.of(), none -> l.today(PAID_ON), c -> {
        }));
        steps.add(Step.each("payment", List.of(RECEIVABLES), c -> l.erp.payment(c.id(), c.payment(2),
                PAID_ON.toString(), settled, "October statement", c.invoice(2), "2000.00", c.invoice(1), leftOnFirst),
                c -> {
                    awaitBalance(c, "1500.00");
                    l.topics.await(RECEIVABLES_EVENTS, c.id(), "AccountCured", v -> true, PATIENCE);
                }));
        steps.add(Step.each("cured", List.of(COLLECTIONS), c -> {
        }, c -> l.topics.await(COLLECTIONS_EVENTS, c.id(), "CollectionCaseClosed",
                v -> v.path("reason").asText().equals("CURED"), PATIENCE)));
        steps.add(Step.once("promise kept", List.of(COLLECTIONS), none -> Http.post(
                l.url(COLLECTIONS, "/dunning/runs?asOf=" + PAID_ON), l.operator, null).ok(),
                c -> l.topics.await(COLLECTIONS_EVENTS, c.id(), "PromiseToPayKept",
                        v -> amount(v.path("paid")).compareTo(new BigDecimal(settled)) == 0, PATIENCE)));
        steps.add(Step.each("hold released", List.of(CREDIT), c -> {
        }, c -> {
            l.topics.await(CREDIT_EVENTS, c.id(), "CreditHoldReleased", v -> true, PATIENCE);
            JsonNode check = Http.post(l.url(CREDIT, "/credit-checks"), l.orderDesk, """
                    {"orderId":"%s","customerId":"%s","amount":"500.00","currency":"EUR"}"""
                    .formatted(c.order(2), c.id())).ok();
            assertThat(check.path("outcome").asText()).isEqualTo("RELEASED");
        }));
        steps.add(Step.once("reporting", List.of(REPORTING), none -> publish(PAID_ON), c -> {
            // Nothing past due any more; the October invoice (not due yet) is what is owed.
            await().atMost(PATIENCE).untilAsserted(() -> {
                TopicLog.Seen aging = l.topics.latest(AGING, c.id() + "/EUR");
                assertThat(aging.tombstone()).isFalse();
                assertThat(amount(aging.value().path("pastDueAmount"))).isEqualByComparingTo("0");
                assertThat(amount(aging.value().path("openAmount"))).isEqualByComparingTo("1500.00");
                assertThat(amount(aging.value().path("disputedAmount"))).isEqualByComparingTo("0");
            });
            // One promise broken, one kept in October: 50 %. October's DSO fell with the payment.
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(kpi(PROMISE_KEPT_RATE_OCTOBER))
                    .isEqualByComparingTo("50"));
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(kpi(DSO_OCTOBER)).isPositive()
                    .isLessThan(kpisBefore.getOrDefault(DSO_OCTOBER, kpiValues(DSO_OCTOBER).stream()
                            .max(BigDecimal::compareTo).orElseThrow())));
            if (kpisBefore.containsKey(PROMISE_KEPT_RATE_OCTOBER)) {
                assertThat(kpisBefore.get(PROMISE_KEPT_RATE_OCTOBER)).isEqualByComparingTo("0");
            }
            Http.Answer rest = Http.get(l.url(REPORTING, "/aging/customers/" + c.id() + "?asOf=" + PAID_ON), l.reader);
            assertThat(rest.ok().toString()).contains("1500.00");
        }));
        return steps;
    }

    private void publish(LocalDate asOf) {
        Http.post(l.url(REPORTING, "/publications/runs?asOf=" + asOf), l.operator, null).ok();
    }

    /** The latest value of a KPI on reporting's topic. */
    private BigDecimal kpi(String key) {
        TopicLog.Seen latest = l.topics.latest(KPIS, key);
        assertThat(latest).as("a " + key + " record on " + KPIS).isNotNull();
        return amount(latest.value().path("value"));
    }

    private List<BigDecimal> kpiValues(String key) {
        return l.topics.of(KPIS, key).stream().filter(s -> !s.tombstone()).map(s -> amount(s.value().path("value")))
                .toList();
    }

    private String openCase(Customer c) {
        return l.topics.await(COLLECTIONS_EVENTS, c.id(), "CollectionCaseOpened", v -> true, PATIENCE).value()
                .path("caseId").asText();
    }

    void awaitBalance(Customer c, String expected) {
        await().atMost(PATIENCE).pollInterval(java.time.Duration.ofMillis(200)).untilAsserted(() -> {
            Http.Answer answer = Http.get(l.url(RECEIVABLES, "/accounts/" + c.id()), l.reader);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            JsonNode eur = balance(answer.json());
            assertThat(amount(eur.path("balance"))).as(answer.text()).isEqualByComparingTo(expected);
        });
    }

    private void awaitInvoice(Customer c, String invoiceId, String field, String expected) {
        await().atMost(PATIENCE).pollInterval(java.time.Duration.ofMillis(200)).untilAsserted(() -> {
            Http.Answer answer = Http.get(l.url(RECEIVABLES, "/accounts/" + c.id() + "/invoices/" + invoiceId),
                    l.reader);
            assertThat(answer.status()).as(answer.text()).isEqualTo(200);
            assertThat(amount(answer.json().path(field))).as(answer.text()).isEqualByComparingTo(expected);
        });
    }

    private static JsonNode balance(JsonNode account) {
        for (JsonNode balance : account.path("balances")) {
            if (balance.path("currency").asText().equals("EUR")) {
                return balance;
            }
        }
        throw new AssertionError("no EUR balance in " + account);
    }
}
