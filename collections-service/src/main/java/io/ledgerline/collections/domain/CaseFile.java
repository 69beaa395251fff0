package io.ledgerline.collections.domain;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;
import io.ledgerline.events.collections.CollectionsEvent.PauseScope;
import io.ledgerline.events.common.Actor;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What collections itself decided about one customer, folded from its own events: the case (one open at a time),
 * its dunning level, holds, promises, plans, contacts, the customer's contact wishes, letters and call tasks.
 */
public final class CaseFile {

    public enum CaseStatus { OPEN, CLOSED }

    public static final class Case {
        public final String caseId;
        public final String strategy;
        public final LocalDate openedOn;
        public CaseStatus status = CaseStatus.OPEN;
        public int level;
        public String levelName;
        public LocalDate levelReachedOn;
        public String collector;
        public CollectionsEvent.CaseClosure closure;
        public LocalDate closedOn;
        public CollectionsEvent.EscalationTarget escalatedTo;
        public int brokenPromises;

        Case(String caseId, String strategy, LocalDate openedOn) {
            this.caseId = caseId;
            this.strategy = strategy;
            this.openedOn = openedOn;
        }

        Case copy() {
            Case c = new Case(caseId, strategy, openedOn);
            c.status = status;
            c.level = level;
            c.levelName = levelName;
            c.levelReachedOn = levelReachedOn;
            c.collector = collector;
            c.closure = closure;
            c.closedOn = closedOn;
            c.escalatedTo = escalatedTo;
            c.brokenPromises = brokenPromises;
            return c;
        }
    }

    /** A pause of dunning for a scope; active on a day from {@code from} through {@code to} unless resumed before. */
    public record Hold(String holdId, String caseId, PauseScope scope, String invoiceId, String currency,
                       BigDecimal amount, String reasonCode, String sourceId, String note, LocalDate from,
                       LocalDate to, LocalDate resumedOn, Actor by) {

        public boolean activeOn(LocalDate day) {
            return !day.isBefore(from) && (to == null || !day.isAfter(to))
                    && (resumedOn == null || day.isBefore(resumedOn));
        }

        /** Ended for good: resumed, or its last day has passed as of {@code day}. */
        public boolean endedBy(LocalDate day) {
            return resumedOn != null || (to != null && day.isAfter(to));
        }

        Hold resumed(LocalDate on) {
            return new Hold(holdId, caseId, scope, invoiceId, currency, amount, reasonCode, sourceId, note, from, to,
                    on, by);
        }
    }

    public enum PromiseStatus { OPEN, KEPT, BROKEN }

    public record Promise(String promiseId, String caseId, String currency, BigDecimal amount, LocalDate dueDate,
                          List<String> invoiceIds, LocalDate madeOn, PromiseStatus status, BigDecimal paid,
                          LocalDate decidedOn) {
    }

    public enum PlanStatus { ACTIVE, BROKEN, COMPLETED }

    public record Plan(String planId, String caseId, String currency, BigDecimal total,
                       List<CollectionsEvent.Instalment> instalments, List<String> invoiceIds, LocalDate agreedOn,
                       Set<Integer> missed, PlanStatus status) {
    }

    public record LoggedContact(String contactId, String caseId, ContactChannel channel, ContactDirection direction,
                                ContactOutcome outcome, Instant at, String contactName, String notes, Actor by) {
    }

    /** An inbound inquiry: answered by the next outbound contact, overdue once its response window passed. */
    public record Inquiry(String contactId, String caseId, Instant receivedAt, Instant answeredAt, boolean overdue) {
    }

    public record Letter(String letterId, String caseId, int level, CollectionsEvent.LetterChannel channel,
                         String email, LocalDate issuedOn) {
    }

    public record CallTask(String taskId, String caseId, int level, String reason, LocalDate dueDate) {
    }

    public final String customerId;
    /** The cases in the order they opened; the last one may be open. */
    public final List<Case> cases = new ArrayList<>();
    public final Map<String, Hold> holds = new LinkedHashMap<>();
    public final Map<String, Promise> promises = new LinkedHashMap<>();
    public final Map<String, Plan> plans = new LinkedHashMap<>();
    public final List<LoggedContact> contacts = new ArrayList<>();
    public final Map<String, Inquiry> inquiries = new LinkedHashMap<>();
    public final Map<String, Letter> letters = new LinkedHashMap<>();
    public final Map<String, CallTask> callTasks = new LinkedHashMap<>();
    /** {@code caseId/invoiceId/level}: a step goes out at most once per item and level of a case. */
    public final Set<String> dunned = new HashSet<>();
    /** Invoices a write-off was proposed for (once per invoice and case). */
    public final Set<String> writeOffsProposed = new HashSet<>();
    /** E-mail addresses that bounced: the next written step to them becomes a call task. */
    public final Set<String> bouncedAddresses = new TreeSet<>();
    public boolean ceaseCommunication;
    public Set<ContactChannel> optedOut = Set.of();

