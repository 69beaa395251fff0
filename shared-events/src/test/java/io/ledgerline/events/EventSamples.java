package io.ledgerline.events;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.collections.CollectionsEvent.DunnedItem;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.events.reporting.ReportingRecord;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One instance of every event record with every field set, so a serialized sample shows every property its
 * schema must declare. Amounts carry awkward scales on purpose (trailing zeros, three decimals, a large whole number).
 */
final class EventSamples {

    private static final String CUSTOMER = "C-1042";
    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    private static final List<Contact> CONTACTS = List.of(
            new Contact("Ana Ruiz", "ap@nordwind.example", "+49 30 1234567", "AP"));
    private static final Actor COLLECTOR = new Actor("collector.jo", List.of("COLLECTOR"));
    private static final Actor TEAM_LEAD = new Actor("lead.sam", List.of("COLLECTOR", "TEAM_LEAD"));
    private static final Actor ANALYST = new Actor("analyst.kim", List.of("CREDIT_ANALYST"));
    private static final Actor SUPERVISOR = new Actor("sup.ines", List.of("SUPERVISOR"));
    private static final DunnedItem DUNNED = new DunnedItem("INV-2026-000123", OCT_1.plusDays(30), 15, "EUR",
            new BigDecimal("1200.00"));
    private static final List<PaymentAllocation> ALLOCATIONS = List.of(
            new PaymentAllocation("INV-2026-000123", new BigDecimal("1200.00")));

    static final Map<Class<?>, Object> INGEST = byClass(
            new IngestEvent.CustomerUpdated(CUSTOMER, "Nordwind Logistik GmbH", "DE", "Europe/Berlin", 30, "EUR",
                    CONTACTS),
            new IngestEvent.InvoiceIssued("INV-2026-000123", CUSTOMER, OCT_1, OCT_1.plusDays(30), "EUR",
                    new BigDecimal("1250.00"), "PO-77", "October freight"),
            new IngestEvent.InvoiceCancelled("INV-2026-000123", CUSTOMER, OCT_1.plusDays(2), "duplicate"),
            new IngestEvent.CreditNoteIssued("CN-88", CUSTOMER, OCT_1.plusDays(11), "BHD", new BigDecimal("50.125"),
                    "INV-2026-000123", "damaged pallet"),
            new IngestEvent.PaymentReceived("PAY-5531", CUSTOMER, OCT_1.plusDays(28), "EUR",
                    new BigDecimal("1200.00"), PaymentMethod.SEPA, "INV-2026-000123 less damage", ALLOCATIONS),
            new IngestEvent.PaymentReturned("PAY-5531", CUSTOMER, OCT_1.plusDays(32), "AC04", "account closed"));

