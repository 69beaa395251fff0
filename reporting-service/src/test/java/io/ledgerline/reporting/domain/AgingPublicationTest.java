package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Given what was published under an aging key, when a new aging is computed, then what goes out. */
class AgingPublicationTest {

    private static final LocalDate NOV_23 = LocalDate.of(2026, 11, 23);

    @Test
    void aFirstOpenAgingIsPublished() {
        AgingSnapshot computed = snapshot(NOV_23, item("I-1", "2026-10-31", "1250.00"));

        assertThat(AgingPublication.decide(AgingPublication.State.NONE, computed))
                .containsExactly(new AgingPublication.Published(computed));
    }

    @Test
    void theSameAgingOnALaterDayIsNotPublishedAgainButAMovedBucketIs() {
        AgingPublication.State state = given(snapshot(NOV_23, item("I-1", "2026-11-20", "100.00")));

        // Still 1-30 days past due on the 24th: nothing new to say.
        assertThat(AgingPublication.decide(state, snapshot(NOV_23.plusDays(1), item("I-1", "2026-11-20", "100.00"))))
                .isEmpty();
        // On 21 December it is 31 days past due: the bucket moved.
        AgingSnapshot moved = snapshot(LocalDate.of(2026, 12, 21), item("I-1", "2026-11-20", "100.00"));
        assertThat(AgingPublication.decide(state, moved)).containsExactly(new AgingPublication.Published(moved));
    }

    @Test
    void nothingOwedAnyMoreIsATombstoneOnceAndOnlyAfterSomethingWasPublished() {
        AgingSnapshot empty = snapshot(NOV_23);
        assertThat(AgingPublication.decide(AgingPublication.State.NONE, empty)).isEmpty();

        AgingPublication.State open = given(snapshot(NOV_23, item("I-1", "2026-10-31", "50.00")));
        List<AgingPublication.Event> cleared = AgingPublication.decide(open, empty);
        assertThat(cleared).containsExactly(new AgingPublication.Cleared("C-1", "EUR", NOV_23));

        AgingPublication.State after = AgingPublication.evolve(open, cleared.getFirst());
        assertThat(after.open()).isFalse();
        assertThat(after.version()).isEqualTo(2);
        assertThat(AgingPublication.decide(after, empty)).isEmpty();
    }

    @Test
    void theBucketsOfASnapshotSumToItsOpenAmountAndPastDueIsByDueDate() {
        AgingSnapshot s = snapshot(NOV_23, item("I-1", "2026-11-30", "10.00"), item("I-2", "2026-11-10", "20.00"),
                item("I-3", "2026-09-01", "30.00"), item("I-4", "2026-06-01", "40.00"));

        assertThat(s.buckets()).extracting(b -> b.name()).containsExactly("current", "1-30", "31-60", "61-90", "90+");
        assertThat(s.buckets()).extracting(b -> b.amount().toPlainString())
                .containsExactly("10.00", "20.00", "0.00", "30.00", "40.00");
        assertThat(s.openAmount()).isEqualByComparingTo("100.00");
        assertThat(s.pastDueAmount()).isEqualByComparingTo("90.00");
        assertThat(s.buckets().get(1).fromDays()).isEqualTo(1);
        assertThat(s.buckets().get(4).toDays()).isNull();
    }

    private static AgingPublication.State given(AgingSnapshot published) {
        return AgingPublication.evolve(AgingPublication.State.NONE, new AgingPublication.Published(published));
    }

    private static OpenItem item(String invoiceId, String dueDate, String open) {
        LocalDate due = LocalDate.parse(dueDate);
        return new OpenItem("C-1", invoiceId, "EUR", due.minusDays(30), due, new BigDecimal(open),
                new BigDecimal("0.00"));
    }

    private static AgingSnapshot snapshot(LocalDate asOf, OpenItem... items) {
        return Aging.snapshot("C-1", "EUR", asOf, AgingBasis.DUE_DATE, AgingBuckets.STANDARD, List.of(items),
                new BigDecimal("0.00"));
    }
}
