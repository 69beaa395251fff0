package io.ledgerline.collections.domain;

import io.ledgerline.collections.domain.CaseFile.Hold;
import io.ledgerline.events.collections.CollectionsEvent.DunnedItem;
import io.ledgerline.events.collections.CollectionsEvent.PauseScope;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What may be asked for as of a day: each past-due invoice's open amount less what is on hold (disputed, promised,
 * in a plan, or held by a collector), and only as far as the customer's unapplied cash and credits in that currency
 * do not already cover it. Never chase what is paid: this is worked out again, from the ledger as collections knows
 * it, at the moment a letter is produced.
 */
public record DunnableItems(List<DunnedItem> items, List<CurrencyAmount> totals, boolean accountOnHold) {

    public int daysPastDue() {
        return items.stream().mapToInt(DunnedItem::daysPastDue).max().orElse(0);
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public static DunnableItems asOf(Ledger ledger, CaseFile file, LocalDate day) {
        List<Hold> active = file.holds.values().stream().filter(h -> h.activeOn(day)).toList();
        if (active.stream().anyMatch(h -> h.scope() == PauseScope.ACCOUNT)) {
            return new DunnableItems(List.of(), List.of(), true);
        }
        Map<String, BigDecimal> held = new HashMap<>();
        for (Hold hold : active) {
            BigDecimal part = hold.scope() == PauseScope.INVOICE ? null : hold.amount();
            held.merge(hold.invoiceId(), part == null ? MAX : part, (a, b) -> a == MAX || b == MAX ? MAX : a.add(b));
        }
        List<DunnedItem> candidates = new ArrayList<>();
        for (Ledger.Item item : ledger.items()) {
            if (item.dueDate == null || item.currency == null || !item.dueDate.isBefore(day)) {
                continue;
            }
            BigDecimal open = item.open().subtract(held.getOrDefault(item.invoiceId, BigDecimal.ZERO));
            if (open.signum() > 0) {
                candidates.add(new DunnedItem(item.invoiceId, item.dueDate,
                        (int) ChronoUnit.DAYS.between(item.dueDate, day), item.currency, open));
            }
        }
        // Money already sent covers the oldest items first, as cash application would place it.
        candidates.sort(Comparator.comparing(DunnedItem::dueDate).thenComparing(DunnedItem::invoiceId));
        Map<String, BigDecimal> cover = new HashMap<>(ledger.unappliedByCurrency());
        List<DunnedItem> items = new ArrayList<>();
        Map<String, BigDecimal> totals = new LinkedHashMap<>();
        for (DunnedItem candidate : candidates) {
            BigDecimal available = cover.getOrDefault(candidate.currency(), BigDecimal.ZERO);
            BigDecimal used = available.min(candidate.amount());
            cover.put(candidate.currency(), available.subtract(used));
            BigDecimal rest = candidate.amount().subtract(used);
            if (rest.signum() > 0) {
                DunnedItem item = new DunnedItem(candidate.invoiceId(), candidate.dueDate(), candidate.daysPastDue(),
                        candidate.currency(), rest);
                items.add(item);
                totals.merge(item.currency(), rest, BigDecimal::add);
            }
        }
        List<CurrencyAmount> totalList = totals.entrySet().stream()
                .map(e -> new CurrencyAmount(e.getKey(), e.getValue())).toList();
        return new DunnableItems(List.copyOf(items), totalList, false);
    }

    /** Marks a whole invoice on hold; larger than any amount. */
    private static final BigDecimal MAX = new BigDecimal("1E30");
}