    static final Map<Class<?>, Object> RECEIVABLES = byClass(
            new ReceivablesEvent.CustomerUpdated(CUSTOMER, "Nordwind Logistik GmbH", "DE", "Europe/Berlin", 30,
                    "EUR", CONTACTS),
            new ReceivablesEvent.InvoiceIssued(CUSTOMER, "INV-2026-000123", OCT_1, OCT_1.plusDays(30), "JPY",
                    new BigDecimal("125000000000"), "PO-77", "October freight"),
            new ReceivablesEvent.InvoiceCancelled(CUSTOMER, "INV-2026-000123", OCT_1.plusDays(2), "duplicate"),
            new ReceivablesEvent.CreditNoteIssued(CUSTOMER, "CN-88", OCT_1.plusDays(11), "EUR",
                    new BigDecimal("50.00"), "INV-2026-000123", "damaged pallet"),
            new ReceivablesEvent.PaymentReceived(CUSTOMER, "PAY-5531", OCT_1.plusDays(28), "EUR",
                    new BigDecimal("1200.00"), PaymentMethod.SEPA, "INV-2026-000123 less damage", ALLOCATIONS),
            new ReceivablesEvent.PaymentApplied(CUSTOMER, SourceKind.PAYMENT, "PAY-5531", "INV-2026-000123", "EUR",
                    new BigDecimal("1200.00"), OCT_1.plusDays(28), ApplicationRule.MANUAL, "clerk.jane"),
            new ReceivablesEvent.PaymentUnapplied(CUSTOMER, SourceKind.CREDIT_NOTE, "CN-88", "INV-2026-000123",
                    "EUR", new BigDecimal("0.50"), OCT_1.plusDays(30), "applied to the wrong invoice", "clerk.jane"),
            new ReceivablesEvent.PaymentReturned(CUSTOMER, "PAY-5531", OCT_1.plusDays(32), "EUR",
                    new BigDecimal("1200.00"), "AC04", "account closed"),
            new ReceivablesEvent.InvoiceAdjusted(CUSTOMER, "INV-2026-000123", "ADJ-1", "EUR",
                    new BigDecimal("-12.50"), OCT_1.plusDays(5), "freight surcharge waived", "clerk.jane"),
            new ReceivablesEvent.InvoiceWrittenOff(CUSTOMER, "INV-2026-000123", "WO-1", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(200), "uncollectible", "clerk.jane", false, "ar-clerk",
                    "UNCOLLECTIBLE", "WOR-1", "sam.supervisor"),
            new ReceivablesEvent.WriteOffRequested(CUSTOMER, "WOR-1", "INV-2026-000123", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(199), "UNCOLLECTIBLE", "customer insolvent",
                    "clerk.jane", "8c1f6d0e-jane", "ar-clerk", List.of("ABOVE_LIMIT", "NOT_YET_DUE")),
            new ReceivablesEvent.InvoiceWriteOffReversed(CUSTOMER, "INV-2026-000123", "WO-1", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(210), "customer paid after all", "clerk.jane"),
            new ReceivablesEvent.CashApplicationPolicyChanged(CUSTOMER,
                    ReceivablesEvent.RemainderPolicy.LEAVE_UNAPPLIED, OCT_1.plusDays(3), "clerk.jane"),
            new ReceivablesEvent.AccountDelinquent(CUSTOMER, OCT_1.plusDays(45), OCT_1.plusDays(30), 15,
                    List.of(new CurrencyAmount("EUR", new BigDecimal("50.00")),
                            new CurrencyAmount("USD", new BigDecimal("1000"))), "1-30"),
            new ReceivablesEvent.AccountCured(CUSTOMER, OCT_1.plusDays(60)),
            new ReceivablesEvent.InvoiceDisputed(CUSTOMER, "INV-2026-000123", "DSP-7", "EUR", new BigDecimal("50.00"),
                    OCT_1.plusDays(29)),
            new ReceivablesEvent.InvoiceDisputeCleared(CUSTOMER, "INV-2026-000123", "DSP-7", "EUR",
                    new BigDecimal("50.00"), "RES-7-1", "CN-DSP-7-1", OCT_1.plusDays(40)),
            new ReceivablesEvent.WriteOffProposalReceived(CUSTOMER, "WOP-3", "INV-2026-000123", "EUR",
                    new BigDecimal("37.50"), "uncollectible after agency", "CASE-11", OCT_1.plusDays(190), COLLECTOR),
            new ReceivablesEvent.WriteOffProposalDeclined(CUSTOMER, "WOP-3", "INV-2026-000123",
                    "customer still paying by plan", OCT_1.plusDays(192), SUPERVISOR));

