package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What other services' flows left on an account (flows.md §2, §3): per invoice the amounts disputes' open cases
 * dispute, the disputes whose marks were lifted, and collections' write-off proposals pending or declined. None of
 * this changes a balance: a disputed amount stays owed (it is only left out of delinquency) and a proposal writes
 * nothing off until a supervisor approves it. Part of {@link Account}; copied with it.
 */
public final class DisputeMarks {

    /** invoiceId → disputeId → amount marked; inner maps are replaced, never changed, so a copy stays shallow. */
    private final Map<String, Map<String, BigDecimal>> marks;
    private final Set<String> lifted;
    private final Map<String, ReceivablesEvent.WriteOffProposalReceived> pending;
    private final Set<String> declined;

    DisputeMarks() {
        this(new LinkedHashMap<>(), new LinkedHashSet<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
    }

    private DisputeMarks(Map<String, Map<String, BigDecimal>> marks, Set<String> lifted,
                         Map<String, ReceivablesEvent.WriteOffProposalReceived> pending, Set<String> declined) {
        this.marks = marks;
        this.lifted = lifted;
        this.pending = pending;
        this.declined = declined;
    }

    // ---- the account snapshot's JSON form (see Account#toJson) ----

    /** Marks in their order; each invoice's disputes sorted by id, so equal marks always give the same text. */
    record Form(List<InvoiceMarks> marks, List<String> lifted,
                List<ReceivablesEvent.WriteOffProposalReceived> pending, List<String> declined) {
    }

    record InvoiceMarks(String invoiceId, List<DisputeAmount> disputes) {
    }

    record DisputeAmount(String disputeId,
                         @com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
                         BigDecimal amount) {
    }

    Form form() {
        return new Form(marks.entrySet().stream().map(e -> new InvoiceMarks(e.getKey(),
                        new java.util.TreeMap<>(e.getValue()).entrySet().stream()
                                .map(d -> new DisputeAmount(d.getKey(), d.getValue())).toList())).toList(),
                List.copyOf(lifted), List.copyOf(pending.values()), List.copyOf(declined));
    }

    static DisputeMarks of(Form form) {
        DisputeMarks restored = new DisputeMarks();
        if (form == null) {
            return restored;
        }
        for (InvoiceMarks m : form.marks() == null ? List.<InvoiceMarks>of() : form.marks()) {
            Map<String, BigDecimal> byDispute = new LinkedHashMap<>();
            m.disputes().forEach(d -> byDispute.put(d.disputeId(), d.amount()));
            restored.marks.put(m.invoiceId(), Map.copyOf(byDispute));
        }
        if (form.lifted() != null) {
            restored.lifted.addAll(form.lifted());
        }
        if (form.pending() != null) {
            form.pending().forEach(p -> restored.pending.put(p.proposalId(), p));
        }
        if (form.declined() != null) {
            restored.declined.addAll(form.declined());
        }
        return restored;
    }

    DisputeMarks copy() {
        return new DisputeMarks(new LinkedHashMap<>(marks), new LinkedHashSet<>(lifted), new LinkedHashMap<>(pending),
                new LinkedHashSet<>(declined));
    }

    void disputed(ReceivablesEvent.InvoiceDisputed e) {
        Map<String, BigDecimal> byDispute = new LinkedHashMap<>(marks.getOrDefault(e.invoiceId(), Map.of()));
        byDispute.put(e.disputeId(), e.amount());
        marks.put(e.invoiceId(), Map.copyOf(byDispute));
        lifted.remove(e.disputeId());
    }

    void cleared(ReceivablesEvent.InvoiceDisputeCleared e) {
        Map<String, BigDecimal> byDispute = new LinkedHashMap<>(marks.getOrDefault(e.invoiceId(), Map.of()));
        byDispute.remove(e.disputeId());
        if (byDispute.isEmpty()) {
            marks.remove(e.invoiceId());
        } else {
            marks.put(e.invoiceId(), Map.copyOf(byDispute));
        }
        lifted.add(e.disputeId());
    }

    void proposed(ReceivablesEvent.WriteOffProposalReceived e) {
        pending.put(e.proposalId(), e);
    }

    void declined(ReceivablesEvent.WriteOffProposalDeclined e) {
        pending.remove(e.proposalId());
        declined.add(e.proposalId());
    }

    /** An approved proposal is written off under its own id. */
    void writtenOff(ReceivablesEvent.InvoiceWrittenOff e) {
        pending.remove(e.writeOffId());
    }

    /** The disputes marking an invoice, with their amounts. */
    public Map<String, BigDecimal> on(String invoiceId) {
        return marks.getOrDefault(invoiceId, Map.of());
    }

    /** Everything marked on an invoice (several disputes may mark one invoice). */
    public BigDecimal markedOn(String invoiceId) {
        return on(invoiceId).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The invoices a dispute marks now. */
    public Map<String, BigDecimal> ofDispute(String disputeId) {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        marks.forEach((invoice, byDispute) -> {
            BigDecimal amount = byDispute.get(disputeId);
            if (amount != null) {
                out.put(invoice, amount);
            }
        });
        return out;
    }

    public boolean isLifted(String disputeId) {
        return lifted.contains(disputeId);
    }

    public Map<String, ReceivablesEvent.WriteOffProposalReceived> pendingProposals() {
        return java.util.Collections.unmodifiableMap(pending);
    }

    public boolean isDeclined(String proposalId) {
        return declined.contains(proposalId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DisputeMarks m && marks.equals(m.marks) && lifted.equals(m.lifted)
                && pending.equals(m.pending) && declined.equals(m.declined);
    }

    @Override
    public int hashCode() {
        return Objects.hash(marks, pending.keySet());
    }
}
