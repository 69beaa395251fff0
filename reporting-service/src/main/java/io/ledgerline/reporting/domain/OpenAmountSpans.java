package io.ledgerline.reporting.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An invoice's open amount, and a customer's unapplied money, as step functions of the as-of date: the same as-of
 * rules as the fact queries (an invoice cancelled by D holds nothing on D; a payment returned by D pays nothing on D,
 * its applications undone), worked out once per change of the facts instead of at every read. A span holds from its
 * first day to the day before {@code until} ({@code until} null: from then on); only spans where something is open
 * (or unapplied) are kept.
 */
public final class OpenAmountSpans {

    private OpenAmountSpans() {
    }

    public record Invoice(String customerId, String invoiceId, String currency, LocalDate issueDate,
                          LocalDate dueDate) {
    }

    /** A signed change of an invoice's open amount; {@code sourceKind}/{@code sourceId} name the payment applied. */
    public record Movement(String invoiceId, String currency, String kind, String sourceKind, String sourceId,
                           BigDecimal amount, LocalDate date) {

        boolean application() {
            return "APPLIED".equals(kind) || "UNAPPLIED".equals(kind);
        }
    }

    /** A dispute mark on an invoice: + disputed, − cleared. */
    public record Mark(String invoiceId, BigDecimal amount, LocalDate date) {
    }

    /** A payment or credit note. */
    public record Source(String kind, String sourceId, String currency, BigDecimal amount, LocalDate date) {
    }

    public record ItemSpan(Invoice invoice, LocalDate from, LocalDate until, BigDecimal openAmount,
                           BigDecimal disputed) {
    }

    public record UnappliedSpan(String customerId, String currency, LocalDate from, LocalDate until,
                                BigDecimal amount) {
    }

    /**
     * The spans of one invoice.
     *
     * @param movements the invoice's movements
     * @param cancelled the date it was cancelled, or null
     * @param returned  the return date of each of the customer's returned payments
     * @param marks     the invoice's dispute marks
     */
    public static List<ItemSpan> invoice(Invoice invoice, Collection<Movement> movements, LocalDate cancelled,
                                         Map<String, LocalDate> returned, Collection<Mark> marks) {
        // One sweep over the days where something changes: each movement counts from its date until its payment is
        // returned (if ever), nothing counts from the cancel date; marks add up from their dates.
        TreeMap<LocalDate, Delta> deltas = new TreeMap<>();
        deltas.put(invoice.issueDate(), new Delta());
        for (Movement m : movements) {
            LocalDate until = earliest(returnedOn(m, returned), cancelled);
            if (until == null || until.isAfter(m.date())) {
                deltas.computeIfAbsent(m.date(), d -> new Delta()).add(m.amount(), 1);
                if (until != null) {
                    deltas.computeIfAbsent(until, d -> new Delta()).add(m.amount().negate(), -1);
                }
            }
        }
        for (Mark mark : marks) {
            deltas.computeIfAbsent(mark.date(), d -> new Delta()).mark(mark.amount());
        }
        if (cancelled != null) {
            deltas.computeIfAbsent(cancelled, d -> new Delta());
        }
        List<ItemSpan> spans = new ArrayList<>();
        BigDecimal open = BigDecimal.ZERO;
        BigDecimal disputed = BigDecimal.ZERO;
        int counted = 0;
        for (Map.Entry<LocalDate, Delta> change : deltas.entrySet()) {
            Delta delta = change.getValue();
            open = open.add(delta.amount);
            disputed = disputed.add(delta.marks);
            counted += delta.count;
            LocalDate day = change.getKey();
            if (day.isBefore(invoice.issueDate())) {
                continue;
            }
            // Listed only with something open (a sum of its movements that is not zero), as the fact query says.
            boolean listed = counted > 0 && open.signum() != 0 && (cancelled == null || cancelled.isAfter(day));
            close(spans, day);
            ItemSpan last = spans.isEmpty() ? null : spans.getLast();
            if (listed) {
                if (last != null && last.until() != null && last.until().equals(day)
                        && last.openAmount().compareTo(open) == 0 && last.disputed().compareTo(disputed) == 0) {
                    spans.set(spans.size() - 1, new ItemSpan(invoice, last.from(), null, last.openAmount(),
                            last.disputed()));
                } else {
                    spans.add(new ItemSpan(invoice, day, null, open, disputed));
                }
            }
        }
        return spans;
    }