    static final Map<Class<?>, Object> CREDIT = byClass(
            new CreditEvent.CreditDecisionMade(CUSTOMER, "APP-19", CreditEvent.Decision.APPROVED, "wholesale-2026.1",
                    612, "B", "EUR", new BigDecimal("60000.00"), new BigDecimal("50000.00"),
                    new BigDecimal("45000.00"),
                    List.of(new CreditEvent.FeaturePoints("avgDaysLate", "6.4", "5-10", 40),
                            new CreditEvent.FeaturePoints("yearsInBusiness", "12", "10+", 85)),
                    List.of(new CreditEvent.AdverseFactor("PAST_DUE_SHARE", "A share of your invoices is past due")),
                    "limit below request: short trading history with us", OCT_1, ANALYST, SUPERVISOR),
            new CreditEvent.CreditLimitChanged(CUSTOMER, "EUR", new BigDecimal("30000.00"),
                    new BigDecimal("45000.00"), OCT_1, OCT_1.plusDays(90), true, "seasonal peak", "APP-19",
                    "GRP-NORDWIND", ANALYST),
            new CreditEvent.CreditHoldPlaced(CUSTOMER, "HOLD-4", "BROKEN_PROMISE", "promise PTP-2 broken",
                    List.of(new EventReference("collections-service", "0b6f1c9e-5a0e-4c55-9d51-2f3f1b7d0c11",
                            "io.ledgerline.collections.PromiseToPayBroken.v1")),
                    CreditEvent.HoldScope.GROUP, "GRP-NORDWIND", OCT_1.plusDays(50), ANALYST),
            new CreditEvent.CreditHoldReleased(CUSTOMER, "HOLD-4", CreditEvent.ReleaseReason.ANALYST,
                    "paid by wire, confirmed by phone", OCT_1.plusDays(52), ANALYST),
            new CreditEvent.RiskClassChanged(CUSTOMER, "B", "C", 540, "two broken promises", "APP-19",
                    OCT_1.plusDays(55), OCT_1.plusDays(145), ANALYST),
            new CreditEvent.OrderCreditChecked(CUSTOMER, "SO-8812", "USD", new BigDecimal("12000.00"),
                    CreditEvent.CheckOutcome.HELD,
                    List.of(new CreditEvent.CheckReason("OVER_LIMIT", "exposure after the order exceeds the limit")),
                    "EUR", new BigDecimal("41000.00"), new BigDecimal("52040.00"), new BigDecimal("45000.00"),
                    List.of("HOLD-4"), OCT_1.plusDays(51), OCT_1.plusDays(81)),
            new CreditEvent.OrderReleased(CUSTOMER, "SO-8812", "USD", new BigDecimal("12000.00"),
                    "customer prepaid half", OCT_1.plusDays(52), ANALYST),
            new CreditEvent.OrderRejected(CUSTOMER, "SO-8813", "EUR", new BigDecimal("0.5"), "test order",
                    OCT_1.plusDays(52), ANALYST),
            new CreditEvent.OrderClosed(CUSTOMER, "SO-8812", CreditEvent.OrderClosure.INVOICED, "INV-2026-000900",
                    OCT_1.plusDays(60)),
            new CreditEvent.CreditReviewDue(CUSTOMER, "C", OCT_1, OCT_1.plusDays(145)),
            new CreditEvent.CreditApplicationReceived(CUSTOMER, "APP-19", "EUR", new BigDecimal("60000.00"),
                    new CreditEvent.Financials(new BigDecimal("4200000"), new BigDecimal("-12500.50"),
                            new BigDecimal("1.35"), 12),
                    List.of(new CreditEvent.TradeReference("Baltic Pallets AB", "ap@balticpallets.example", 4)),
                    712, OCT_1.minusDays(20), OCT_1, ANALYST),
            new CreditEvent.CreditApprovalRequested(CUSTOMER, "APP-19", "EUR", new BigDecimal("150000.00"),
                    "strong references, ten years with us", OCT_1, ANALYST),
            new CreditEvent.CreditGroupChanged(CUSTOMER, "GRP-NORDWIND", List.of("C-1043", "C-1044"), OCT_1,
                    SUPERVISOR));