    public CaseFile(String customerId) {
        this.customerId = customerId;
    }

    public Case openCase() {
        if (cases.isEmpty()) {
            return null;
        }
        Case last = cases.getLast();
        return last.status == CaseStatus.OPEN ? last : null;
    }

    public Case findCase(String caseId) {
        return cases.stream().filter(c -> c.caseId.equals(caseId)).findFirst().orElse(null);
    }

    public static String dunnedKey(String caseId, String invoiceId, int level) {
        return caseId + "/" + invoiceId + "/" + level;
    }

    public void evolve(CollectionsEvent event) {
        switch (event) {
            case CollectionsEvent.CollectionCaseOpened e -> cases.add(new Case(e.caseId(), e.strategy(), e.asOf()));
            case CollectionsEvent.CollectionCaseAssigned e -> withCase(e.caseId(), c -> c.collector = e.collector());
            case CollectionsEvent.CollectionCaseClosed e -> withCase(e.caseId(), c -> {
                c.status = CaseStatus.CLOSED;
                c.closure = e.reason();
                c.closedOn = e.asOf();
            });
            case CollectionsEvent.DunningLevelReached e -> withCase(e.caseId(), c -> {
                c.level = e.level();
                c.levelName = e.levelName();
                c.levelReachedOn = e.asOf();
            });
            case CollectionsEvent.DunningLetterIssued e -> {
                letters.put(e.letterId(), new Letter(e.letterId(), e.caseId(), e.level(), e.channel(),
                        e.recipient() == null ? null : e.recipient().email(), e.issuedDate()));
                e.items().forEach(item -> dunned.add(dunnedKey(e.caseId(), item.invoiceId(), e.level())));
            }
            case CollectionsEvent.DunningPaused e -> holds.put(e.holdId(), new Hold(e.holdId(), e.caseId(), e.scope(),
                    e.invoiceId(), e.currency(), e.amount(), e.reasonCode(), e.sourceId(), e.note(), e.from(), e.to(),
                    null, e.by()));
            case CollectionsEvent.DunningResumed e -> holds.computeIfPresent(e.holdId(),
                    (id, hold) -> hold.resumed(e.resumedDate()));
            case CollectionsEvent.ContactLogged e -> {
                contacts.add(new LoggedContact(e.contactId(), e.caseId(), e.channel(), e.direction(), e.outcome(),
                        e.contactedAt(), e.contactName(), e.notes(), e.by()));
                if (e.direction() == ContactDirection.INBOUND) {
                    inquiries.put(e.contactId(), new Inquiry(e.contactId(), e.caseId(), e.contactedAt(), null, false));
                } else if (e.outcome() == ContactOutcome.BOUNCED) {
                    if (e.contactName() != null) {
                        bouncedAddresses.add(e.contactName().toLowerCase(java.util.Locale.ROOT));
                    }
                } else if (answers(e.outcome())) {
                    inquiries.replaceAll((id, inquiry) -> inquiry.answeredAt() == null
                            && !e.contactedAt().isBefore(inquiry.receivedAt())
                            ? new Inquiry(id, inquiry.caseId(), inquiry.receivedAt(), e.contactedAt(), inquiry.overdue())
                            : inquiry);
                }
            }
            case CollectionsEvent.InquiryResponseOverdue e -> inquiries.computeIfPresent(e.contactId(),
                    (id, inquiry) -> new Inquiry(id, inquiry.caseId(), inquiry.receivedAt(), inquiry.answeredAt(), true));
            case CollectionsEvent.PromiseToPayMade e -> promises.put(e.promiseId(), new Promise(e.promiseId(),
                    e.caseId(), e.currency(), e.amount(), e.dueDate(),
                    e.invoiceIds() == null ? List.of() : List.copyOf(e.invoiceIds()), e.madeDate(),
                    PromiseStatus.OPEN, BigDecimal.ZERO, null));
            case CollectionsEvent.PromiseToPayKept e -> promises.computeIfPresent(e.promiseId(), (id, p) ->
                    new Promise(id, p.caseId(), p.currency(), p.amount(), p.dueDate(), p.invoiceIds(), p.madeOn(),
                            PromiseStatus.KEPT, e.paid(), e.asOf()));
            case CollectionsEvent.PromiseToPayBroken e -> {
                Promise broken = promises.computeIfPresent(e.promiseId(), (id, p) ->
                        new Promise(id, p.caseId(), p.currency(), p.amount(), p.dueDate(), p.invoiceIds(), p.madeOn(),
                                PromiseStatus.BROKEN, e.paid(), e.asOf()));
                if (broken != null && broken.caseId() != null) {
                    withCase(broken.caseId(), c -> c.brokenPromises++);
                }
            }
            case CollectionsEvent.PaymentPlanAgreed e -> plans.put(e.planId(), new Plan(e.planId(), e.caseId(),
                    e.currency(), e.total(), List.copyOf(e.instalments()),
                    e.invoiceIds() == null ? List.of() : List.copyOf(e.invoiceIds()), e.agreedDate(), new TreeSet<>(),
                    PlanStatus.ACTIVE));
            case CollectionsEvent.InstalmentMissed e -> {
                Plan plan = plans.get(e.planId());
                if (plan != null) {
                    plan.missed().add(e.instalment());
                }
            }
            case CollectionsEvent.PaymentPlanBroken e -> plans.computeIfPresent(e.planId(), (id, p) ->
                    new Plan(id, p.caseId(), p.currency(), p.total(), p.instalments(), p.invoiceIds(), p.agreedOn(),
                            p.missed(), PlanStatus.BROKEN));
            case CollectionsEvent.AccountEscalated e -> withCase(e.caseId(), c -> c.escalatedTo = e.to());
            case CollectionsEvent.WriteOffProposed e -> writeOffsProposed.add(e.caseId() + "/" + e.invoiceId());
            case CollectionsEvent.ContactPreferencesChanged e -> {
                ceaseCommunication = e.ceaseCommunication();
                optedOut = e.optedOutChannels() == null ? Set.of() : Set.copyOf(e.optedOutChannels());
            }
            case CollectionsEvent.ContactRuleOverridden e -> {
                // The override is on record; the contact it allowed is its own ContactLogged.
            }
            case CollectionsEvent.CallTaskCreated e -> callTasks.put(e.taskId(),
                    new CallTask(e.taskId(), e.caseId(), e.level(), e.reason(), e.dueDate()));
        }
        // A plan whose hold ended because it was paid is complete.
        if (event instanceof CollectionsEvent.DunningResumed e && "PLAN_COMPLETED".equals(e.reasonCode())) {
            Hold hold = holds.get(e.holdId());
            if (hold != null && hold.sourceId() != null) {
                plans.computeIfPresent(hold.sourceId(), (id, p) -> new Plan(id, p.caseId(), p.currency(), p.total(),
                        p.instalments(), p.invoiceIds(), p.agreedOn(), p.missed(), PlanStatus.COMPLETED));
            }
        }
    }

