package io.ledgerline.collections.domain;

import io.ledgerline.collections.domain.CaseFile.Case;
import io.ledgerline.collections.domain.CaseFile.Hold;
import io.ledgerline.collections.domain.CaseFile.Plan;
import io.ledgerline.collections.domain.CaseFile.PlanStatus;
import io.ledgerline.collections.domain.CaseFile.Promise;
import io.ledgerline.collections.domain.CaseFile.PromiseStatus;
import io.ledgerline.collections.domain.Policy.Action;
import io.ledgerline.collections.domain.Policy.Level;
import io.ledgerline.collections.domain.Policy.Strategy;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.collections.CollectionsEvent.ContactChannel;
import io.ledgerline.events.collections.CollectionsEvent.ContactDirection;
import io.ledgerline.events.collections.CollectionsEvent.ContactOutcome;
import io.ledgerline.events.collections.CollectionsEvent.DunnedItem;
import io.ledgerline.events.collections.CollectionsEvent.LetterChannel;
import io.ledgerline.events.collections.CollectionsEvent.PauseScope;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The decisions of collections for one customer, as pure functions of the account, the policy and the day:
 * <ul>
 *   <li>{@link #onFact}: what a fact from another service means (a case opens on the first AccountDelinquent and
 *   closes on AccountCured; a dispute pauses dunning on its items until it is resolved or withdrawn);</li>
 *   <li>{@link #decide}: people's commands (holds, promises, plans, contacts under the contact rules, ...);</li>
 *   <li>{@link #run}: the time-driven decisions for a business day (promises kept or broken, instalments missed,
 *   holds expired, inquiries overdue, dunning levels and their letters, calls and escalations). Each outcome says
 *   the day it was decided for and is recorded once: running the same day again finds nothing left to decide.</li>
 * </ul>
 * Nothing here reads a clock or makes an id by chance: the day, the instant and the {@link IdSource} come in.
 */
public final class CollectionsDecider {

    public static final String DISPUTE = "DISPUTE";
    public static final String PROMISE_TO_PAY = "PROMISE_TO_PAY";
    public static final String PAYMENT_PLAN = "PAYMENT_PLAN";
    /** Holds that follow their source (a dispute, a promise, a plan) and end with it, never by hand. */
    public static final Set<String> SYSTEM_HOLD_REASONS = Set.of(DISPUTE, PROMISE_TO_PAY, PAYMENT_PLAN);
    private static final BigDecimal HUNDRED = new BigDecimal("100");
    /** The business dates accepted (ingest-v1.md's range): beyond them a date is a typo, and may not even add up. */
    static final LocalDate FIRST_DATE = LocalDate.of(1970, 1, 1);
    static final LocalDate LAST_DATE = LocalDate.of(2199, 12, 31);
    /** A plan's instalments: at most ten years of monthly ones, each falling due within ten years. */
    static final int MAX_INSTALMENTS = 120;
    static final int MAX_PLAN_YEARS = 10;

    /** Makes the ids of new things (cases, holds, letters, ...). */
    @FunctionalInterface
    public interface IdSource {
        String next(String prefix);
    }

    /** Who gives a command, and when (the business day and the instant). */
    public record Context(LocalDate today, Instant now, Actor by, IdSource ids) {
    }

    private CollectionsDecider() {
    }

    // ---------------------------------------------------------------------------------------------- facts

    /**
     * What a fact means for the case file, decided on the account after the fact was absorbed into its ledger.
     * {@code source} is the fact's CloudEvent (for CollectionCaseOpened.sourceEvent).
     */
    public static List<CollectionsEvent> onFact(DomainEvent fact, EventReference source, CollectionAccount account,
                                                Policy policy, IdSource ids) {
        CaseFile file = account.file();
        Ledger ledger = account.ledger();
        String customer = account.customerId();
        List<CollectionsEvent> events = new ArrayList<>();
        switch (fact) {
            case ReceivablesEvent.AccountDelinquent e -> {
                if (file.openCase() == null && ledger.delinquency == e) {
                    BigDecimal pastDue = ledger.pastDueTotal();
                    Policy.Segment segment = policy.segmentOf(ledger.countryCode, ledger.riskClass, pastDue);
                    events.add(new CollectionsEvent.CollectionCaseOpened(customer, ids.next("CASE"),
                            segment.strategy(), e.daysPastDue(), e.pastDueAmounts(), source, e.asOf()));
                }
            }
            case ReceivablesEvent.AccountCured e -> {
                Case open = file.openCase();
                if (open != null && ledger.delinquency == null) {
                    events.add(new CollectionsEvent.CollectionCaseClosed(customer, open.caseId,
                            CollectionsEvent.CaseClosure.CURED, "nothing is past due any more", e.asOf(), null));
                }
            }
            case DisputesEvent.DisputeOpened e -> pauseForDispute(customer, e.disputeId(), e.currency(),
                    e.invoices(), e.openedDate(), file, ids, events);
            case DisputesEvent.DisputeReopened e -> pauseForDispute(customer, e.disputeId(), e.currency(),
                    e.invoices(), e.reopenedDate(), file, ids, events);
            case DisputesEvent.DisputeResolved e -> resumeForDispute(e.disputeId(), "DISPUTE_RESOLVED",
                    e.resolvedDate(), file, events, customer);
            case DisputesEvent.DisputeClosed e -> resumeForDispute(e.disputeId(), "DISPUTE_CLOSED", e.closedDate(),
                    file, events, customer);
            default -> {
            }
        }
        return events;
    }

    private static void pauseForDispute(String customer, String disputeId, String currency,
                                        List<DisputesEvent.DisputedInvoice> invoices, LocalDate from, CaseFile file,
                                        IdSource ids, List<CollectionsEvent> events) {
        Case open = file.openCase();
        for (DisputesEvent.DisputedInvoice invoice : invoices) {
            boolean alreadyHeld = file.holds.values().stream().anyMatch(h -> disputeId.equals(h.sourceId())
                    && DISPUTE.equals(h.reasonCode()) && invoice.invoiceId().equals(h.invoiceId())
                    && h.resumedOn() == null);
            if (!alreadyHeld) {
                events.add(new CollectionsEvent.DunningPaused(customer, ids.next("HOLD"),
                        open == null ? null : open.caseId, PauseScope.PART_OF_INVOICE, invoice.invoiceId(), currency,
                        invoice.amount(), DISPUTE, disputeId, "disputed", from, null, null));
            }
        }
    }

    private static void resumeForDispute(String disputeId, String reason, LocalDate on, CaseFile file,
                                         List<CollectionsEvent> events, String customer) {
        for (Hold hold : file.holds.values()) {
            if (disputeId.equals(hold.sourceId()) && DISPUTE.equals(hold.reasonCode()) && hold.resumedOn() == null) {
                events.add(new CollectionsEvent.DunningResumed(customer, hold.holdId(), hold.caseId(), hold.scope(),
                        hold.invoiceId(), reason, on, null));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- commands

    public static Decision decide(CaseCommand command, CollectionAccount account, Policy policy, Context context) {
        try {
            return Decision.accept(switch (command) {
                case CaseCommand.PlaceHold c -> placeHold(c, account, policy, context);
                case CaseCommand.ReleaseHold c -> releaseHold(c, account, context);
                case CaseCommand.MakePromise c -> makePromise(c, account, policy, context);
                case CaseCommand.AgreePlan c -> agreePlan(c, account, context);
                case CaseCommand.LogContact c -> logContact(c, account, policy, context);
                case CaseCommand.ChangeContactPreferences c -> changePreferences(c, context);
                case CaseCommand.AssignCase c -> assign(c, account, context);
                case CaseCommand.Escalate c -> escalate(c, account, context);
                case CaseCommand.ProposeWriteOff c -> proposeWriteOff(c, account, context);
                case CaseCommand.RecordBounce c -> recordBounce(c, account);
                case CaseCommand.CloseCase c -> closeCase(c, account, context);
            });
        } catch (Refused refused) {
            return Decision.reject(refused.rejection);
        }
    }

    private static List<CollectionsEvent> placeHold(CaseCommand.PlaceHold c, CollectionAccount account, Policy policy,
                                                    Context context) {
        require(account.ledger().knowsCustomer(), Rejection.notFound("customerId", "UNKNOWN_CUSTOMER",
                "collections knows no customer " + c.customerId()));
        require(c.scope() != null, Rejection.invalid("scope", "MISSING_FIELD", "scope is required: ACCOUNT, INVOICE or PART_OF_INVOICE"));
        require(c.reasonCode() != null && !c.reasonCode().isBlank(), Rejection.invalid("reasonCode", "MISSING_FIELD",
                "reasonCode is required"));
        require(policy.holdReasons().contains(c.reasonCode()), Rejection.invalid("reasonCode", "UNKNOWN_HOLD_REASON",
                "reasonCode must be one of the catalogue " + new java.util.TreeSet<>(policy.holdReasons())
                        + " (disputes, promises and plans pause dunning by themselves)"));
        LocalDate from = c.from() == null ? context.today() : c.from();
        requireDate(from, "from");
        if (c.to() != null) {
            requireDate(c.to(), "to");
        }
        require(c.to() == null || !c.to().isBefore(from), Rejection.invalid("to", "END_BEFORE_START",
                "to (" + c.to() + ") lies before from (" + from + ")"));
        // Only a part of an invoice has an amount: one sent with another scope would be dropped, and more held than
        // the collector asked for.
        require(c.scope() == PauseScope.PART_OF_INVOICE || c.amount() == null, Rejection.invalid("amount",
                "NOT_ALLOWED", "an amount is held only with scope PART_OF_INVOICE; scope " + c.scope()
                        + " holds the whole " + (c.scope() == PauseScope.ACCOUNT ? "account" : "invoice")));
        require(c.scope() == PauseScope.PART_OF_INVOICE || c.currency() == null, Rejection.invalid("currency",
                "NOT_ALLOWED", "a currency goes with the amount of scope PART_OF_INVOICE"));
        String currency = null;
        BigDecimal amount = null;
        if (c.scope() != PauseScope.ACCOUNT) {
            require(c.invoiceId() != null, Rejection.invalid("invoiceId", "MISSING_FIELD",
                    "invoiceId is required for scope " + c.scope()));
            Ledger.Item item = knownInvoice(account, c.invoiceId(), "invoiceId");
            if (c.scope() == PauseScope.PART_OF_INVOICE) {
                require(c.amount() != null, Rejection.invalid("amount", "MISSING_FIELD",
                        "amount is required for scope PART_OF_INVOICE"));
                currency = c.currency() == null ? item.currency : c.currency();
                require(currency.equals(item.currency), Rejection.invalid("currency", "CURRENCY_MISMATCH",
                        "invoice " + item.invoiceId + " is in " + item.currency));
                amount = Money.positive(c.amount(), currency, "amount");
                require(amount.compareTo(item.amount.add(item.adjustments)) <= 0, Rejection.refused("amount",
                        "AMOUNT_EXCEEDS_INVOICE", "the part on hold cannot exceed the invoice's "
                                + item.amount.add(item.adjustments).toPlainString() + " " + item.currency));
            }
        } else {
            require(c.invoiceId() == null, Rejection.invalid("invoiceId", "NOT_ALLOWED",
                    "a hold of the whole account names no invoice"));
        }
        Case open = account.file().openCase();
        return List.of(new CollectionsEvent.DunningPaused(c.customerId(), context.ids().next("HOLD"),
                open == null ? null : open.caseId, c.scope(), c.invoiceId(), currency, amount, c.reasonCode(), null,
                c.note(), from, c.to(), context.by()));
    }

    private static List<CollectionsEvent> releaseHold(CaseCommand.ReleaseHold c, CollectionAccount account,
                                                      Context context) {
        Hold hold = account.file().holds.get(c.holdId());
        require(hold != null, Rejection.notFound("holdId", "UNKNOWN_HOLD", "there is no hold " + c.holdId()));
        require(!SYSTEM_HOLD_REASONS.contains(hold.reasonCode()), Rejection.refused("holdId",
                "HOLD_FOLLOWS_ITS_SOURCE", "a " + hold.reasonCode() + " hold ends with its " + hold.reasonCode()
                        .toLowerCase(Locale.ROOT).replace('_', ' ') + ", not by hand"));
        require(!hold.endedBy(context.today()), Rejection.refused("holdId", "HOLD_ALREADY_ENDED",
                "hold " + hold.holdId() + " has already ended"));
        return List.of(new CollectionsEvent.DunningResumed(c.customerId(), hold.holdId(), hold.caseId(), hold.scope(),
                hold.invoiceId(), "RELEASED", context.today(), context.by()));
    }

    private static List<CollectionsEvent> makePromise(CaseCommand.MakePromise c, CollectionAccount account,
                                                      Policy policy, Context context) {
        Case open = requireOpenCase(account);
        String currency = Money.currency(c.currency(), "currency");
        BigDecimal amount = Money.positive(c.amount(), currency, "amount");
        require(c.dueDate() != null, Rejection.invalid("dueDate", "MISSING_FIELD", "dueDate is required"));
        require(!c.dueDate().isBefore(context.today()), Rejection.invalid("dueDate", "DATE_IN_PAST",
                "a promise is due today or later, not " + c.dueDate()));
        require(!c.dueDate().isAfter(context.today().plusDays(policy.promises().maxDaysAhead())),
                Rejection.refused("dueDate", "PROMISE_TOO_FAR", "a promise is due within "
                        + policy.promises().maxDaysAhead() + " days"));
        List<String> invoices = invoiceIds(c.invoiceIds());
        for (int i = 0; i < invoices.size(); i++) {
            Ledger.Item item = knownInvoice(account, invoices.get(i), "invoiceIds[" + i + "]");
            require(currency.equals(item.currency), Rejection.invalid("invoiceIds[" + i + "]", "CURRENCY_MISMATCH",
                    "invoice " + item.invoiceId + " is in " + item.currency + ", the promise in " + currency));
        }
        requireWithinOpen(account, currency, invoices, amount, "amount", "the promise");
        require(account.file().promises.values().stream().noneMatch(p -> p.status() == PromiseStatus.OPEN),
                Rejection.refused("PROMISE_ALREADY_OPEN", "the customer has an open promise; it is kept or broken first"));
        account.file().plans.values().stream()
                .filter(p -> p.status() == PlanStatus.ACTIVE
                        && overlap(p.currency(), p.invoiceIds(), currency, invoices))
                .findFirst().ifPresent(p -> require(false, Rejection.refused("invoiceIds", "COVERED_BY_PLAN",
                        "payment plan " + p.planId() + " in good standing covers " + coverage(p.invoiceIds())
                                + ": a payment would count toward the plan and the promise at once")));
        String promiseId = context.ids().next("PTP");
        LocalDate lastDay = c.dueDate().plusDays(policy.promises().graceDays());
        List<CollectionsEvent> events = new ArrayList<>();
        events.add(new CollectionsEvent.PromiseToPayMade(c.customerId(), promiseId, open.caseId, currency, amount,
                c.dueDate(), invoices, c.contactId(), context.today(), context.by()));
        pause(c.customerId(), open.caseId, invoices, PROMISE_TO_PAY, promiseId, "promised to pay "
                + amount.toPlainString() + " " + currency + " by " + c.dueDate(), context.today(), lastDay,
                context, events);
        return events;
    }

    private static List<CollectionsEvent> agreePlan(CaseCommand.AgreePlan c, CollectionAccount account,
                                                    Context context) {
        Case open = requireOpenCase(account);
        String currency = Money.currency(c.currency(), "currency");
        require(c.instalments() != null && !c.instalments().isEmpty(), Rejection.invalid("instalments",
                "MISSING_FIELD", "a plan has at least one instalment"));
        require(c.instalments().size() <= MAX_INSTALMENTS, Rejection.invalid("instalments", "TOO_MANY_INSTALMENTS",
                "a plan has at most " + MAX_INSTALMENTS + " instalments, not " + c.instalments().size()));
        List<CollectionsEvent.Instalment> instalments = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        LocalDate previous = null;
        for (int i = 0; i < c.instalments().size(); i++) {
            CaseCommand.InstalmentTerms terms = c.instalments().get(i);
            String field = "instalments[" + i + "]";
            require(terms != null && terms.dueDate() != null, Rejection.invalid(field + ".dueDate", "MISSING_FIELD",
                    "each instalment has a dueDate"));
            require(!terms.dueDate().isBefore(context.today()), Rejection.invalid(field + ".dueDate",
                    "DATE_IN_PAST", "an instalment is due today or later"));
            require(previous == null || terms.dueDate().isAfter(previous), Rejection.invalid(field + ".dueDate",
                    "NOT_IN_ORDER", "instalments are due one after another"));
            // Each instalment's deadline (due date + grace) is worked out by every run: it must be a date.
            require(!terms.dueDate().isAfter(context.today().plusYears(MAX_PLAN_YEARS)), Rejection.invalid(
                    field + ".dueDate", "DATE_OUT_OF_RANGE", "a plan's instalments fall due within "
                            + MAX_PLAN_YEARS + " years"));
            BigDecimal amount = Money.positive(terms.amount(), currency, field + ".amount");
            instalments.add(new CollectionsEvent.Instalment(i + 1, terms.dueDate(), amount));
            total = total.add(amount);
            previous = terms.dueDate();
        }
        List<String> invoices = invoiceIds(c.invoiceIds());
        for (int i = 0; i < invoices.size(); i++) {
            Ledger.Item item = knownInvoice(account, invoices.get(i), "invoiceIds[" + i + "]");
            require(currency.equals(item.currency), Rejection.invalid("invoiceIds[" + i + "]", "CURRENCY_MISMATCH",
                    "invoice " + item.invoiceId + " is in " + item.currency));
        }
        requireWithinOpen(account, currency, invoices, total, "instalments", "the plan's instalments");
        require(account.file().plans.values().stream().noneMatch(p -> p.status() == PlanStatus.ACTIVE),
                Rejection.refused("PLAN_ALREADY_ACTIVE", "the customer has a payment plan in good standing"));
        account.file().promises.values().stream()
                .filter(p -> p.status() == PromiseStatus.OPEN
                        && overlap(p.currency(), p.invoiceIds(), currency, invoices))
                .findFirst().ifPresent(p -> require(false, Rejection.refused("invoiceIds", "COVERED_BY_PROMISE",
                        "open promise " + p.promiseId() + " covers " + coverage(p.invoiceIds()) + ": it is kept or"
                                + " broken first, or the plan names other invoices")));
        String planId = context.ids().next("PLAN");
        List<CollectionsEvent> events = new ArrayList<>();
        events.add(new CollectionsEvent.PaymentPlanAgreed(c.customerId(), planId, open.caseId, currency, total,
                instalments, invoices, context.today(), context.by()));
        pause(c.customerId(), open.caseId, invoices, PAYMENT_PLAN, planId, "payment plan of "
                + instalments.size() + " instalments", context.today(), null, context, events);
        return events;
    }

    /**
     * Whether a promise and a plan would count the same payments: payments are counted per currency, to the invoices
     * named (or to any invoice when none are).
     */
    private static boolean overlap(String currencyA, List<String> invoicesA, String currencyB, List<String> invoicesB) {
        return currencyA.equals(currencyB) && (invoicesA.isEmpty() || invoicesB.isEmpty()
                || !java.util.Collections.disjoint(invoicesA, invoicesB));
    }

    private static String coverage(List<String> invoices) {
        return invoices.isEmpty() ? "the whole account" : String.join(", ", invoices);
    }

    /** The invoice ids a promise or plan names, each once; a null or blank one is refused naming its place. */
    private static List<String> invoiceIds(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        for (int i = 0; i < ids.size(); i++) {
            require(ids.get(i) != null && !ids.get(i).isBlank(), Rejection.invalid("invoiceIds[" + i + "]",
                    "MISSING_FIELD", "invoiceIds[" + i + "] must name an invoice"));
        }
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    /**
     * A promise or plan covers at most what is open in its currency: on the invoices it names, else on all the
     * customer's invoices. More could never be paid toward it (payments are counted only as applied to invoices), so
     * it would be broken by construction, or kept at a threshold that means nothing.
     */
    private static void requireWithinOpen(CollectionAccount account, String currency, List<String> invoices,
                                          BigDecimal amount, String field, String what) {
        BigDecimal open = BigDecimal.ZERO;
        for (Ledger.Item item : account.ledger().items()) {
            if (currency.equals(item.currency) && (invoices.isEmpty() || invoices.contains(item.invoiceId))) {
                open = open.add(item.open());
            }
        }
        require(amount.compareTo(open) <= 0, Rejection.refused(field, "AMOUNT_EXCEEDS_OPEN", what + " of "
                + amount.toPlainString() + " " + currency + " is more than the " + open.toPlainString() + " " + currency
                + " open " + (invoices.isEmpty() ? "on the account" : "on " + String.join(", ", invoices))));
    }

    private static void pause(String customer, String caseId, List<String> invoices, String reason, String sourceId,
                              String note, LocalDate from, LocalDate to, Context context,
                              List<CollectionsEvent> events) {
        if (invoices.isEmpty()) {
            events.add(new CollectionsEvent.DunningPaused(customer, context.ids().next("HOLD"), caseId,
                    PauseScope.ACCOUNT, null, null, null, reason, sourceId, note, from, to, context.by()));
        } else {
            for (String invoice : invoices) {
                events.add(new CollectionsEvent.DunningPaused(customer, context.ids().next("HOLD"), caseId,
                        PauseScope.INVOICE, invoice, null, null, reason, sourceId, note, from, to, context.by()));
            }
        }
    }

    private static List<CollectionsEvent> logContact(CaseCommand.LogContact c, CollectionAccount account,
                                                     Policy policy, Context context) {
        require(account.ledger().knowsCustomer() || !account.file().cases.isEmpty(),
                Rejection.notFound("customerId", "UNKNOWN_CUSTOMER", "collections knows no customer " + c.customerId()));
        require(c.channel() != null, Rejection.invalid("channel", "MISSING_FIELD", "channel is required"));
        require(c.direction() != null, Rejection.invalid("direction", "MISSING_FIELD", "direction is required"));
        require(c.outcome() != null, Rejection.invalid("outcome", "MISSING_FIELD", "outcome is required"));
        Instant at = c.contactedAt() == null ? context.now() : c.contactedAt();
        require(!at.isBefore(FIRST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant()), Rejection.invalid("contactedAt",
                "DATE_OUT_OF_RANGE", "contactedAt must not be before " + FIRST_DATE));
        require(!at.isAfter(context.now().plusSeconds(300)), Rejection.invalid("contactedAt", "DATE_IN_FUTURE",
                "a contact is logged when it happened, not before; ask /contact-checks to plan one"));
        Case open = account.file().openCase();
        String caseId = open == null ? null : open.caseId;
        String contactId = context.ids().next("CON");
        List<CollectionsEvent> events = new ArrayList<>();
        if (c.direction() == ContactDirection.OUTBOUND) {
            Policy.ContactPack pack = packOf(account, policy);
            List<ContactRules.Violation> violations = check(account, policy, new ContactRules.Attempt(c.channel(),
                    c.direction(), at, c.purpose()));
            if (!violations.isEmpty()) {
                if (c.overrideReason() == null || c.overrideReason().isBlank()) {
                    throw new Refused(new Rejection(Rejection.Kind.REFUSED, "CONTACT_RULE_VIOLATED", null,
                            violations.stream().map(v -> v.rule() + ": " + v.message())
                                    .collect(java.util.stream.Collectors.joining("; ")),
                            violations.stream().map(ContactRules.Violation::rule).toList()));
                }
                // What the customer asked for (a written cease request, a channel opted out of) is theirs to lift,
                // not a supervisor's: Regulation F allows no exception beyond the notices the rule names (1006.6(c),
                // 1006.14(h)), and a business customer's opt-out is the same kind of request.
                List<String> customersOwn = violations.stream().map(ContactRules.Violation::rule)
                        .filter(ContactRules.NOT_OVERRIDABLE::contains).toList();
                require(customersOwn.isEmpty(), new Rejection(Rejection.Kind.REFUSED, "CONTACT_RULE_NOT_OVERRIDABLE",
                        "overrideReason", "the customer's own request (" + String.join(", ", customersOwn)
                        + ") cannot be overridden; only the customer can lift it (contact preferences)", customersOwn));
                require(context.by() != null && context.by().hasRole("supervisor"), new Rejection(
                        Rejection.Kind.FORBIDDEN, "OVERRIDE_NEEDS_SUPERVISOR", "overrideReason",
                        "only a supervisor may override the contact rules", violations.stream()
                        .map(ContactRules.Violation::rule).toList()));
                events.add(new CollectionsEvent.ContactRuleOverridden(c.customerId(), caseId, contactId, pack.name(),
                        violations.stream().map(ContactRules.Violation::rule).toList(), c.overrideReason(), at,
                        context.by()));
            }
        }
        events.add(new CollectionsEvent.ContactLogged(c.customerId(), contactId, caseId, c.channel(), c.direction(),
                c.outcome(), at, c.contactName(), c.notes(), context.by()));
        return events;
    }

    /** The contact rules' verdict on an attempt, without recording anything (also for planning a contact). */
    public static List<ContactRules.Violation> check(CollectionAccount account, Policy policy,
                                                     ContactRules.Attempt attempt) {
        CaseFile file = account.file();
        // Every contact, also those after the attempt: a call logged late (backdated) still counts in its week.
        return ContactRules.check(packOf(account, policy), policy.contactRules(), attempt, file.contacts,
                file.ceaseCommunication, file.optedOut, account.ledger().timeZone);
    }

    public static Policy.ContactPack packOf(CollectionAccount account, Policy policy) {
        Ledger ledger = account.ledger();
        return policy.segmentOf(ledger.countryCode, ledger.riskClass, ledger.pastDueTotal()).contactPack();
    }

    private static List<CollectionsEvent> changePreferences(CaseCommand.ChangeContactPreferences c,
                                                            Context context) {
        require(c.optedOut().stream().allMatch(java.util.Objects::nonNull), Rejection.invalid("optedOutChannels",
                "INVALID_VALUE", "optedOutChannels lists channels of "
                        + java.util.Arrays.toString(ContactChannel.values())));
        // A request is received on a day that has come; one dated ahead would read as in force before it existed.
        if (c.receivedDate() != null) {
            requireDate(c.receivedDate(), "receivedDate");
        }
        require(c.receivedDate() == null || !c.receivedDate().isAfter(context.today()), Rejection.invalid(
                "receivedDate", "DATE_IN_FUTURE", "receivedDate " + c.receivedDate() + " lies after today ("
                        + context.today() + ")"));
        return List.of(new CollectionsEvent.ContactPreferencesChanged(c.customerId(), c.ceaseCommunication(),
                c.optedOut().stream().sorted().toList(), c.receivedDate() == null ? context.today() : c.receivedDate(),
                c.note(), context.by()));
    }

    private static List<CollectionsEvent> assign(CaseCommand.AssignCase c, CollectionAccount account,
                                                 Context context) {
        Case found = requireCase(account, c.caseId());
        require(found.status == CaseFile.CaseStatus.OPEN, Rejection.refused("caseId", "CASE_CLOSED",
                "case " + c.caseId() + " is closed"));
        require(c.collector() != null && !c.collector().isBlank(), Rejection.invalid("collector", "MISSING_FIELD",
                "collector is required"));
        require(context.by() == null || (c.reason() != null && !c.reason().isBlank()), Rejection.invalid("reason",
                "MISSING_FIELD", "a reassignment says why"));
        if (c.collector().equals(found.collector)) {
            return List.of();
        }
        return List.of(new CollectionsEvent.CollectionCaseAssigned(c.customerId(), found.caseId, c.collector(),
                found.collector, c.reason(), context.today(), context.by()));
    }

    private static List<CollectionsEvent> escalate(CaseCommand.Escalate c, CollectionAccount account,
                                                   Context context) {
        Case found = requireCase(account, c.caseId());
        require(found.status == CaseFile.CaseStatus.OPEN, Rejection.refused("caseId", "CASE_CLOSED",
                "case " + c.caseId() + " is closed"));
        require(found.escalatedTo == null, Rejection.refused("caseId", "ALREADY_ESCALATED",
                "case " + c.caseId() + " was escalated to " + found.escalatedTo));
        require(c.to() != null, Rejection.invalid("to", "MISSING_FIELD", "to is required: AGENCY or LEGAL"));
        require(c.handedTo() != null && !c.handedTo().isBlank(), Rejection.invalid("handedTo", "MISSING_FIELD",
                "handedTo names the agency or lawyer"));
        require(c.reason() != null && !c.reason().isBlank(), Rejection.invalid("reason", "MISSING_FIELD",
                "reason is required"));
        return List.of(new CollectionsEvent.AccountEscalated(c.customerId(), found.caseId, c.to(), c.handedTo(),
                c.reason(), handover(account, context.today()), context.today(), context.by()));
    }

    private static List<CollectionsEvent> proposeWriteOff(CaseCommand.ProposeWriteOff c, CollectionAccount account,
                                                          Context context) {
        Case found = requireCase(account, c.caseId());
        Ledger.Item item = knownInvoice(account, c.invoiceId(), "invoiceId");
        BigDecimal amount = Money.positive(c.amount(), item.currency, "amount");
        require(amount.compareTo(item.open()) <= 0, Rejection.refused("amount", "AMOUNT_EXCEEDS_OPEN",
                "invoice " + item.invoiceId + " has " + item.open().toPlainString() + " " + item.currency + " open"));
        require(c.reason() != null && !c.reason().isBlank(), Rejection.invalid("reason", "MISSING_FIELD",
                "reason is required"));
        require(!account.file().writeOffsProposed.contains(found.caseId + "/" + item.invoiceId),
                Rejection.refused("invoiceId", "WRITE_OFF_ALREADY_PROPOSED", "a write-off of invoice "
                        + item.invoiceId + " was already proposed in this case"));
        return List.of(new CollectionsEvent.WriteOffProposed(c.customerId(), context.ids().next("WOP"), found.caseId,
                item.invoiceId, item.currency, amount, c.reason(), context.today(), context.by()));
    }

    private static List<CollectionsEvent> recordBounce(CaseCommand.RecordBounce c, CollectionAccount account) {
        CaseFile.Letter letter = account.file().letters.get(c.letterId());
        require(letter != null, Rejection.notFound("letterId", "UNKNOWN_LETTER", "there is no letter " + c.letterId()));
        require(letter.channel() == LetterChannel.EMAIL && letter.email() != null, Rejection.refused("letterId",
                "NOT_AN_EMAIL", "letter " + c.letterId() + " was not e-mailed"));
        String contactId = "BNC-" + c.letterId();
        if (account.file().contacts.stream().anyMatch(k -> k.contactId().equals(contactId))) {
            return List.of();
        }
        // For a bounce the contact is the address that bounced: the next written step to it becomes a call.
        return List.of(new CollectionsEvent.ContactLogged(c.customerId(), contactId, letter.caseId(),
                ContactChannel.EMAIL, ContactDirection.OUTBOUND, ContactOutcome.BOUNCED, c.at(), letter.email(),
                "letter " + c.letterId() + " bounced: " + (c.reason() == null ? "undeliverable" : c.reason()), null));
    }

    private static List<CollectionsEvent> closeCase(CaseCommand.CloseCase c, CollectionAccount account,
                                                    Context context) {
        Case found = requireCase(account, c.caseId());
        require(found.status == CaseFile.CaseStatus.OPEN, Rejection.refused("caseId", "CASE_CLOSED",
                "case " + c.caseId() + " is closed already"));
        require(c.reason() != null && c.reason() != CollectionsEvent.CaseClosure.CURED, Rejection.invalid("reason",
                "INVALID_VALUE", "a collector closes a case as WRITTEN_OFF, HANDED_OVER or COLLECTOR; CURED follows receivables"));
        return List.of(new CollectionsEvent.CollectionCaseClosed(c.customerId(), found.caseId, c.reason(), c.note(),
                context.today(), context.by()));
    }

    // ---------------------------------------------------------------------------------------------- the daily run

    /**
     * Everything time decides for this customer as of {@code asOf}; {@code now} bounds the inquiry SLA check (a run
     * for a past day looks no further than the end of that day).
     */
    public static List<CollectionsEvent> run(LocalDate asOf, Instant now, CollectionAccount account, Policy policy,
                                             IdSource ids) {
        CollectionAccount working = account.copy();
        List<CollectionsEvent> events = new ArrayList<>();
        java.util.function.Consumer<List<CollectionsEvent>> record = decided -> {
            decided.forEach(working::evolve);
            events.addAll(decided);
        };
        record.accept(decidePromises(asOf, working, policy));
        record.accept(decidePlans(asOf, working, policy));
        record.accept(expireHolds(asOf, working));
        Instant endOfDay = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        record.accept(overdueInquiries(asOf, now.isBefore(endOfDay) ? now : endOfDay, working, policy));
        record.accept(dun(asOf, working, policy, ids));
        return events;
    }

    /** What a promise has been paid so far: payments applied from the day it was made until {@code until}. */
    public record Counted(BigDecimal paid, List<String> paymentIds) {
    }

    public static Counted counted(Ledger ledger, String currency, List<String> invoiceIds, LocalDate from,
                                  LocalDate until) {
        BigDecimal paid = Money.zero(currency);
        java.util.Map<String, BigDecimal> bySource = new java.util.TreeMap<>();
        for (Ledger.Application application : ledger.applications()) {
            if (application.kind() == SourceKind.PAYMENT && currency.equals(application.currency())
                    && (invoiceIds.isEmpty() || invoiceIds.contains(application.invoiceId()))
                    && !application.date().isBefore(from) && !application.date().isAfter(until)) {
                paid = paid.add(application.amount());
                bySource.merge(application.sourceId(), application.amount(), BigDecimal::add);
            }
        }
        return new Counted(Money.notBelowZero(paid), bySource.entrySet().stream()
                .filter(e -> e.getValue().signum() > 0).map(java.util.Map.Entry::getKey).toList());
    }

    /** Kept once the threshold share is paid (counting payments up to the day and within grace); broken after grace. */
    static List<CollectionsEvent> decidePromises(LocalDate asOf, CollectionAccount account, Policy policy) {
        List<CollectionsEvent> events = new ArrayList<>();
        for (Promise promise : account.file().promises.values()) {
            if (promise.status() != PromiseStatus.OPEN) {
                continue;
            }
            LocalDate lastDay = promise.dueDate().plusDays(policy.promises().graceDays());
            LocalDate until = asOf.isBefore(lastDay) ? asOf : lastDay;
            Counted counted = counted(account.ledger(), promise.currency(), promise.invoiceIds(), promise.madeOn(), until);
            BigDecimal needed = promise.amount().multiply(policy.promises().thresholdPercent())
                    .divide(HUNDRED, promise.amount().scale() + 4, RoundingMode.HALF_UP);
            String customer = account.customerId();
            if (counted.paid().compareTo(needed) >= 0) {
                events.add(new CollectionsEvent.PromiseToPayKept(customer, promise.promiseId(), promise.currency(),
                        promise.amount(), counted.paid(), counted.paymentIds(), asOf));
                resumeHoldsOf(promise.promiseId(), "PROMISE_KEPT", asOf, account, events);
            } else if (asOf.isAfter(lastDay)) {
                events.add(new CollectionsEvent.PromiseToPayBroken(customer, promise.promiseId(), promise.currency(),
                        promise.dueDate(), promise.amount(), counted.paid(),
                        Money.notBelowZero(promise.amount().subtract(counted.paid())), counted.paymentIds(), asOf));
                resumeHoldsOf(promise.promiseId(), "PROMISE_BROKEN", asOf, account, events);
            }
        }
        return events;
    }

    /** Instalments checked once their due date + grace has passed; the plan breaks at the configured misses. */
    static List<CollectionsEvent> decidePlans(LocalDate asOf, CollectionAccount account, Policy policy) {
        List<CollectionsEvent> events = new ArrayList<>();
        String customer = account.customerId();
        for (Plan plan : account.file().plans.values()) {
            if (plan.status() != PlanStatus.ACTIVE) {
                continue;
            }
            int missed = plan.missed().size();
            BigDecimal dueSoFar = BigDecimal.ZERO;
            boolean broken = false;
            for (CollectionsEvent.Instalment instalment : plan.instalments()) {
                BigDecimal dueBefore = dueSoFar;
                dueSoFar = dueSoFar.add(instalment.amount());
                LocalDate deadline = instalment.dueDate().plusDays(policy.plans().graceDays());
                if (!asOf.isAfter(deadline) || plan.missed().contains(instalment.number())) {
                    continue;
                }
                BigDecimal paid = counted(account.ledger(), plan.currency(), plan.invoiceIds(), plan.agreedOn(),
                        deadline).paid();
                if (paid.compareTo(dueSoFar) < 0) {
                    missed++;
                    BigDecimal towardThis = Money.notBelowZero(paid.subtract(dueBefore)).min(instalment.amount());
                    events.add(new CollectionsEvent.InstalmentMissed(customer, plan.planId(), instalment.number(),
                            instalment.dueDate(), plan.currency(), instalment.amount(), towardThis, missed, asOf));
                    if (missed >= policy.plans().maxMissed()) {
                        events.add(new CollectionsEvent.PaymentPlanBroken(customer, plan.planId(), missed, asOf));
                        resumeHoldsOf(plan.planId(), "PLAN_BROKEN", asOf, account, events);
                        broken = true;
                        break;
                    }
                }
            }
            if (!broken) {
                BigDecimal paid = counted(account.ledger(), plan.currency(), plan.invoiceIds(), plan.agreedOn(), asOf)
                        .paid();
                if (paid.compareTo(plan.total()) >= 0) {
                    resumeHoldsOf(plan.planId(), "PLAN_COMPLETED", asOf, account, events);
                }
            }
        }
        return events;
    }

    private static void resumeHoldsOf(String sourceId, String reason, LocalDate asOf, CollectionAccount account,
                                      List<CollectionsEvent> events) {
        for (Hold hold : account.file().holds.values()) {
            if (sourceId.equals(hold.sourceId()) && !hold.endedBy(asOf)) {
                events.add(new CollectionsEvent.DunningResumed(account.customerId(), hold.holdId(), hold.caseId(),
                        hold.scope(), hold.invoiceId(), reason, asOf, null));
            }
        }
    }

    /** A hold with an end date resumes dunning the day after it, by itself. */
    static List<CollectionsEvent> expireHolds(LocalDate asOf, CollectionAccount account) {
        List<CollectionsEvent> events = new ArrayList<>();
        for (Hold hold : account.file().holds.values()) {
            if (hold.resumedOn() == null && hold.to() != null && asOf.isAfter(hold.to())) {
                events.add(new CollectionsEvent.DunningResumed(account.customerId(), hold.holdId(), hold.caseId(),
                        hold.scope(), hold.invoiceId(), "EXPIRED", hold.to().plusDays(1), null));
            }
        }
        return events;
    }

    static List<CollectionsEvent> overdueInquiries(LocalDate asOf, Instant until, CollectionAccount account,
                                                   Policy policy) {
        List<CollectionsEvent> events = new ArrayList<>();
        for (CaseFile.Inquiry inquiry : account.file().inquiries.values()) {
            Instant dueAt = inquiry.receivedAt().plus(policy.inquiryResponseTime());
            if (!inquiry.overdue() && dueAt.isBefore(until)
                    && (inquiry.answeredAt() == null || inquiry.answeredAt().isAfter(dueAt))) {
                events.add(new CollectionsEvent.InquiryResponseOverdue(account.customerId(), inquiry.caseId(),
                        inquiry.contactId(), inquiry.receivedAt(), dueAt, asOf));
            }
        }
        return events;
    }

    /**
     * The case's level follows the days past due of what may still be asked for. Reaching a level does its actions
     * once: letters and e-mails list only items not yet sent at that level, to the contact of the level's role.
     */
    static List<CollectionsEvent> dun(LocalDate asOf, CollectionAccount account, Policy policy, IdSource ids) {
        Case open = account.file().openCase();
        if (open == null || open.escalatedTo != null || asOf.isBefore(open.openedOn)) {
            return List.of();
        }
        DunnableItems dunnable = DunnableItems.asOf(account.ledger(), account.file(), asOf);
        if (dunnable.accountOnHold() || dunnable.isEmpty()) {
            return List.of();
        }
        Strategy strategy = policy.strategy(open.strategy);
        Level level = strategy.levelFor(dunnable.daysPastDue()).orElse(null);
        if (level == null || level.number() <= open.level) {
            return List.of();
        }
        String customer = account.customerId();
        List<CollectionsEvent> events = new ArrayList<>();
        events.add(new CollectionsEvent.DunningLevelReached(customer, open.caseId, strategy.name(), level.number(),
                level.name(), dunnable.daysPastDue(), asOf));
        CaseFile file = account.file();
        List<DunnedItem> fresh = dunnable.items().stream()
                .filter(i -> !file.dunned.contains(CaseFile.dunnedKey(open.caseId, i.invoiceId(), level.number())))
                .toList();
        if (level.writes() && !fresh.isEmpty() && !file.ceaseCommunication) {
            write(asOf, account, policy, ids, open, level, fresh, events);
        }
        if (level.actions().contains(Action.CALL) && !file.ceaseCommunication) {
            events.add(new CollectionsEvent.CallTaskCreated(customer, open.caseId, ids.next("TASK"), level.number(),
                    "LEVEL_ACTION", asOf));
        }
        if (level.actions().contains(Action.ESCALATE_AGENCY) || level.actions().contains(Action.ESCALATE_LEGAL)) {
            CollectionsEvent.EscalationTarget to = level.actions().contains(Action.ESCALATE_LEGAL)
                    ? CollectionsEvent.EscalationTarget.LEGAL : CollectionsEvent.EscalationTarget.AGENCY;
            events.add(new CollectionsEvent.AccountEscalated(customer, open.caseId, to,
                    level.handedTo() == null ? to.name().toLowerCase(Locale.ROOT) : level.handedTo(),
                    "dunning strategy " + strategy.name() + " reached level " + level.number() + " (" + level.name()
                            + ") at " + dunnable.daysPastDue() + " days past due",
                    handover(account, asOf), asOf, null));
        }
        if (level.actions().contains(Action.PROPOSE_WRITE_OFF)) {
            for (DunnedItem item : dunnable.items()) {
                if (!file.writeOffsProposed.contains(open.caseId + "/" + item.invoiceId())) {
                    events.add(new CollectionsEvent.WriteOffProposed(customer, ids.next("WOP"), open.caseId,
                            item.invoiceId(), item.currency(), item.amount(), "dunning strategy " + strategy.name()
                            + " level " + level.number() + " (" + level.name() + ")", asOf, null));
                }
            }
        }
        return events;
    }

    private static void write(LocalDate asOf, CollectionAccount account, Policy policy, IdSource ids, Case open,
                              Level level, List<DunnedItem> items, List<CollectionsEvent> events) {
        CaseFile file = account.file();
        Ledger ledger = account.ledger();
        Contact recipient = recipient(ledger, level.recipientRole() == null
                ? policy.letters().defaultRecipientRole() : level.recipientRole());
        String language = policy.letters().languageFor(ledger.countryCode);
        List<CurrencyAmount> totals = totals(items);
        boolean letter = level.actions().contains(Action.LETTER) && !file.optedOut.contains(ContactChannel.LETTER);
        if (level.actions().contains(Action.EMAIL)) {
            String email = recipient.email();
            if (email != null && file.bouncedAddresses.contains(email.toLowerCase(Locale.ROOT))) {
                events.add(new CollectionsEvent.CallTaskCreated(account.customerId(), open.caseId, ids.next("TASK"),
                        level.number(), "EMAIL_BOUNCED", asOf));
            } else if (email != null && !file.optedOut.contains(ContactChannel.EMAIL)) {
                events.add(new CollectionsEvent.DunningLetterIssued(account.customerId(), open.caseId,
                        ids.next("LTR"), level.number(), items, totals, LetterChannel.EMAIL, recipient, language, asOf));
            } else {
                // No address to write to (or the customer opted out of e-mail): the letter goes by post instead.
                letter = !file.optedOut.contains(ContactChannel.LETTER);
            }
        }
        if (letter) {
            events.add(new CollectionsEvent.DunningLetterIssued(account.customerId(), open.caseId, ids.next("LTR"),
                    level.number(), items, totals, LetterChannel.LETTER, recipient, language, asOf));
        }
    }

    /** The contact in the role asked for; else the first with an e-mail address; else the customer itself. */
    static Contact recipient(Ledger ledger, String role) {
        return ledger.contacts.stream().filter(c -> c.role() != null && c.role().equalsIgnoreCase(role)).findFirst()
                .or(() -> ledger.contacts.stream().filter(c -> c.email() != null).findFirst())
                .or(() -> ledger.contacts.stream().findFirst())
                .orElseGet(() -> new Contact(ledger.name == null ? ledger.customerId : ledger.name, null, null, null));
    }

    private static List<CurrencyAmount> totals(List<DunnedItem> items) {
        java.util.Map<String, BigDecimal> totals = new java.util.LinkedHashMap<>();
        items.forEach(i -> totals.merge(i.currency(), i.amount(), BigDecimal::add));
        return totals.entrySet().stream().map(e -> new CurrencyAmount(e.getKey(), e.getValue())).toList();
    }

    static CollectionsEvent.Handover handover(CollectionAccount account, LocalDate asOf) {
        DunnableItems items = DunnableItems.asOf(account.ledger(), account.file(), asOf);
        CaseFile file = account.file();
        Case open = file.openCase();
        List<String> promiseIds = file.promises.values().stream()
                .filter(p -> open == null || open.caseId.equals(p.caseId())).map(Promise::promiseId).toList();
        Instant last = file.lastContactAt();
        return new CollectionsEvent.Handover(items.items(), items.totals(), account.ledger().contacts, promiseIds,
                open == null ? 0 : open.brokenPromises,
                last == null ? null : last.atZone(ZoneOffset.UTC).toLocalDate());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Case requireOpenCase(CollectionAccount account) {
        Case open = account.file().openCase();
        require(open != null, Rejection.refused("NO_OPEN_CASE", "customer " + account.customerId()
                + " has no open collection case"));
        return open;
    }

    private static Case requireCase(CollectionAccount account, String caseId) {
        Case found = caseId == null ? null : account.file().findCase(caseId);
        require(found != null, Rejection.notFound("caseId", "UNKNOWN_CASE", "there is no case " + caseId));
        return found;
    }

    private static Ledger.Item knownInvoice(CollectionAccount account, String invoiceId, String field) {
        Ledger.Item item = invoiceId == null ? null : account.ledger().item(invoiceId);
        require(item != null && item.currency != null, Rejection.refused(field, "UNKNOWN_INVOICE",
                "customer " + account.customerId() + " has no invoice " + invoiceId));
        return item;
    }

    private static void requireDate(LocalDate date, String field) {
        require(!date.isBefore(FIRST_DATE) && !date.isAfter(LAST_DATE), Rejection.invalid(field, "DATE_OUT_OF_RANGE",
                field + " " + date + " lies outside " + FIRST_DATE + " to " + LAST_DATE));
    }

    static void require(boolean condition, Rejection rejection) {
        if (!condition) {
            throw new Refused(rejection);
        }
    }

    /** Carries a rejection out of a validation chain; never leaves the decider. */
    static final class Refused extends RuntimeException {
        final Rejection rejection;

        Refused(Rejection rejection) {
            super(rejection.code(), null, false, false);
            this.rejection = rejection;
        }
    }

    /** Orders items as a letter lists them: oldest due date first. */
    public static final Comparator<DunnedItem> LETTER_ORDER = Comparator.comparing(DunnedItem::dueDate)
            .thenComparing(DunnedItem::invoiceId);
}
