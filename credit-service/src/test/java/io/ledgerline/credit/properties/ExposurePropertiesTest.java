package io.ledgerline.credit.properties;

import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Exposure;
import io.ledgerline.credit.domain.Policies;
import io.ledgerline.credit.domain.Upstream;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exposure is open AR + open released orders − open disputed amounts, whatever order the three sources arrive in: the
 * receivables topic, the disputes topic and credit's own order checks each keep their own order, and are interleaved
 * at random. The expected figures are worked out from the generated truth, not from credit's code.
 */
class ExposurePropertiesTest {

    private static final String C = "C-PROP";
    private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
    private final CreditPolicy policy = Policies.defaults();

    /** One customer's history as each source tells it, and what exposure must come to. */
    record Scenario(List<DomainEvent> receivables, List<DomainEvent> disputes, List<CreditEvent> orders,
                    BigDecimal openAr, BigDecimal openOrders, BigDecimal disputed) {
    }

    @Property(tries = 300)
    void exposure_is_open_ar_plus_open_orders_minus_disputed_for_any_arrival_order(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 14) int invoices, @ForAll long interleaving) {
        Scenario scenario = scenario(new Random(seed), invoices);

        Exposure exposure = Exposure.of(fold(scenario, new Random(interleaving)), policy, DAY, "EUR");

        assertThat(exposure.openAr()).isEqualByComparingTo(scenario.openAr());
        assertThat(exposure.openOrders()).isEqualByComparingTo(scenario.openOrders());
        assertThat(exposure.disputedExcluded()).isEqualByComparingTo(scenario.disputed());
        assertThat(exposure.total()).isEqualByComparingTo(
                scenario.openAr().add(scenario.openOrders()).subtract(scenario.disputed()));
    }

    @Property(tries = 200)
    void two_arrival_orders_of_the_same_history_give_the_same_exposure(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 14) int invoices, @ForAll long first,
            @ForAll long second) {
        Scenario scenario = scenario(new Random(seed), invoices);
        Exposure a = Exposure.of(fold(scenario, new Random(first)), policy, DAY, "EUR");
        Exposure b = Exposure.of(fold(scenario, new Random(second)), policy, DAY, "EUR");
        assertThat(a.total()).isEqualByComparingTo(b.total());
        assertThat(a.heldOrders()).isEqualByComparingTo(b.heldOrders());
    }

    /** Folds the three sources in one random interleaving that keeps each source's own order. */
    private CustomerCredit fold(Scenario scenario, Random random) {
        CustomerCredit credit = new CustomerCredit(C);
        int r = 0;
        int d = 0;
        int o = 0;
        while (r < scenario.receivables().size() || d < scenario.disputes().size() || o < scenario.orders().size()) {
            int pick = random.nextInt(3);
            if (pick == 0 && r < scenario.receivables().size()) {
                CreditDecider.observe(credit, List.of(upstream(scenario.receivables().get(r++))), policy, DAY);
            } else if (pick == 1 && d < scenario.disputes().size()) {
                CreditDecider.observe(credit, List.of(upstream(scenario.disputes().get(d++))), policy, DAY);
            } else if (pick == 2 && o < scenario.orders().size()) {
                credit.file().evolve(scenario.orders().get(o++));
            }
        }
        return credit;
    }

    private static Upstream upstream(DomainEvent event) {
        return new Upstream(new EventReference("test", UUID.randomUUID().toString(), event.getClass().getSimpleName()),
                event);
    }

    private static Scenario scenario(Random random, int invoiceCount) {
        List<DomainEvent> receivables = new ArrayList<>();
        List<DomainEvent> disputes = new ArrayList<>();
        List<CreditEvent> orders = new ArrayList<>();
        Map<String, BigDecimal> open = new HashMap<>();
        Set<String> cancelled = new HashSet<>();
        Set<String> invoicedOrders = new HashSet<>();
        BigDecimal unapplied = BigDecimal.ZERO;

        int orderCount = random.nextInt(6);
        for (int i = 0; i < invoiceCount; i++) {
            String id = "INV-" + i;
            BigDecimal amount = money(random, 5000);
            String po = orderCount > 0 && random.nextInt(4) == 0 ? "SO-" + random.nextInt(orderCount) : null;
            if (po != null) {
                invoicedOrders.add(po);
            }
            receivables.add(new ReceivablesEvent.InvoiceIssued(C, id, DAY.minusDays(60 - i), DAY.minusDays(30 - i),
                    "EUR", amount, po, null));
            open.put(id, amount);
            switch (random.nextInt(5)) {
                case 0 -> {
                    // paid in part (or in full), with some money left unapplied
                    BigDecimal paid = money(random, amount.intValue() + 200);
                    BigDecimal applied = paid.min(amount);
                    receivables.add(new ReceivablesEvent.PaymentReceived(C, "PAY-" + i, DAY.minusDays(10), "EUR",
                            paid, PaymentMethod.SEPA, id, List.of()));
                    receivables.add(new ReceivablesEvent.PaymentApplied(C, SourceKind.PAYMENT, "PAY-" + i, id, "EUR",
                            applied, DAY.minusDays(10), ApplicationRule.REFERENCE));
                    open.put(id, amount.subtract(applied));
                    unapplied = unapplied.add(paid.subtract(applied));
                }
                case 1 -> {
                    receivables.add(new ReceivablesEvent.InvoiceCancelled(C, id, DAY.minusDays(5), "duplicate"));
                    cancelled.add(id);
                    open.put(id, BigDecimal.ZERO);
                }
                case 2 -> {
                    BigDecimal off = money(random, amount.intValue()).min(amount);
                    receivables.add(new ReceivablesEvent.InvoiceWrittenOff(C, id, "WO-" + i, "EUR", off,
                            DAY.minusDays(3), "small balance", null, true, null, "SMALL_BALANCE"));
                    open.put(id, amount.subtract(off));
                }
                case 3 -> {
                    BigDecimal credit = money(random, amount.intValue()).min(amount);
                    receivables.add(new ReceivablesEvent.CreditNoteIssued(C, "CN-" + i, DAY.minusDays(4), "EUR",
                            credit, id, "damaged"));
                    receivables.add(new ReceivablesEvent.PaymentApplied(C, SourceKind.CREDIT_NOTE, "CN-" + i, id,
                            "EUR", credit, DAY.minusDays(4), ApplicationRule.CREDIT_NOTE_INVOICE));
                    open.put(id, amount.subtract(credit));
                }
                default -> {
                }
            }
        }

        // Disputes: some invoices disputed (sometimes for more than is open), some of them settled again.
        Map<String, BigDecimal> disputedOpen = new HashMap<>();
        for (int i = 0; i < invoiceCount; i++) {
            if (random.nextInt(3) == 0) {
                String invoiceId = "INV-" + i;
                BigDecimal amount = money(random, 3000);
                String disputeId = "DSP-" + i;
                disputes.add(new DisputesEvent.DisputeOpened(C, disputeId, DisputesEvent.DisputeKind.DISPUTE, "PRICE",
                        null, "EUR", List.of(new DisputesEvent.DisputedInvoice(invoiceId, amount)), null, null,
                        DAY.minusDays(8), DAY.plusDays(10), null));
                if (random.nextBoolean()) {
                    disputes.add(new DisputesEvent.DisputeClosed(C, disputeId, DisputesEvent.Closure.WITHDRAWN, null,
                            DAY.minusDays(2), null));
                } else {
                    disputedOpen.merge(invoiceId, amount, BigDecimal::add);
                }
            }
        }

        // Orders credit checked: released or held, some cancelled, some held ones rejected or released by hand.
        BigDecimal openOrders = BigDecimal.ZERO;
        for (int i = 0; i < orderCount; i++) {
            String orderId = "SO-" + i;
            BigDecimal amount = money(random, 4000);
            boolean held = random.nextBoolean();
            orders.add(new CreditEvent.OrderCreditChecked(C, orderId, "EUR", amount,
                    held ? CreditEvent.CheckOutcome.HELD : CreditEvent.CheckOutcome.RELEASED, List.of(), "EUR",
                    BigDecimal.ZERO, amount, BigDecimal.TEN, List.of(), DAY.minusDays(3), DAY.plusDays(27)));
            boolean released = !held;
            switch (random.nextInt(4)) {
                case 0 -> {
                    orders.add(new CreditEvent.OrderClosed(C, orderId, CreditEvent.OrderClosure.CANCELLED, null,
                            DAY.minusDays(1)));
                    released = false;
                }
                case 1 -> {
                    if (held) {
                        orders.add(new CreditEvent.OrderReleased(C, orderId, "EUR", amount, "ok", DAY.minusDays(1),
                                null));
                        released = true;
                    }
                }
                case 2 -> {
                    if (held) {
                        orders.add(new CreditEvent.OrderRejected(C, orderId, "EUR", amount, "no", DAY.minusDays(1),
                                null));
                    }
                }
                default -> {
                }
            }
            if (released && !invoicedOrders.contains(orderId)) {
                openOrders = openOrders.add(amount);
            }
        }

        BigDecimal openAr = open.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).subtract(unapplied);
        BigDecimal disputed = BigDecimal.ZERO;
        for (var entry : disputedOpen.entrySet()) {
            BigDecimal stillOpen = open.get(entry.getKey());
            if (!cancelled.contains(entry.getKey()) && stillOpen.signum() > 0) {
                disputed = disputed.add(entry.getValue().min(stillOpen));
            }
        }
        return new Scenario(receivables, disputes, orders, openAr, openOrders, disputed);
    }

    /** 0.01 up to max (at least 0.01), two decimals. */
    private static BigDecimal money(Random random, int max) {
        long cents = 1 + (long) random.nextInt(Math.max(1, max) * 100);
        return BigDecimal.valueOf(cents, 2);
    }
}
