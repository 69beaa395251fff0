package io.ledgerline.receivables.domain;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The state of one customer's receivables account, folded from its events. Entries are immutable records and the
 * maps keep arrival order, so {@link #copy()} is a cheap shallow copy: deciders work on a copy and never change the
 * state they were given.
 */
public final class Account {

    private final String customerId;
    private ReceivablesEvent.CustomerUpdated profile;
    private final Map<String, Invoice> invoices;
    private final Map<String, Payment> payments;
    private final Map<String, CreditNote> creditNotes;
    private final Map<ApplicationKey, Application> applications;
    /**
     * The business date each application last grew on. It depends on when things arrived, so it is kept out of
     * equality: it only dates later unapplications so that no as-of view sees money undone before it was applied.
     */
    private final Map<ApplicationKey, LocalDate> applicationDates;
    /**
     * Per invoice the latest day room was made on it (issued, raised, a write-off reversed, money unapplied), and per
     * payment or credit note the latest day it had money to give (received, issued, money unapplied). Money applied
     * is never dated before either, so no as-of view applies money before there was room or money. Like the
     * application dates these record arrival history and stay out of equality.
     */
    private final Map<String, LocalDate> roomDates = new java.util.HashMap<>();
    /** The identifier-like words of each payment's reference, split once: cash application reads them on every input. */
    private final Map<String, List<String>> referenceTokens = new java.util.HashMap<>();
    private static final java.util.regex.Pattern NOT_IDENTIFIER = java.util.regex.Pattern.compile("[^A-Za-z0-9._:/-]+");
    private final Map<Source, LocalDate> moneyDates = new java.util.HashMap<>();
    /** Sources a clerk has applied or unapplied by hand: cash application leaves them exactly as the clerk set them. */
    private final Set<Source> clerkManaged;
    private final Map<String, WriteOff> writeOffs;
    /** Write-offs waiting for a second person's approval, and those decided: by request id, in the order asked. */
    private final Map<String, WriteOffRequest> writeOffRequests = new LinkedHashMap<>();
    /**
     * Applications cash application's oldest-first step had made when the customer's policy changed to leave cash
     * unapplied: a policy change applies from then on, so these stay where they were (up to these amounts).
     */
    private final Map<ApplicationKey, BigDecimal> keptFromEarlierPolicy = new LinkedHashMap<>();
    private RemainderPolicy policy = RemainderPolicy.OLDEST_FIRST;
    private int adjustments;
    /** The last delinquency event, or null when the account is not delinquent. */
    private ReceivablesEvent.AccountDelinquent delinquency;
    private LocalDate lastDelinquencyEvaluation;
    /** Disputed amounts and write-off proposals from disputes and collections (flows.md §2, §3). */
    private DisputeMarks marks = new DisputeMarks();
    /**
     * Per currency, the invoice that comes last in cash application's age order (latest due date, then latest issue
     * date; of equals, the later arrival), cancelled ones included. Derived from {@link #invoices} (hence transient:
     * not in the JSON form, {@link #fromJson} folds it again): it lets a new invoice see in one look-up whether it
     * comes after every other one ({@link #comesLastByAge}).
     */
    private final transient Map<String, ReceivablesEvent.InvoiceIssued> lastByAge = new java.util.HashMap<>(2);
    /**
     * Per invoice id, the remittance lines of payments that name it (payments with remittance advice only; a line is
     * its payment and its place in the payment's allocations). Derived from {@link #payments} like {@link #lastByAge}
     * (transient; each list immutable, replaced when it changes): a new invoice sees in one look-up which lines wait
     * for it, instead of cash application reading every line of every payment for every new invoice.
     */
    private final transient Map<String, List<RemittanceLine>> remittanceNaming = new java.util.HashMap<>();

    /** A remittance line: the payment and the line's place in its allocations. */
    public record RemittanceLine(String paymentId, int line) {
    }

    public Account(String customerId) {
        this(customerId, null, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>(), new LinkedHashSet<>(), new LinkedHashMap<>());
    }

    private Account(String customerId, ReceivablesEvent.CustomerUpdated profile, Map<String, Invoice> invoices,
                    Map<String, Payment> payments, Map<String, CreditNote> creditNotes,
                    Map<ApplicationKey, Application> applications, Map<ApplicationKey, LocalDate> applicationDates,
                    Set<Source> clerkManaged, Map<String, WriteOff> writeOffs) {
        this.customerId = customerId;
        this.profile = profile;
        this.invoices = invoices;
        this.payments = payments;
        this.creditNotes = creditNotes;
        this.applications = applications;
        this.applicationDates = applicationDates;
        this.clerkManaged = clerkManaged;
        this.writeOffs = writeOffs;
    }

    public Account copy() {
        Account copy = new Account(customerId, profile, new LinkedHashMap<>(invoices), new LinkedHashMap<>(payments),
                new LinkedHashMap<>(creditNotes), new LinkedHashMap<>(applications), new LinkedHashMap<>(applicationDates),
                new LinkedHashSet<>(clerkManaged),
                new LinkedHashMap<>(writeOffs));
        copy.roomDates.putAll(roomDates);
        copy.referenceTokens.putAll(referenceTokens);
        copy.moneyDates.putAll(moneyDates);
        copy.writeOffRequests.putAll(writeOffRequests);
        copy.keptFromEarlierPolicy.putAll(keptFromEarlierPolicy);
        copy.policy = policy;
        copy.adjustments = adjustments;
        copy.delinquency = delinquency;
        copy.lastDelinquencyEvaluation = lastDelinquencyEvaluation;
        copy.marks = marks.copy();
        copy.lastByAge.putAll(lastByAge);
        copy.remittanceNaming.putAll(remittanceNaming);
        return copy;
    }

    /** A payment or a credit note: money that can be applied to invoices. */
    public record Source(SourceKind kind, String id) {
    }

    public record WriteOff(String id, String invoiceId, BigDecimal amount, boolean automatic, boolean reversed) {
    }

    /** A write-off that needed approval; {@code status} PENDING until approved (with its write-off) or declined. */
    public record WriteOffRequest(ReceivablesEvent.WriteOffRequested requested, Status status, String writeOffId,
                                  String decidedBy) {

        public enum Status { PENDING, APPROVED, DECLINED }

        public String id() {
            return requested.requestId();
        }

        public boolean isPending() {
            return status == Status.PENDING;
        }
    }

    /** An invoice as the ledger knows it; {@code applied} sums every payment and credit applied to it. */
    public record Invoice(ReceivablesEvent.InvoiceIssued issued, int sequence, BigDecimal adjustments,
                          BigDecimal writtenOff, BigDecimal applied, ReceivablesEvent.InvoiceCancelled cancelled) {

        public String id() {
            return issued.invoiceId();
        }

        public String currency() {
            return issued.currency();
        }

        public boolean isCancelled() {
            return cancelled != null;
        }

        /** What the invoice asks for after adjustments and write-offs: the most that can be applied to it. */
        public BigDecimal capacity() {
            if (isCancelled()) {
                return BigDecimal.ZERO.setScale(issued.amount().scale());
            }
            BigDecimal amount = issued.amount();
            // Most invoices are never adjusted or written off: their zeros (shared objects, see zero()) change neither
            // the value nor, at a scale no larger than the amount's, the scale. Cash application and delinquency ask
            // every invoice for this on every input: no two new BigDecimals each time for nothing.
            if (adjustments.signum() == 0 && writtenOff.signum() == 0 && adjustments.scale() <= amount.scale()
                    && writtenOff.scale() <= amount.scale()) {
                return amount;
            }
            return amount.add(adjustments).subtract(writtenOff);
        }

        public BigDecimal openAmount() {
            return capacity().subtract(applied);
        }

        /** Nothing has touched it: the only state in which the ERP may still cancel it. */
        public boolean isUntouched() {
            return applied.signum() == 0 && adjustments.signum() == 0 && writtenOff.signum() == 0;
        }

        Invoice withApplied(BigDecimal value) {
            return new Invoice(issued, sequence, adjustments, writtenOff, value, cancelled);
        }
    }

    public record Payment(ReceivablesEvent.PaymentReceived received, int sequence, BigDecimal applied,
                          ReceivablesEvent.PaymentReturned returned) {

        public String id() {
            return received.paymentId();
        }

        public boolean isReturned() {
            return returned != null;
        }

        /** Cash on the account not (yet) applied to any invoice; a returned payment holds none. */
        public BigDecimal unapplied() {
            return isReturned() ? BigDecimal.ZERO.setScale(received.amount().scale())
                    : received.amount().subtract(applied);
        }

        Payment withApplied(BigDecimal value) {
            return new Payment(received, sequence, value, returned);
        }
    }

    public record CreditNote(ReceivablesEvent.CreditNoteIssued issued, int sequence, BigDecimal applied) {

        public String id() {
            return issued.creditNoteId();
        }

        public BigDecimal unapplied() {
            return issued.amount().subtract(applied);
        }

        CreditNote withApplied(BigDecimal value) {
            return new CreditNote(issued, sequence, value);
        }
    }

    /** Which source (a payment or a credit note) is applied to which invoice. */
    public record ApplicationKey(SourceKind sourceKind, String sourceId, String invoiceId) {

        /**
         * Not the record's generated hash ({@code 31 * h(sourceId) + h(invoiceId)}): String's hash is itself a sum of
         * powers of 31, so numbered ids ({@code P-0012} paid to {@code INV-0345}) collide by the hundred and a
         * large account's maps turn into trees (the ingest profile showed a quarter of the service's time in
         * {@code HashMap} lookups). Multiplying one part by an odd constant far from 31 and mixing the bits keeps
         * such pairs apart.
         */
        @Override
        public int hashCode() {
            int h = sourceId.hashCode() * 0x9E3779B1 ^ invoiceId.hashCode();
            h ^= h >>> 16;
            return h * 31 + sourceKind.ordinal();
        }
    }

    public record Application(BigDecimal amount, ApplicationRule rule) {
    }

    /** Folds one event into this state. Events are facts: they were validated when decided, so nothing is checked. */
    public Account evolve(ReceivablesEvent event) {
        switch (event) {
            case ReceivablesEvent.CustomerUpdated e -> profile = e;
            case ReceivablesEvent.InvoiceIssued issued -> {
                ReceivablesEvent.InvoiceIssued e = kept(issued);
                roomDates.merge(e.invoiceId(), e.issueDate(), BusinessDate::later);
                BigDecimal zero = zero(e.amount());
                invoices.put(e.invoiceId(), new Invoice(e, invoices.size(), zero, zero, zero, null));
                keepIfLastByAge(e);
            }
            case ReceivablesEvent.InvoiceCancelled e -> invoices.computeIfPresent(e.invoiceId(), (id, i) ->
                    new Invoice(i.issued(), i.sequence(), i.adjustments(), i.writtenOff(), i.applied(), e));
            case ReceivablesEvent.CreditNoteIssued issued -> {
                ReceivablesEvent.CreditNoteIssued e = kept(issued);
                moneyDates.merge(new Source(SourceKind.CREDIT_NOTE, e.creditNoteId()), e.issueDate(), BusinessDate::later);
                creditNotes.put(e.creditNoteId(), new CreditNote(e, creditNotes.size(), zero(e.amount())));
            }
            case ReceivablesEvent.PaymentReceived received -> {
                ReceivablesEvent.PaymentReceived e = kept(received);
                moneyDates.merge(new Source(SourceKind.PAYMENT, e.paymentId()), e.receivedDate(), BusinessDate::later);
                referenceTokens.put(e.paymentId(), e.reference() == null ? List.of()
                        : List.of(NOT_IDENTIFIER.split(e.reference())));
                Payment replaced = payments.put(e.paymentId(), new Payment(e, payments.size(), zero(e.amount()), null));
                if (replaced != null) {
                    nameInRemittance(replaced.received(), false);
                }
                nameInRemittance(e, true);
            }
            case ReceivablesEvent.PaymentApplied e -> {
                ApplicationKey key = apply(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount(), e.rule());
                applicationDates.merge(key, e.appliedDate(), BusinessDate::later);
                if (e.rule() == ApplicationRule.MANUAL) {
                    clerkManaged.add(new Source(e.sourceKind(), e.sourceId()));
                }
            }
            case ReceivablesEvent.PaymentUnapplied e -> {
                apply(e.sourceKind(), e.sourceId(), e.invoiceId(), e.amount().negate(), null);
                roomDates.merge(e.invoiceId(), e.unappliedDate(), BusinessDate::later);
                moneyDates.merge(new Source(e.sourceKind(), e.sourceId()), e.unappliedDate(), BusinessDate::later);
                if (e.unappliedBy() != null) {
                    clerkManaged.add(new Source(e.sourceKind(), e.sourceId()));
                }
            }
            case ReceivablesEvent.PaymentReturned e -> payments.computeIfPresent(e.paymentId(), (id, p) ->
                    new Payment(p.received(), p.sequence(), p.applied(), e));
            case ReceivablesEvent.InvoiceAdjusted e -> {
                adjustments++;
                roomDates.merge(e.invoiceId(), e.adjustedDate(), BusinessDate::later);
                invoices.computeIfPresent(e.invoiceId(), (id, i) -> new Invoice(i.issued(), i.sequence(),
                        i.adjustments().add(e.amount()), i.writtenOff(), i.applied(), i.cancelled()));
            }
            case ReceivablesEvent.WriteOffRequested e ->
                    writeOffRequests.put(e.requestId(), new WriteOffRequest(e, WriteOffRequest.Status.PENDING, null, null));
            // One decline event for both kinds of pending write-off: a clerk's request needing approval, and
            // collections' proposal (flows.md §3); each side ignores ids it does not hold.
            case ReceivablesEvent.WriteOffProposalDeclined e -> {
                writeOffRequests.computeIfPresent(e.proposalId(),
                        (id, r) -> new WriteOffRequest(r.requested(), WriteOffRequest.Status.DECLINED, null,
                                e.by() == null ? null : e.by().subject()));
                marks.declined(e);
            }
            case ReceivablesEvent.InvoiceWrittenOff e -> {
                marks.writtenOff(e);
                if (e.requestId() != null) {
                    writeOffRequests.computeIfPresent(e.requestId(), (id, r) -> new WriteOffRequest(r.requested(),
                            WriteOffRequest.Status.APPROVED, e.writeOffId(), e.approvedBy()));
                }
                writeOffs.put(e.writeOffId(), new WriteOff(e.writeOffId(), e.invoiceId(), e.amount(), e.automatic(), false));
                invoices.computeIfPresent(e.invoiceId(), (id, i) -> new Invoice(i.issued(), i.sequence(),
                        i.adjustments(), i.writtenOff().add(e.amount()), i.applied(), i.cancelled()));
            }
            case ReceivablesEvent.InvoiceWriteOffReversed e -> {
                roomDates.merge(e.invoiceId(), e.reversedDate(), BusinessDate::later);
                writeOffs.computeIfPresent(e.writeOffId(), (id, w) ->
                        new WriteOff(id, w.invoiceId(), w.amount(), w.automatic(), true));
                invoices.computeIfPresent(e.invoiceId(), (id, i) -> new Invoice(i.issued(), i.sequence(),
                        i.adjustments(), i.writtenOff().subtract(e.amount()), i.applied(), i.cancelled()));
            }
            case ReceivablesEvent.CashApplicationPolicyChanged e -> {
                keptFromEarlierPolicy.clear();
                if (e.policy() == RemainderPolicy.LEAVE_UNAPPLIED) {
                    applications.forEach((key, application) -> {
                        if (application.rule() == ApplicationRule.OLDEST_FIRST) {
                            keptFromEarlierPolicy.put(key, application.amount());
                        }
                    });
                }
                policy = e.policy();
            }
            case ReceivablesEvent.AccountDelinquent e -> {
                delinquency = e;
                lastDelinquencyEvaluation = BusinessDate.later(lastDelinquencyEvaluation, e.asOf());
            }
            case ReceivablesEvent.AccountCured e -> {
                delinquency = null;
                lastDelinquencyEvaluation = BusinessDate.later(lastDelinquencyEvaluation, e.asOf());
            }
            // The dispute and write-off-proposal flows (flows.md §2, §3): a disputed amount stays owed (delinquency
            // leaves it out) and a pending or declined proposal writes nothing off, so none of these changes a balance.
            case ReceivablesEvent.InvoiceDisputed e -> marks.disputed(e);
            case ReceivablesEvent.InvoiceDisputeCleared e -> marks.cleared(e);
            case ReceivablesEvent.WriteOffProposalReceived e -> marks.proposed(e);
        }
        return this;
    }

    private ApplicationKey apply(SourceKind kind, String sourceId, String invoiceId, BigDecimal delta,
                                 ApplicationRule rule) {
        ApplicationKey key = keyOf(kind, sourceId, invoiceId);
        Application before = applications.get(key);
        BigDecimal amount = before == null ? delta : before.amount().add(delta);
        if (amount.signum() == 0) {
            applications.remove(key);
        } else {
            applications.put(key, new Application(amount, rule != null ? rule : before.rule()));
        }
        invoices.computeIfPresent(invoiceId, (id, i) -> i.withApplied(i.applied().add(delta)));
        switch (kind) {
            case PAYMENT -> payments.computeIfPresent(sourceId, (id, p) -> p.withApplied(p.applied().add(delta)));
            case CREDIT_NOTE -> creditNotes.computeIfPresent(sourceId, (id, c) -> c.withApplied(c.applied().add(delta)));
        }
        return key;
    }

    // ---- what the state keeps of each document: one object per value where the same value recurs ----
    // An account is kept in memory by ingest's cache and the kept states (AccountRepository), up to thousands of them
    // in one heap, and its documents are most of it. Each document decoded from a record or folded from the store
    // carries its own copies of the customer id and the currency, every application its own copies of the ids, and
    // every new document three zero amounts: the state keeps one object for each such value instead. Only identity
    // changes (the records are equal to the ones given), so decisions, equality and the JSON form are untouched.

    /** Zero at scales 0 to 8, the scales money has: shared by every document (BigDecimal is immutable). */
    private static final BigDecimal[] ZEROS = new BigDecimal[9];

    static {
        for (int scale = 0; scale < ZEROS.length; scale++) {
            ZEROS[scale] = BigDecimal.ZERO.setScale(scale);
        }
    }

    private static BigDecimal zero(BigDecimal like) {
        int scale = like.scale();
        return scale >= 0 && scale < ZEROS.length ? ZEROS[scale] : BigDecimal.ZERO.setScale(scale);
    }

    /** The account's own customer id object, and one object per currency code (a handful in any ledger). */
    private ReceivablesEvent.InvoiceIssued kept(ReceivablesEvent.InvoiceIssued e) {
        return e.customerId() == customerId && e.currency() == canonical(e.currency()) ? e
                : new ReceivablesEvent.InvoiceIssued(sameId(e.customerId()), e.invoiceId(), e.issueDate(),
                e.dueDate(), canonical(e.currency()), e.amount(), e.purchaseOrder(), e.description());
    }

    private ReceivablesEvent.CreditNoteIssued kept(ReceivablesEvent.CreditNoteIssued e) {
        return e.customerId() == customerId && e.currency() == canonical(e.currency()) ? e
                : new ReceivablesEvent.CreditNoteIssued(sameId(e.customerId()), e.creditNoteId(), e.issueDate(),
                canonical(e.currency()), e.amount(), e.invoiceId(), e.reason());
    }

    private ReceivablesEvent.PaymentReceived kept(ReceivablesEvent.PaymentReceived e) {
        return e.customerId() == customerId && e.currency() == canonical(e.currency()) ? e
                : new ReceivablesEvent.PaymentReceived(sameId(e.customerId()), e.paymentId(), e.receivedDate(),
                canonical(e.currency()), e.amount(), e.method(), e.reference(), e.allocations());
    }

    /** This account's id object when the event names this account (it always does; kept as given otherwise). */
    private String sameId(String id) {
        return customerId.equals(id) ? customerId : id;
    }

    private static String canonical(String currency) {
        return currency == null ? null : currency.intern();
    }

    /** The key of an application, naming the source and the invoice by the documents' own id objects where known. */
    private ApplicationKey keyOf(SourceKind kind, String sourceId, String invoiceId) {
        Invoice invoice = invoices.get(invoiceId);
        String source = switch (kind) {
            case PAYMENT -> {
                Payment p = payments.get(sourceId);
                yield p == null ? sourceId : p.id();
            }
            case CREDIT_NOTE -> {
                CreditNote c = creditNotes.get(sourceId);
                yield c == null ? sourceId : c.id();
            }
        };
        return new ApplicationKey(kind, source, invoice == null ? invoiceId : invoice.id());
    }

    /** Of equals in age order the later arrival comes last: an invoice is kept unless it comes before the last one. */
    private void keepIfLastByAge(ReceivablesEvent.InvoiceIssued issued) {
        lastByAge.merge(issued.currency(), issued, (last, next) -> comesBefore(next, last) ? last : next);
    }

    /** Earlier in age order than {@code b}: an earlier due date, or the same and an earlier issue date. */
    private static boolean comesBefore(ReceivablesEvent.InvoiceIssued a, ReceivablesEvent.InvoiceIssued b) {
        int due = a.dueDate().compareTo(b.dueDate());
        return due < 0 || due == 0 && a.issueDate().isBefore(b.issueDate());
    }

    /**
     * Whether an invoice not yet in the ledger would come after every invoice of its currency in cash application's
     * age order (oldest due date first, then oldest issue date, then arrival), cancelled ones included.
     */
    public boolean comesLastByAge(ReceivablesEvent.InvoiceIssued issued) {
        ReceivablesEvent.InvoiceIssued last = lastByAge.get(issued.currency());
        return last == null || !comesBefore(issued, last);
    }

    public String customerId() {
        return customerId;
    }

    public ReceivablesEvent.CustomerUpdated profile() {
        return profile;
    }

    public Invoice invoice(String id) {
        return invoices.get(id);
    }

    public Payment payment(String id) {
        return payments.get(id);
    }

    /** The remittance lines that name the invoice, of every payment with remittance advice (empty: none). */
    public List<RemittanceLine> remittanceLinesNaming(String invoiceId) {
        return remittanceNaming.getOrDefault(invoiceId, List.of());
    }

    private void nameInRemittance(ReceivablesEvent.PaymentReceived received, boolean add) {
        List<io.ledgerline.events.ingest.PaymentAllocation> lines = received.allocations();
        if (lines == null) {
            return;
        }
        for (int n = 0; n < lines.size(); n++) {
            String invoiceId = lines.get(n).invoiceId();
            if (invoiceId == null) {
                continue;
            }
            RemittanceLine line = new RemittanceLine(received.paymentId(), n);
            List<RemittanceLine> now = new java.util.ArrayList<>(remittanceLinesNaming(invoiceId));
            if (add) {
                now.add(line);
            } else {
                now.remove(line);
            }
            if (now.isEmpty()) {
                remittanceNaming.remove(invoiceId);
            } else {
                remittanceNaming.put(invoiceId, List.copyOf(now));
            }
        }
    }

    public CreditNote creditNote(String id) {
        return creditNotes.get(id);
    }

    public Collection<Invoice> invoices() {
        return invoices.values();
    }

    public Collection<Payment> payments() {
        return payments.values();
    }

    public Collection<CreditNote> creditNotes() {
        return creditNotes.values();
    }

    public Map<ApplicationKey, Application> applications() {
        return java.util.Collections.unmodifiableMap(applications);
    }

    /** The earliest day money may be applied from this source to this invoice: both had room and money by then. */
    public LocalDate earliestApplicationDate(ApplicationKey key) {
        return BusinessDate.later(roomDates.get(key.invoiceId()),
                moneyDates.get(new Source(key.sourceKind(), key.sourceId())));
    }

    /** The business date the application last grew on, or null when there is none. */
    public LocalDate applicationDate(ApplicationKey key) {
        return applicationDates.get(key);
    }

    /** The words of a payment's free-text reference that could be invoice ids, in order. */
    public List<String> referenceTokens(String paymentId) {
        return referenceTokens.getOrDefault(paymentId, List.of());
    }

    public boolean hasClerkManagedSources() {
        return !clerkManaged.isEmpty();
    }

    public boolean isClerkManaged(SourceKind kind, String id) {
        return clerkManaged.contains(new Source(kind, id));
    }

    public Map<String, WriteOff> writeOffs() {
        return java.util.Collections.unmodifiableMap(writeOffs);
    }

    public Map<String, WriteOffRequest> writeOffRequests() {
        return java.util.Collections.unmodifiableMap(writeOffRequests);
    }

    /** Oldest-first applications in place when cash stopped being applied oldest first: they are not undone. */
    public Map<ApplicationKey, BigDecimal> keptFromEarlierPolicy() {
        return java.util.Collections.unmodifiableMap(keptFromEarlierPolicy);
    }

    public RemainderPolicy policy() {
        return policy;
    }

    public int adjustmentCount() {
        return adjustments;
    }

    /** Disputed amounts and write-off proposals on this account. */
    public DisputeMarks marks() {
        return marks;
    }

    /**
     * The part of an invoice's open amount that open disputes mark: what they dispute, never more than is open
     * (money paid after a dispute was opened pays the disputed part last). Disputed + undisputed = open.
     */
    public BigDecimal disputedOpen(Invoice invoice) {
        BigDecimal open = invoice.openAmount();
        if (open.signum() <= 0) {
            return BigDecimal.ZERO.setScale(open.scale());
        }
        BigDecimal marked = marks.markedOn(invoice.id());
        return marked.compareTo(open) >= 0 ? open : marked.setScale(Math.max(marked.scale(), open.scale()));
    }

    /** What is open on an invoice and not disputed: what delinquency counts. */
    public BigDecimal undisputedOpen(Invoice invoice) {
        return invoice.openAmount().subtract(disputedOpen(invoice));
    }

    /** The delinquency in force (the last AccountDelinquent), or null when the account is not delinquent. */
    public ReceivablesEvent.AccountDelinquent delinquency() {
        return delinquency;
    }

    /** The latest as-of date delinquency was decided at, or null if it never changed. */
    public LocalDate lastDelinquencyEvaluation() {
        return lastDelinquencyEvaluation;
    }

    /** Invoices, payments and credit notes: what an account's memory grows with (the caches weigh accounts by it). */
    public int documentCount() {
        return invoices.size() + payments.size() + creditNotes.size();
    }

    public boolean isEmpty() {
        return profile == null && invoices.isEmpty() && payments.isEmpty() && creditNotes.isEmpty();
    }

    private Map<ApplicationKey, BigDecimal> appliedAmounts() {
        Map<ApplicationKey, BigDecimal> amounts = new java.util.HashMap<>();
        applications.forEach((key, application) -> amounts.put(key, application.amount()));
        return amounts;
    }

    /**
     * The same ledger: documents, applied amounts, write-offs and policy. Left out: delinquency, and the rule each
     * application was made under; both record history (what was known when), which arrival order may change.
     * Delinquency is decided as of the dates changes arrive on, so two arrival orders of the same documents may have
     * decided it on different days; the next run on the business clock decides it alike for both.
     */
    public boolean sameLedgerAs(Account a) {
        return customerId.equals(a.customerId) && Objects.equals(profile, a.profile)
                && invoices.equals(a.invoices) && payments.equals(a.payments) && creditNotes.equals(a.creditNotes)
                && appliedAmounts().equals(a.appliedAmounts()) && clerkManaged.equals(a.clerkManaged)
                && writeOffs.equals(a.writeOffs) && policy == a.policy && adjustments == a.adjustments
                && marks.equals(a.marks);
    }

    // ---- the JSON form: a snapshot of the account's stream ----

    /**
     * The shape of {@link #toJson()}. Bump it with any change to the fields of this class or of its entries (a field
     * added, removed, or meaning something else): snapshots of another shape are then ignored, and accounts are folded
     * from their events until a snapshot of the new shape is written. {@code AccountJsonTest} fails when a field is
     * added to this class without being added to the JSON form.
     */
    public static final int JSON_SHAPE = 2;

    /**
     * Every field of the account, so that {@link #fromJson} gives back exactly this state (what the decider reads,
     * arrival history included). Maps become lists in their iteration order, which decisions depend on (oldest first);
     * hash maps are sorted, so equal states always give the same text. Amounts are strings: their scale is kept.
     */
    public String toJson() {
        return io.ledgerline.events.EventJson.writeString(new JsonForm(JSON_SHAPE, customerId, profile,
                invoices.entrySet().stream().map(e -> new InvoiceForm(e.getKey(), e.getValue().issued(),
                        e.getValue().sequence(), e.getValue().adjustments(), e.getValue().writtenOff(),
                        e.getValue().applied(), e.getValue().cancelled())).toList(),
                payments.entrySet().stream().map(e -> new PaymentForm(e.getKey(), e.getValue().received(),
                        e.getValue().sequence(), e.getValue().applied(), e.getValue().returned())).toList(),
                creditNotes.entrySet().stream().map(e -> new CreditNoteForm(e.getKey(), e.getValue().issued(),
                        e.getValue().sequence(), e.getValue().applied())).toList(),
                applications.entrySet().stream().map(e -> new ApplicationForm(e.getKey(), e.getValue().amount(),
                        e.getValue().rule())).toList(),
                applicationDates.entrySet().stream().map(e -> new KeyDate(e.getKey(), e.getValue())).toList(),
                new java.util.TreeMap<>(roomDates).entrySet().stream()
                        .map(e -> new IdDate(e.getKey(), e.getValue())).toList(),
                new java.util.TreeMap<>(referenceTokens).entrySet().stream()
                        .map(e -> new IdTokens(e.getKey(), e.getValue())).toList(),
                moneyDates.entrySet().stream().sorted(Map.Entry.comparingByKey(SOURCE_ORDER))
                        .map(e -> new SourceDate(e.getKey(), e.getValue())).toList(),
                List.copyOf(clerkManaged),
                writeOffs.entrySet().stream().map(e -> new WriteOffForm(e.getKey(), e.getValue().id(),
                        e.getValue().invoiceId(), e.getValue().amount(), e.getValue().automatic(),
                        e.getValue().reversed())).toList(),
                writeOffRequests.entrySet().stream().map(e -> new WriteOffRequestForm(e.getKey(),
                        e.getValue().requested(), e.getValue().status(), e.getValue().writeOffId(),
                        e.getValue().decidedBy())).toList(),
                keptFromEarlierPolicy.entrySet().stream().map(e -> new KeyAmount(e.getKey(), e.getValue())).toList(),
                policy, adjustments, delinquency, lastDelinquencyEvaluation, marks.form()));
    }

    /**
     * The account {@link #toJson()} wrote. Fails (IllegalArgumentException) on JSON of another {@link #JSON_SHAPE} or
     * that cannot be read: callers fold the stream instead.
     */
    public static Account fromJson(String json) {
        JsonForm form;
        try {
            form = io.ledgerline.events.EventJson.read(json, JsonForm.class);
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException("not an account's JSON form: " + unreadable.getMessage(), unreadable);
        }
        if (form.shape() != JSON_SHAPE || form.customerId() == null) {
            throw new IllegalArgumentException("an account's JSON form of shape " + form.shape() + ", not "
                    + JSON_SHAPE);
        }
        Account account = new Account(form.customerId());
        account.profile = form.profile();
        for (InvoiceForm i : listOf(form.invoices())) {
            account.invoices.put(i.key(), new Invoice(i.issued(), i.sequence(), i.adjustments(), i.writtenOff(),
                    i.applied(), i.cancelled()));
            account.keepIfLastByAge(i.issued());
        }
        for (PaymentForm p : listOf(form.payments())) {
            account.payments.put(p.key(), new Payment(p.received(), p.sequence(), p.applied(), p.returned()));
            account.nameInRemittance(p.received(), true);
        }
        for (CreditNoteForm c : listOf(form.creditNotes())) {
            account.creditNotes.put(c.key(), new CreditNote(c.issued(), c.sequence(), c.applied()));
        }
        listOf(form.applications()).forEach(a -> account.applications.put(a.key(), new Application(a.amount(), a.rule())));
        listOf(form.applicationDates()).forEach(d -> account.applicationDates.put(d.key(), d.date()));
        listOf(form.roomDates()).forEach(d -> account.roomDates.put(d.id(), d.date()));
        listOf(form.referenceTokens()).forEach(t -> account.referenceTokens.put(t.id(), List.copyOf(t.tokens())));
        listOf(form.moneyDates()).forEach(d -> account.moneyDates.put(d.source(), d.date()));
        account.clerkManaged.addAll(listOf(form.clerkManaged()));
        listOf(form.writeOffs()).forEach(w -> account.writeOffs.put(w.key(),
                new WriteOff(w.id(), w.invoiceId(), w.amount(), w.automatic(), w.reversed())));
        listOf(form.writeOffRequests()).forEach(r -> account.writeOffRequests.put(r.key(),
                new WriteOffRequest(r.requested(), r.status(), r.writeOffId(), r.decidedBy())));
        listOf(form.keptFromEarlierPolicy()).forEach(k -> account.keptFromEarlierPolicy.put(k.key(), k.amount()));
        account.policy = form.policy() == null ? RemainderPolicy.OLDEST_FIRST : form.policy();
        account.adjustments = form.adjustments();
        account.delinquency = form.delinquency();
        account.lastDelinquencyEvaluation = form.lastDelinquencyEvaluation();
        account.marks = DisputeMarks.of(form.marks());
        return account;
    }

    private static final java.util.Comparator<Source> SOURCE_ORDER =
            java.util.Comparator.comparing(Source::kind).thenComparing(Source::id);

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    // The records of the JSON form: data only (the entries' own records have derived accessors Jackson would write).

    private record JsonForm(int shape, String customerId, ReceivablesEvent.CustomerUpdated profile,
                            List<InvoiceForm> invoices, List<PaymentForm> payments, List<CreditNoteForm> creditNotes,
                            List<ApplicationForm> applications, List<KeyDate> applicationDates, List<IdDate> roomDates,
                            List<IdTokens> referenceTokens, List<SourceDate> moneyDates, List<Source> clerkManaged,
                            List<WriteOffForm> writeOffs, List<WriteOffRequestForm> writeOffRequests,
                            List<KeyAmount> keptFromEarlierPolicy, RemainderPolicy policy, int adjustments,
                            ReceivablesEvent.AccountDelinquent delinquency, LocalDate lastDelinquencyEvaluation,
                            DisputeMarks.Form marks) {
    }

    private record InvoiceForm(String key, ReceivablesEvent.InvoiceIssued issued, int sequence,
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal adjustments,
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal writtenOff,
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal applied,
                               ReceivablesEvent.InvoiceCancelled cancelled) {
    }

    private record PaymentForm(String key, ReceivablesEvent.PaymentReceived received, int sequence,
                               @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal applied,
                               ReceivablesEvent.PaymentReturned returned) {
    }

    private record CreditNoteForm(String key, ReceivablesEvent.CreditNoteIssued issued, int sequence,
                                  @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal applied) {
    }

    private record ApplicationForm(ApplicationKey key, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                   ApplicationRule rule) {
    }

    private record KeyDate(ApplicationKey key, LocalDate date) {
    }

    private record KeyAmount(ApplicationKey key, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    private record IdDate(String id, LocalDate date) {
    }

    private record IdTokens(String id, List<String> tokens) {
    }

    private record SourceDate(Source source, LocalDate date) {
    }

    private record WriteOffForm(String key, String id, String invoiceId,
                                @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, boolean automatic,
                                boolean reversed) {
    }

    private record WriteOffRequestForm(String key, ReceivablesEvent.WriteOffRequested requested,
                                       WriteOffRequest.Status status, String writeOffId, String decidedBy) {
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && sameLedgerAs(a) && applications.equals(a.applications)
                && Objects.equals(delinquency, a.delinquency)
                && Objects.equals(lastDelinquencyEvaluation, a.lastDelinquencyEvaluation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(customerId, invoices.keySet(), payments.keySet());
    }

    @Override
    public String toString() {
        return "Account[" + customerId + ", invoices=" + invoices.values() + ", payments=" + payments.values()
                + ", creditNotes=" + creditNotes.values() + ", applications=" + applications + "]";
    }
}