    /**
     * A customer's unapplied money per currency: sources not returned, plus applications (negative) and
     * unapplications of payments not returned to invoices not cancelled.
     *
     * @param applications the customer's APPLIED and UNAPPLIED movements
     * @param cancelled    the cancel date of each cancelled invoice of the customer
     */
    public static List<UnappliedSpan> unapplied(String customerId, Collection<Source> sources,
                                                Collection<Movement> applications,
                                                Map<String, LocalDate> cancelled, Map<String, LocalDate> returned) {
        // Per currency, one sweep: each source counts from its date until it is returned, each application from its
        // date until its payment is returned or its invoice cancelled.
        Map<String, TreeMap<LocalDate, Delta>> byCurrency = new TreeMap<>();
        for (Source s : sources) {
            LocalDate until = "PAYMENT".equals(s.kind()) ? returned.get(s.sourceId()) : null;
            span(byCurrency, s.currency(), s.amount(), s.date(), until);
        }
        for (Movement m : applications) {
            if (m.application()) {
                span(byCurrency, m.currency(), m.amount(), m.date(),
                        earliest(returnedOn(m, returned), cancelled.get(m.invoiceId())));
            }
        }
        List<UnappliedSpan> spans = new ArrayList<>();
        byCurrency.forEach((currency, deltas) -> {
            BigDecimal amount = BigDecimal.ZERO;
            UnappliedSpan open = null;
            for (Map.Entry<LocalDate, Delta> change : deltas.entrySet()) {
                BigDecimal next = amount.add(change.getValue().amount);
                if (open != null && next.compareTo(amount) == 0) {
                    continue;
                }
                if (open != null) {
                    spans.add(new UnappliedSpan(customerId, currency, open.from(), change.getKey(), open.amount()));
                    open = null;
                }
                amount = next;
                if (amount.signum() != 0) {
                    open = new UnappliedSpan(customerId, currency, change.getKey(), null, amount);
                }
            }
            if (open != null) {
                spans.add(open);
            }
        });
        return spans;
    }

    private static void span(Map<String, TreeMap<LocalDate, Delta>> byCurrency, String currency, BigDecimal amount,
                             LocalDate from, LocalDate until) {
        if (until != null && !until.isAfter(from)) {
            return;
        }
        TreeMap<LocalDate, Delta> deltas = byCurrency.computeIfAbsent(currency, c -> new TreeMap<>());
        deltas.computeIfAbsent(from, d -> new Delta()).add(amount, 1);
        if (until != null) {
            deltas.computeIfAbsent(until, d -> new Delta()).add(amount.negate(), -1);
        }
    }

    /** What changes on one day. */
    private static final class Delta {
        BigDecimal amount = BigDecimal.ZERO;
        BigDecimal marks = BigDecimal.ZERO;
        int count;

        void add(BigDecimal change, int counted) {
            amount = amount.add(change);
            count += counted;
        }

        void mark(BigDecimal change) {
            marks = marks.add(change);
        }
    }

    private static LocalDate earliest(LocalDate a, LocalDate b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** Ends the open-ended last span the day before {@code day}. */
    private static void close(List<ItemSpan> spans, LocalDate day) {
        if (!spans.isEmpty() && spans.getLast().until() == null) {
            ItemSpan last = spans.getLast();
            spans.set(spans.size() - 1, new ItemSpan(last.invoice(), last.from(), day, last.openAmount(),
                    last.disputed()));
        }
    }

    private static LocalDate returnedOn(Movement m, Map<String, LocalDate> returned) {
        return "PAYMENT".equals(m.sourceKind()) && m.sourceId() != null ? returned.get(m.sourceId()) : null;
    }
}