    static final Map<Class<?>, Object> COLLECTIONS = byClass(
            new CollectionsEvent.CollectionCaseOpened(CUSTOMER, "CASE-11", "b2b-standard", 1,
                    List.of(new CurrencyAmount("EUR", new BigDecimal("1250.00"))),
                    new EventReference("receivables-service", "5d1e2c4a-07b3-4f0e-a0b6-3c2f9e8d7a61",
                            "io.ledgerline.receivables.AccountDelinquent.v1"), OCT_1.plusDays(31)),
            new CollectionsEvent.CollectionCaseAssigned(CUSTOMER, "CASE-11", "collector.jo", "collector.max",
                    "vacation cover", OCT_1.plusDays(32), TEAM_LEAD),
            new CollectionsEvent.CollectionCaseClosed(CUSTOMER, "CASE-11",
                    CollectionsEvent.CaseClosure.CURED, "paid in full", OCT_1.plusDays(70), COLLECTOR),
            new CollectionsEvent.DunningLevelReached(CUSTOMER, "CASE-11", "b2b-standard", 2, "second notice", 15,
                    OCT_1.plusDays(45)),
            new CollectionsEvent.DunningLetterIssued(CUSTOMER, "CASE-11", "LTR-77", 2, List.of(DUNNED),
                    List.of(new CurrencyAmount("EUR", new BigDecimal("1200.00"))),
                    CollectionsEvent.LetterChannel.EMAIL, CONTACTS.getFirst(), "de", OCT_1.plusDays(45)),
            new CollectionsEvent.DunningPaused(CUSTOMER, "DH-5", "CASE-11", CollectionsEvent.PauseScope.PART_OF_INVOICE,
                    "INV-2026-000123", "EUR", new BigDecimal("50.00"), "DISPUTE", "DSP-7", "damaged pallet",
                    OCT_1.plusDays(29), OCT_1.plusDays(59), COLLECTOR),
            new CollectionsEvent.DunningResumed(CUSTOMER, "DH-5", "CASE-11",
                    CollectionsEvent.PauseScope.PART_OF_INVOICE, "INV-2026-000123", "DISPUTE_RESOLVED",
                    OCT_1.plusDays(40), COLLECTOR),
            new CollectionsEvent.ContactLogged(CUSTOMER, "CON-301", "CASE-11", CollectionsEvent.ContactChannel.PHONE,
                    CollectionsEvent.ContactDirection.OUTBOUND, CollectionsEvent.ContactOutcome.REACHED,
                    Instant.parse("2026-11-16T09:30:00Z"), "Ana Ruiz", "will pay Friday", COLLECTOR),
            new CollectionsEvent.PromiseToPayMade(CUSTOMER, "PTP-2", "CASE-11", "EUR", new BigDecimal("1200.00"),
                    OCT_1.plusDays(50), List.of("INV-2026-000123"), "CON-301", OCT_1.plusDays(46), COLLECTOR),
            new CollectionsEvent.PromiseToPayKept(CUSTOMER, "PTP-2", "EUR", new BigDecimal("1200.00"),
                    new BigDecimal("1150.00"), List.of("PAY-5531"), OCT_1.plusDays(53)),
            new CollectionsEvent.PromiseToPayBroken(CUSTOMER, "PTP-3", "EUR", OCT_1.plusDays(60),
                    new BigDecimal("1200.00"), new BigDecimal("0.00"), new BigDecimal("1200.00"),
                    List.of("PAY-5540"), OCT_1.plusDays(63)),
            new CollectionsEvent.PaymentPlanAgreed(CUSTOMER, "PLAN-1", "CASE-11", "EUR", new BigDecimal("1200.00"),
                    List.of(new CollectionsEvent.Instalment(1, OCT_1.plusDays(70), new BigDecimal("600.00")),
                            new CollectionsEvent.Instalment(2, OCT_1.plusDays(100), new BigDecimal("600.00"))),
                    List.of("INV-2026-000123"), OCT_1.plusDays(64), COLLECTOR),
            new CollectionsEvent.InstalmentMissed(CUSTOMER, "PLAN-1", 2, OCT_1.plusDays(100), "EUR",
                    new BigDecimal("600.00"), new BigDecimal("100.00"), 1, OCT_1.plusDays(105)),
            new CollectionsEvent.PaymentPlanBroken(CUSTOMER, "PLAN-1", 2, OCT_1.plusDays(135)),
            new CollectionsEvent.AccountEscalated(CUSTOMER, "CASE-11", CollectionsEvent.EscalationTarget.AGENCY,
                    "Inkasso Nord GmbH", "plan broken, no contact for 30 days",
                    new CollectionsEvent.Handover(List.of(DUNNED),
                            List.of(new CurrencyAmount("EUR", new BigDecimal("1200.00"))), CONTACTS,
                            List.of("PTP-2", "PTP-3"), 1, OCT_1.plusDays(46)),
                    OCT_1.plusDays(140), TEAM_LEAD),
            new CollectionsEvent.WriteOffProposed(CUSTOMER, "WOP-3", "CASE-11", "INV-2026-000123", "EUR",
                    new BigDecimal("37.50"), "uncollectible after agency", OCT_1.plusDays(190), COLLECTOR),
            new CollectionsEvent.ContactPreferencesChanged(CUSTOMER, true,
                    List.of(CollectionsEvent.ContactChannel.SMS), OCT_1.plusDays(47), "letter of 2026-11-15",
                    COLLECTOR),
            new CollectionsEvent.ContactRuleOverridden(CUSTOMER, "CASE-11", "CON-302", "B2B_DEFAULT",
                    List.of("B2B_BUSINESS_HOURS"), "customer asked to be called back after hours",
                    Instant.parse("2026-11-16T18:30:00Z"), SUPERVISOR),
            new CollectionsEvent.InquiryResponseOverdue(CUSTOMER, "CASE-11", "CON-303",
                    Instant.parse("2026-11-16T09:30:00Z"), Instant.parse("2026-11-17T09:30:00Z"), OCT_1.plusDays(47)),
            new CollectionsEvent.CallTaskCreated(CUSTOMER, "CASE-11", "TASK-9", 2, "EMAIL_BOUNCED",
                    OCT_1.plusDays(46)));

