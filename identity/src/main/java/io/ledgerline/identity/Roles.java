package io.ledgerline.identity;

import java.util.List;

/**
 * The roles every Ledgerline service knows, as the token carries them. Services name them in {@code @RolesAllowed}
 * through these constants, so the annotations are the one place a service's role matrix is written down.
 * <p>
 * An identity provider that calls its roles differently is mapped by configuration, not by code:
 * {@code quarkus.http.auth.roles-mapping."AR_CLERKS"=ar-clerk}.
 */
public final class Roles {

    /** Keeps the ledger straight: applies and unapplies cash, adjusts invoices, small write-offs. */
    public static final String AR_CLERK = "ar-clerk";
    /** Works overdue accounts: reads everything about them, proposes write-offs. */
    public static final String COLLECTOR = "collector";
    /** Decides credit limits, holds and risk classes. */
    public static final String CREDIT_ANALYST = "credit-analyst";
    /** Works disputes and the credits they lead to. */
    public static final String DISPUTE_ANALYST = "dispute-analyst";
    /** Approves what is above a clerk's or analyst's limit; the second pair of eyes. */
    public static final String SUPERVISOR = "supervisor";
    /** Approves the largest credit limits and write-offs. */
    public static final String CREDIT_MANAGER = "credit-manager";
    /** Reads everything, including who did what; changes nothing. */
    public static final String AUDITOR = "auditor";
    /** Runs the service: projection status and rebuilds, scheduled runs on demand. */
    public static final String OPERATOR = "operator";
    /** Read-only access for front ends and other services that show data (no audit trail, no admin views). */
    public static final String READER = "reader";

    /** Every role, in the order role-matrix tables list them. */
    public static final List<String> ALL = List.of(AR_CLERK, COLLECTOR, CREDIT_ANALYST, DISPUTE_ANALYST, SUPERVISOR,
            CREDIT_MANAGER, AUDITOR, OPERATOR, READER);

    private Roles() {
    }
}