    /** An outbound contact that reached the customer, or left word, answers its open inquiries. */
    private static boolean answers(ContactOutcome outcome) {
        return outcome == ContactOutcome.REACHED || outcome == ContactOutcome.LEFT_MESSAGE
                || outcome == ContactOutcome.DELIVERED;
    }

    private void withCase(String caseId, java.util.function.Consumer<Case> change) {
        Case found = findCase(caseId);
        if (found != null) {
            change.accept(found);
        }
    }

    public Instant lastContactAt() {
        return contacts.stream().map(LoggedContact::at).max(Instant::compareTo).orElse(null);
    }

    public CaseFile copy() {
        CaseFile c = new CaseFile(customerId);
        cases.forEach(k -> c.cases.add(k.copy()));
        c.holds.putAll(holds);
        c.promises.putAll(promises);
        plans.forEach((k, p) -> c.plans.put(k, new Plan(p.planId(), p.caseId(), p.currency(), p.total(),
                p.instalments(), p.invoiceIds(), p.agreedOn(), new TreeSet<>(p.missed()), p.status())));
        c.contacts.addAll(contacts);
        c.inquiries.putAll(inquiries);
        c.letters.putAll(letters);
        c.callTasks.putAll(callTasks);
        c.dunned.addAll(dunned);
        c.writeOffsProposed.addAll(writeOffsProposed);
        c.bouncedAddresses.addAll(bouncedAddresses);
        c.ceaseCommunication = ceaseCommunication;
        c.optedOut = optedOut;
        return c;
    }
}