    static final Map<Class<?>, Object> DISPUTES = byClass(
            new DisputesEvent.DisputeOpened(CUSTOMER, "DSP-7", DisputesEvent.DisputeKind.DEDUCTION, "SHORT_PAYMENT",
                    "paid 50.00 short, remittance says damaged pallet", "EUR",
                    List.of(new DisputedInvoice("INV-2026-000123", new BigDecimal("50.00"))), "PAY-5531",
                    CONTACTS.getFirst(), OCT_1.plusDays(29), OCT_1.plusDays(43), ANALYST),
            new DisputesEvent.DisputeAssigned(CUSTOMER, "DSP-7", "analyst.kim", "analyst.lee", "reason code PRICE",
                    OCT_1.plusDays(30), SUPERVISOR),
            new DisputesEvent.DisputeEscalated(CUSTOMER, "DSP-7", DisputesEvent.EscalationCause.SLA_BREACHED,
                    "dispute-leads", "10 business days passed", OCT_1.plusDays(43), OCT_1.plusDays(44), SUPERVISOR),
            new DisputesEvent.DisputeResolved(CUSTOMER, "DSP-7", "RES-7-1", DisputesEvent.Outcome.PARTIALLY_ACCEPTED,
                    "EUR", List.of(new DisputesEvent.ResolvedInvoice("INV-2026-000123", new BigDecimal("50.00"),
                            new BigDecimal("30.00"), "CN-DSP-7-1")),
                    "one of two pallets damaged, per delivery note", OCT_1.plusDays(40), ANALYST, SUPERVISOR),
            new DisputesEvent.DisputeClosed(CUSTOMER, "DSP-7", DisputesEvent.Closure.RESOLVED, "customer informed",
                    OCT_1.plusDays(41), ANALYST),
            new DisputesEvent.DisputeReopened(CUSTOMER, "DSP-7", "second delivery note found", "EUR",
                    List.of(new DisputedInvoice("INV-2026-000123", new BigDecimal("20.00"))), OCT_1.plusDays(45),
                    ANALYST),
            new DisputesEvent.DisputeReviewStarted(CUSTOMER, "DSP-7", OCT_1.plusDays(30), ANALYST),
            new DisputesEvent.DisputeNoteAdded(CUSTOMER, "DSP-7", "N-1", "called AP, photos promised",
                    OCT_1.plusDays(31), ANALYST),
            new DisputesEvent.DisputeEvidenceAttached(CUSTOMER, "DSP-7", "E-1", "delivery-note-4711.pdf",
                    "application/pdf", 48213L, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                    "signed delivery note, one pallet marked damaged", OCT_1.plusDays(32), ANALYST),
            new DisputesEvent.DisputeResolutionProposed(CUSTOMER, "DSP-7", "RES-7-1",
                    DisputesEvent.Outcome.PARTIALLY_ACCEPTED, "EUR",
                    List.of(new DisputesEvent.ResolvedInvoice("INV-2026-000123", new BigDecimal("50.00"),
                            new BigDecimal("30.00"), "CN-DSP-7-1")),
                    "one of two pallets damaged, per delivery note", OCT_1.plusDays(39), ANALYST),
            new DisputesEvent.DisputeResolutionDeclined(CUSTOMER, "DSP-7", "RES-7-1", "photos do not show damage",
                    OCT_1.plusDays(39), SUPERVISOR));

    static final Map<Class<?>, Object> REPORTING = byClass(
            new ReportingRecord.AgingSnapshot(CUSTOMER, "EUR", OCT_1.plusDays(45), ReportingRecord.AgingBasis.DUE_DATE,
                    new BigDecimal("1250.00"),
                    List.of(new ReportingRecord.AgingBucket("current", null, 0, new BigDecimal("0.00")),
                            new ReportingRecord.AgingBucket("1-30", 1, 30, new BigDecimal("1250.00")),
                            new ReportingRecord.AgingBucket("90+", 91, null, new BigDecimal("0.00"))),
                    new BigDecimal("1250.00"), new BigDecimal("50.00"), new BigDecimal("0.00"), 1),
            new ReportingRecord.KpiCalculated("DSO_COUNTBACK", "portfolio", "2026-10", OCT_1, OCT_1.plusDays(30),
                    new BigDecimal("38.7"), ReportingRecord.KpiUnit.DAYS, "EUR", "dso-countback",
                    List.of(new ReportingRecord.KpiInput("endingAr", new BigDecimal("125000.00")),
                            new ReportingRecord.KpiInput("creditSales", new BigDecimal("-0.50"))),
                    OCT_1.plusDays(31), true));

    private EventSamples() {
    }

    private static Map<Class<?>, Object> byClass(Object... samples) {
        return Stream.of(samples).collect(Collectors.toUnmodifiableMap(Object::getClass, Function.identity()));
    }
}
