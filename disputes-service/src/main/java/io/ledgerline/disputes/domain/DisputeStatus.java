package io.ledgerline.disputes.domain;

/**
 * Where a case stands. {@code OPEN → IN_REVIEW → RESOLVED → CLOSED}; {@code ESCALATED} from any unresolved state (SLA
 * breached, or by a person); {@code REOPENED} from RESOLVED or CLOSED, after which the case is worked like an open
 * one. A case is <em>active</em> (its amounts disputed, its SLA running) in OPEN, IN_REVIEW, ESCALATED and REOPENED.
 */
public enum DisputeStatus {
    OPEN, IN_REVIEW, ESCALATED, RESOLVED, CLOSED, REOPENED;

    public boolean isActive() {
        return this == OPEN || this == IN_REVIEW || this == ESCALATED || this == REOPENED;
    }
}
