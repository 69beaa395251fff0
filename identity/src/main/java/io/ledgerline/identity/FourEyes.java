package io.ledgerline.identity;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The four-eyes rule: what one person asked for, a different person with an approving role confirms. People are
 * compared by the token's subject, never by display name (two people may share a name; one person keeps a subject).
 */
public final class FourEyes {

    private FourEyes() {
    }

    /**
     * Refuses the approval unless {@code approver} is someone other than the requester and holds one of
     * {@code approvingRoles}.
     *
     * @throws AccessRefused {@code SAME_PERSON} when the requester approves their own request,
     *                       {@code ROLE_REQUIRED} when the approver has none of the approving roles
     */
    public static void requireApproval(String requesterSubject, Caller approver, Collection<String> approvingRoles) {
        Objects.requireNonNull(requesterSubject, "requesterSubject");
        if (requesterSubject.equals(approver.subject())) {
            throw new AccessRefused("SAME_PERSON", "the person who asked for this cannot approve it: a different person"
                    + " in one of the roles " + List.copyOf(approvingRoles) + " must", List.copyOf(approvingRoles));
        }
        if (!approver.hasAny(approvingRoles)) {
            throw AccessRefused.missingRole("approving needs one of the roles " + List.copyOf(approvingRoles),
                    List.copyOf(approvingRoles));
        }
    }
}
