package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Delinquency as a pure function of the ledger and an as-of date: an account is delinquent when any open item is past
 * due by more than the grace period. Nothing here reads a clock, so the same ledger and date always give the same
 * answer, and replaying the same history gives the same sequence of delinquency events.
 */
public final class Delinquency {

    /**
     * The oldest past-due item decides the days and the bucket; the amounts are all past-due items per currency.
     * {@code disputedExcluded} names the past-due amounts left out because open disputes mark them (flows.md §2):
     * they stay owed but do not make the account delinquent.
     */
    public record Status(LocalDate asOf, boolean delinquent, LocalDate oldestDueDate, int daysPastDue,
                         List<CurrencyAmount> pastDueAmounts, String bucket, List<DisputedItem> disputedExcluded) {

        public Status(LocalDate asOf, boolean delinquent, LocalDate oldestDueDate, int daysPastDue,
                      List<CurrencyAmount> pastDueAmounts, String bucket) {
            this(asOf, delinquent, oldestDueDate, daysPastDue, pastDueAmounts, bucket, List.of());
        }
    }

    /** A past-due invoice's disputed part, left out of delinquency, and the disputes that mark it. */
    public record DisputedItem(String invoiceId, LocalDate dueDate, String currency, BigDecimal amount,
                               List<String> disputeIds) {
    }

    private Delinquency() {
    }

    public static Status evaluate(Account account, LocalDate asOf, LedgerRules rules) {
        LocalDate oldest = null;
        Map<String, BigDecimal> pastDue = new TreeMap<>();
        List<DisputedItem> excluded = new java.util.ArrayList<>();
        for (Account.Invoice invoice : account.invoices()) {
            long days = ChronoUnit.DAYS.between(invoice.issued().dueDate(), asOf);
            // The date first: it is one subtraction, and most invoices of a live ledger are not past the grace period
            // yet, so their open amounts (arithmetic over applications, adjustments and write-offs) are not worked out.
            if (days <= rules.delinquencyGraceDays() || invoice.isCancelled()) {
                continue;
            }
            BigDecimal open = invoice.openAmount();
            if (open.signum() <= 0) {
                continue;
            }
            BigDecimal disputed = account.disputedOpen(invoice);
            if (disputed.signum() > 0) {
                excluded.add(new DisputedItem(invoice.id(), invoice.issued().dueDate(), invoice.currency(), disputed,
                        List.copyOf(account.marks().on(invoice.id()).keySet())));
            }
            BigDecimal undisputed = open.subtract(disputed);
            if (undisputed.signum() <= 0) {
                continue;
            }
            pastDue.merge(invoice.currency(), undisputed, BigDecimal::add);
            if (oldest == null || invoice.issued().dueDate().isBefore(oldest)) {
                oldest = invoice.issued().dueDate();
            }
        }
        if (oldest == null) {
            return new Status(asOf, false, null, 0, List.of(), null, List.copyOf(excluded));
        }
        int days = (int) ChronoUnit.DAYS.between(oldest, asOf);
        return new Status(asOf, true, oldest, days,
                pastDue.entrySet().stream().map(e -> new CurrencyAmount(e.getKey(), e.getValue())).toList(),
                rules.buckets().nameOf(days), List.copyOf(excluded));
    }

    /**
     * The event the account's delinquency calls for at {@code asOf}, if any: delinquent when it was not, delinquent
     * again when its oldest past-due item is in another bucket than last said, cured when nothing is past due beyond
     * the grace period. Saying a better bucket too (a partial payment that settles the oldest item) keeps the last
     * word true, so the next move to a worse bucket is said again and no state is ever skipped.
     */
    public static Optional<ReceivablesEvent> transition(Account account, LocalDate asOf, LedgerRules rules) {
        Status now = evaluate(account, asOf, rules);
        ReceivablesEvent.AccountDelinquent before = account.delinquency();
        if (now.delinquent()) {
            boolean moved = before == null || !before.bucket().equals(now.bucket());
            return moved ? Optional.of(new ReceivablesEvent.AccountDelinquent(account.customerId(), asOf,
                    now.oldestDueDate(), now.daysPastDue(), now.pastDueAmounts(), now.bucket())) : Optional.empty();
        }
        return before != null ? Optional.of(new ReceivablesEvent.AccountCured(account.customerId(), asOf)) : Optional.empty();
    }
}
