package io.ledgerline.reporting.projection;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A database that held facts before the open-amount spans existed gets its spans once, at start, from its facts:
 * every customer's, a page at a time, each page holding the read models' lock alone (so no poll commits a change to
 * those customers meanwhile). On a new database there is nothing to do.
 */
@ApplicationScoped
public class SpansRebuild {

    private static final Logger LOG = Logger.getLogger(SpansRebuild.class);
    private static final int PAGE = 200;

    private final Pool pool;
    private final FactQueries queries;
    private final SpansWriter spans;

    public SpansRebuild(Pool pool, FactQueries queries, SpansWriter spans) {
        this.pool = pool;
        this.queries = queries;
        this.spans = spans;
    }

    void onStart(@Observes StartupEvent event) {
        boolean built = pool.query("SELECT built FROM rpt_read_model_state WHERE name = 'spans'").execute()
                .map(rows -> !rows.iterator().hasNext() || rows.iterator().next().getBoolean(0))
                .await().atMost(Duration.ofMinutes(1));
        if (built) {
            return;
        }
        List<String> customers = queries.customersWithMoney(pool).await().atMost(Duration.ofMinutes(1));
        List<List<String>> pages = new ArrayList<>();
        for (int from = 0; from < customers.size(); from += PAGE) {
            pages.add(customers.subList(from, Math.min(customers.size(), from + PAGE)));
        }
        if (!customers.isEmpty()) {
            LOG.infof("building the open-amount spans of %d customers from their facts", customers.size());
        }
        Multi.createFrom().iterable(pages)
                .onItem().transformToUniAndConcatenate(page -> pool.withTransaction(tx ->
                        MonthMoney.lockExclusive(tx).chain(() -> spans.rebuild(tx, page))))
                .collect().last()
                .chain(() -> pool.query("UPDATE rpt_read_model_state SET built = true WHERE name = 'spans'").execute())
                .await().atMost(Duration.ofHours(1));
    }
}
