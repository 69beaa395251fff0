package io.ledgerline.collections.rest;

import io.ledgerline.collections.domain.ContactRules;
import io.ledgerline.events.collections.CollectionsEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** The bodies of the commands; every field is checked by the decider, which names the one at fault. */
final class Requests {

    private Requests() {
    }

    record Hold(CollectionsEvent.PauseScope scope, String invoiceId, String currency, BigDecimal amount,
                String reasonCode, String note, LocalDate from, LocalDate to) {
    }

    record Release(String note) {
    }

    record Promise(String currency, BigDecimal amount, LocalDate dueDate, List<String> invoiceIds, String contactId) {
    }

    record Instalment(LocalDate dueDate, BigDecimal amount) {
    }

    record Plan(String currency, List<Instalment> instalments, List<String> invoiceIds) {
    }

    record Contact(CollectionsEvent.ContactChannel channel, CollectionsEvent.ContactDirection direction,
                   CollectionsEvent.ContactOutcome outcome, Instant contactedAt, String contactName, String notes,
                   ContactRules.Purpose purpose, String overrideReason) {
    }

    record ContactCheck(CollectionsEvent.ContactChannel channel, Instant at, ContactRules.Purpose purpose) {
    }

    record Preferences(Boolean ceaseCommunication, Set<CollectionsEvent.ContactChannel> optedOutChannels,
                       LocalDate receivedDate, String note) {
    }

    record Assignment(String collector, String reason) {
    }

    record Escalation(CollectionsEvent.EscalationTarget to, String handedTo, String reason) {
    }

    record WriteOffProposal(String invoiceId, BigDecimal amount, String reason) {
    }

    record Closure(CollectionsEvent.CaseClosure reason, String note) {
    }

    record Bounce(String reason) {
    }
}
