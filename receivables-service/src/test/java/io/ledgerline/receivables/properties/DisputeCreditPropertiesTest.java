package io.ledgerline.receivables.properties;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.Outcome;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.UpstreamFlows;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * flows.md §2 as properties of the ledger: for any arrival order of receivables' own inputs and disputes' events
 * (each dispute's events in their own order, as one Kafka key keeps them; a dispute's invoices in the ledger before
 * it, since disputes learns of invoices only from receivables) and any redelivery, the credit posted in the
 * ledger is exactly the sum of the credits resolved (never more), and on every invoice disputed + undisputed = open,
 * neither below zero. Redelivery is what the consumer sees: the same message again (its inbox drops it) and, harder,
 * the same DisputeResolved under a new message id (only the ledger's own check stands between it and a second credit).
 */
class DisputeCreditPropertiesTest {

    private static final String CUSTOMER = "C-7";
    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);
    private static final Actor ANALYST = new Actor("analyst.kim", List.of("dispute-analyst"));

    /** A message as the consumer gets it: an id for the inbox, and an ingest input or another service's event. */
    private record Message(String id, Object body) {
    }

    private record Scenario(List<Message> messages, BigDecimal resolvedCredit, int invoices) {
    }

    @Property(tries = 300)
    void the_ledger_credits_exactly_what_was_resolved_and_disputed_plus_undisputed_is_open(@ForAll Random random) {
        Scenario scenario = scenario(random);
        Account account = AccountDecider.initialState(CUSTOMER);
        Set<String> inbox = new HashSet<>();
        for (Message m : scenario.messages()) {
            if (!inbox.add(m.id())) {
                continue;
            }
            Decision decision = m.body() instanceof IngestEvent input ? AccountDecider.decide(input, account)
                    : UpstreamFlows.decide((DomainEvent) m.body(), account, LedgerRules.DEFAULT);
            if (decision instanceof Decision.Accepted a) {
                a.events().forEach(account::evolve);
            }
            for (Account.Invoice invoice : account.invoices()) {
                BigDecimal disputed = account.disputedOpen(invoice);
                BigDecimal undisputed = account.undisputedOpen(invoice);
                assertThat(disputed.signum()).isGreaterThanOrEqualTo(0);
                assertThat(undisputed.signum()).isGreaterThanOrEqualTo(0);
                assertThat(disputed.add(undisputed)).isEqualByComparingTo(invoice.openAmount());
            }
        }
        BigDecimal posted = account.creditNotes().stream().filter(c -> c.id().startsWith("CN-"))
                .map(c -> c.issued().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(posted).isEqualByComparingTo(scenario.resolvedCredit());
        // Every dispute's story ended resolved or withdrawn: no mark is left.
        for (Account.Invoice invoice : account.invoices()) {
            assertThat(account.marks().on(invoice.id())).isEmpty();
        }
    }

    private static Scenario scenario(Random random) {
        int invoiceCount = 1 + random.nextInt(4);
        List<BigDecimal> amounts = new ArrayList<>();
        List<Message> invoices = new ArrayList<>();
        List<Message> ingest = new ArrayList<>();
        for (int n = 1; n <= invoiceCount; n++) {
            BigDecimal amount = cents(random, 10_000, 200_000);
            amounts.add(amount);
            invoices.add(new Message("inv-" + n, new IngestEvent.InvoiceIssued("INV-" + n, CUSTOMER, DAY, DAY.plusDays(30),
                    "EUR", amount, null, null)));
        }
        int payments = random.nextInt(4);
        for (int p = 1; p <= payments; p++) {
            int target = 1 + random.nextInt(invoiceCount);
            BigDecimal paid = cents(random, 1_000, amounts.get(target - 1).movePointRight(2).intValue());
            List<PaymentAllocation> remittance = random.nextBoolean()
                    ? List.of(new PaymentAllocation("INV-" + target, paid)) : null;
            ingest.add(new Message("pay-" + p, new IngestEvent.PaymentReceived("PAY-" + p, CUSTOMER,
                    DAY.plusDays(20 + p), "EUR", paid, PaymentMethod.SEPA, null, remittance)));
        }

        List<List<Message>> streams = new ArrayList<>();
        streams.add(shuffled(ingest, random));
        BigDecimal resolved = BigDecimal.ZERO;
        int disputes = 1 + random.nextInt(3);
        for (int d = 1; d <= disputes; d++) {
            String id = "DSP-" + d;
            Map<String, BigDecimal> disputed = new LinkedHashMap<>();
            for (int n = 1; n <= invoiceCount; n++) {
                if (random.nextInt(2) == 0 || (n == invoiceCount && disputed.isEmpty())) {
                    disputed.put("INV-" + n, cents(random, 100, amounts.get(n - 1).movePointRight(2).intValue()));
                }
            }
            List<Message> story = new ArrayList<>();
            story.add(new Message(id + "-open", new DisputesEvent.DisputeOpened(CUSTOMER, id,
                    DisputesEvent.DisputeKind.DISPUTE, "PRICE", null, "EUR", invoicesOf(disputed), null, null,
                    DAY.plusDays(25), DAY.plusDays(39), ANALYST)));
            int rounds = random.nextInt(3) == 0 ? 2 : 1;
            for (int round = 1; round <= rounds; round++) {
                if (round > 1) {
                    story.add(new Message(id + "-reopen-" + round, new DisputesEvent.DisputeReopened(CUSTOMER, id,
                            "new evidence", "EUR", invoicesOf(disputed), DAY.plusDays(40 + round), ANALYST)));
                }
                if (random.nextInt(4) == 0) {
                    story.add(new Message(id + "-withdrawn-" + round, new DisputesEvent.DisputeClosed(CUSTOMER, id,
                            DisputesEvent.Closure.WITHDRAWN, null, DAY.plusDays(41 + round), ANALYST)));
                    continue;
                }
                String resolutionId = id + "-R" + round;
                List<ResolvedInvoice> lines = new ArrayList<>();
                int k = 0;
                for (var entry : disputed.entrySet()) {
                    BigDecimal credit = switch (random.nextInt(3)) {
                        case 0 -> BigDecimal.ZERO.setScale(2);
                        case 1 -> entry.getValue();
                        default -> cents(random, 0, entry.getValue().movePointRight(2).intValue());
                    };
                    lines.add(new ResolvedInvoice(entry.getKey(), entry.getValue(), credit,
                            credit.signum() > 0 ? "CN-" + resolutionId + "-" + (++k) : null));
                    resolved = resolved.add(credit);
                }
                var resolution = new DisputesEvent.DisputeResolved(CUSTOMER, id, resolutionId,
                        Outcome.PARTIALLY_ACCEPTED, "EUR", lines, "decided", DAY.plusDays(41 + round), ANALYST, null);
                story.add(new Message(id + "-resolved-" + round, resolution));
                if (random.nextBoolean()) {
                    // The same resolution published again under a new id (a producer replaying its outbox after a
                    // restore): the inbox cannot tell, the ledger must.
                    story.add(new Message(id + "-resolved-" + round + "-again", resolution));
                }
            }
            if (random.nextBoolean()) {
                // The opening published again under a new id after the case was settled: no new mark.
                story.add(new Message(id + "-open-again", story.getFirst().body()));
            }
            streams.add(story);
        }
        // Invoices come before the disputes that name them (disputes knows invoices only from receivables' own
        // events); everything after that arrives in any order.
        List<Message> merged = new ArrayList<>(shuffled(invoices, random));
        merged.addAll(interleave(streams, random));
        // Redelivery: copies of random messages, later in the sequence, under their own ids.
        int copies = random.nextInt(merged.size() + 1);
        for (int c = 0; c < copies; c++) {
            int from = random.nextInt(merged.size());
            int to = from + 1 + random.nextInt(merged.size() - from);
            merged.add(to, merged.get(from));
        }
        return new Scenario(merged, resolved, invoiceCount);
    }

    private static List<DisputedInvoice> invoicesOf(Map<String, BigDecimal> disputed) {
        return disputed.entrySet().stream().map(e -> new DisputedInvoice(e.getKey(), e.getValue())).toList();
    }

    /** A random merge of several sequences, each keeping its own order. */
    private static List<Message> interleave(List<List<Message>> streams, Random random) {
        List<Message> out = new ArrayList<>();
        Map<Integer, Integer> next = new HashMap<>();
        int left = streams.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int s = random.nextInt(streams.size());
            int at = next.getOrDefault(s, 0);
            if (at < streams.get(s).size()) {
                out.add(streams.get(s).get(at));
                next.put(s, at + 1);
                left--;
            }
        }
        return out;
    }

    private static List<Message> shuffled(List<Message> messages, Random random) {
        List<Message> copy = new ArrayList<>(messages);
        java.util.Collections.shuffle(copy, random);
        return copy;
    }

    /** An amount of whole cents from {@code minCents} to {@code maxCents}. */
    private static BigDecimal cents(Random random, int minCents, int maxCents) {
        int bound = Math.max(1, maxCents - minCents + 1);
        return BigDecimal.valueOf(minCents + random.nextInt(bound), 2);
    }
}
