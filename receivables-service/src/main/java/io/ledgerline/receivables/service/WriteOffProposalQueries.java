package io.ledgerline.receivables.service;

import io.ledgerline.receivables.projection.WriteOffProposalView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** The supervisors' queue of write-off proposals, from its read model. */
@ApplicationScoped
public class WriteOffProposalQueries {

    @WithSession
    public Uni<List<WriteOffProposalView>> list(String status, String customerId, int limit) {
        if (customerId == null) {
            return WriteOffProposalView.<WriteOffProposalView>find("status = ?1 order by receivedDate, id", status)
                    .page(0, limit).list();
        }
        return WriteOffProposalView.<WriteOffProposalView>find(
                "status = ?1 and customerId = ?2 order by receivedDate, id", status, customerId).page(0, limit).list();
    }
}
