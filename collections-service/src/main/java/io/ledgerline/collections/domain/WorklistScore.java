package io.ledgerline.collections.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A case's place on its collector's worklist: a sum of weighted factors, every one shown with its points so a
 * collector can see why a case is first. The weights are configuration
 * ({@code ledgerline.collections.worklist.*}):
 *
 * <pre>
 * score = amount × log10(1 + amount past due)
 *       + days × days past due
 *       + risk[risk class]
 *       + broken-promise × broken promises in the case
 *       + promise-due-today (when an open promise is due today)
 *       + since-contact × min(days since the last contact, cap)   (never contacted counts as the cap)
 *       + inquiry-overdue (an unanswered inquiry past its SLA) or inquiry-open (one still within it)
 *       + call-task × open call tasks
 * </pre>
 */
public final class WorklistScore {

    public record Weights(BigDecimal amount, BigDecimal days, Map<String, BigDecimal> risk,
                          BigDecimal brokenPromise, BigDecimal promiseDueToday, BigDecimal sinceContact,
                          int contactDaysCap, BigDecimal inquiryOverdue, BigDecimal inquiryOpen, BigDecimal callTask) {
        public Weights {
            risk = Map.copyOf(risk);
        }
    }

    /** What the score of a case is made of. */
    public record Inputs(BigDecimal amountPastDue, int daysPastDue, String riskClass, int brokenPromises,
                         LocalDate openPromiseDue, LocalDate lastContact, boolean inquiryOverdue, boolean inquiryOpen,
                         int openCallTasks) {
    }

    public record Factor(String factor, String value, BigDecimal points) {
    }

    public record Score(BigDecimal total, List<Factor> factors) {
    }

    private WorklistScore() {
    }

    public static Score score(Inputs in, Weights w, LocalDate today) {
        List<Factor> factors = new ArrayList<>();
        double amount = in.amountPastDue() == null ? 0 : Math.max(0, in.amountPastDue().doubleValue());
        add(factors, "amountPastDue", plain(in.amountPastDue()), w.amount().multiply(BigDecimal.valueOf(Math.log10(1 + amount))));
        add(factors, "daysPastDue", String.valueOf(in.daysPastDue()), w.days().multiply(BigDecimal.valueOf(in.daysPastDue())));
        add(factors, "riskClass", in.riskClass() == null ? "unknown" : in.riskClass(),
                in.riskClass() == null ? BigDecimal.ZERO : w.risk().getOrDefault(in.riskClass(), BigDecimal.ZERO));
        add(factors, "brokenPromises", String.valueOf(in.brokenPromises()),
                w.brokenPromise().multiply(BigDecimal.valueOf(in.brokenPromises())));
        boolean dueToday = today.equals(in.openPromiseDue());
        add(factors, "promiseDueToday", String.valueOf(dueToday), dueToday ? w.promiseDueToday() : BigDecimal.ZERO);
        long since = in.lastContact() == null ? w.contactDaysCap()
                : Math.min(w.contactDaysCap(), Math.max(0, ChronoUnit.DAYS.between(in.lastContact(), today)));
        add(factors, "daysSinceLastContact", in.lastContact() == null ? "never" : String.valueOf(since),
                w.sinceContact().multiply(BigDecimal.valueOf(since)));
        BigDecimal inquiry = in.inquiryOverdue() ? w.inquiryOverdue() : in.inquiryOpen() ? w.inquiryOpen() : BigDecimal.ZERO;
        add(factors, "inquiry", in.inquiryOverdue() ? "overdue" : in.inquiryOpen() ? "open" : "none", inquiry);
        add(factors, "openCallTasks", String.valueOf(in.openCallTasks()),
                w.callTask().multiply(BigDecimal.valueOf(in.openCallTasks())));
        BigDecimal total = factors.stream().map(Factor::points).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(1, RoundingMode.HALF_UP);
        return new Score(total, factors);
    }

    private static void add(List<Factor> factors, String name, String value, BigDecimal points) {
        factors.add(new Factor(name, value, points.setScale(1, RoundingMode.HALF_UP)));
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "0" : amount.toPlainString();
    }
}
