package io.ledgerline.reporting.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

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
        TreeSet<LocalDate> changes = new TreeSet<>();
        changes.add(invoice.issueDate());
        movements.forEach(m -> {
            changes.add(m.date());
            LocalDate r = returnedOn(m, returned);
            if (r != null) {
                changes.add(r);
            }
        });
        marks.forEach(m -> changes.add(m.date()));
        if (cancelled != null) {
            changes.add(cancelled);
        }
        List<ItemSpan> spans = new ArrayList<>();
        for (LocalDate day : changes.tailSet(invoice.issueDate(), true)) {
            BigDecimal open = BigDecimal.ZERO;
            boolean moved = false;
            if (cancelled == null || cancelled.isAfter(day)) {
                for (Movement m : movements) {
                    if (!m.date().isAfter(day) && !returnedBy(m, returned, day)) {
                        open = open.add(m.amount());
                        moved = true;
                    }
                }
            }
            BigDecimal disputed = BigDecimal.ZERO;
            for (Mark mark : marks) {
                if (!mark.date().isAfter(day)) {
                    disputed = disputed.add(mark.amount());
                }
            }
            // Listed only with something open (a sum of its movements that is not zero), as the fact query says.
            ItemSpan span = moved && open.signum() != 0 ? new ItemSpan(invoice, day, null, open, disputed) : null;
            close(spans, day);
            ItemSpan last = spans.isEmpty() ? null : spans.getLast();
            if (span != null) {
                if (last != null && last.until() != null && last.until().equals(day)
                        && last.openAmount().compareTo(open) == 0 && last.disputed().compareTo(disputed) == 0) {
                    spans.set(spans.size() - 1, new ItemSpan(invoice, last.from(), null, last.openAmount(),
                            last.disputed()));
                } else {
                    spans.add(span);
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
        TreeSet<String> currencies = new TreeSet<>();
        sources.forEach(s -> currencies.add(s.currency()));
        applications.forEach(m -> currencies.add(m.currency()));
        List<UnappliedSpan> spans = new ArrayList<>();
        for (String currency : currencies) {
            TreeSet<LocalDate> changes = new TreeSet<>();
            sources.stream().filter(s -> s.currency().equals(currency)).forEach(s -> {
                changes.add(s.date());
                if ("PAYMENT".equals(s.kind()) && returned.containsKey(s.sourceId())) {
                    changes.add(returned.get(s.sourceId()));
                }
            });
            applications.stream().filter(m -> m.currency().equals(currency)).forEach(m -> {
                changes.add(m.date());
                LocalDate r = returnedOn(m, returned);
                if (r != null) {
                    changes.add(r);
                }
                if (cancelled.containsKey(m.invoiceId())) {
                    changes.add(cancelled.get(m.invoiceId()));
                }
            });
            List<UnappliedSpan> mine = new ArrayList<>();
            for (LocalDate day : changes) {
                BigDecimal amount = BigDecimal.ZERO;
                for (Source s : sources) {
                    LocalDate r = "PAYMENT".equals(s.kind()) ? returned.get(s.sourceId()) : null;
                    if (s.currency().equals(currency) && !s.date().isAfter(day) && (r == null || r.isAfter(day))) {
                        amount = amount.add(s.amount());
                    }
                }
                for (Movement m : applications) {
                    LocalDate c = cancelled.get(m.invoiceId());
                    if (m.currency().equals(currency) && m.application() && !m.date().isAfter(day)
                            && !returnedBy(m, returned, day) && (c == null || c.isAfter(day))) {
                        amount = amount.add(m.amount());
                    }
                }
                if (!mine.isEmpty() && mine.getLast().until() == null) {
                    UnappliedSpan last = mine.getLast();
                    if (last.amount().compareTo(amount) == 0) {
                        continue;
                    }
                    mine.set(mine.size() - 1, new UnappliedSpan(customerId, currency, last.from(), day,
                            last.amount()));
                }
                if (amount.signum() != 0) {
                    mine.add(new UnappliedSpan(customerId, currency, day, null, amount));
                }
            }
            spans.addAll(mine);
        }
        return spans;
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

    private static boolean returnedBy(Movement m, Map<String, LocalDate> returned, LocalDate day) {
        LocalDate r = returnedOn(m, returned);
        return r != null && !r.isAfter(day);
    }
}
