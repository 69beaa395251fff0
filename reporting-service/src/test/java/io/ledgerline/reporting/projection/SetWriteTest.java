package io.ledgerline.reporting.projection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ledgerline.reporting.projection.SetWrite.Type.DATE;
import static io.ledgerline.reporting.projection.SetWrite.Type.NUMERIC;
import static io.ledgerline.reporting.projection.SetWrite.Type.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

class SetWriteTest {

    private static final SetWrite UPSERT = SetWrite.of("INSERT INTO t (a, b, c, d)", List.of(TEXT, TEXT, DATE, NUMERIC),
            "ON CONFLICT (a, b) DO UPDATE SET c = LEAST(t.c, EXCLUDED.c)", 0, 1);
    private static final SetWrite INSERT = SetWrite.of("INSERT INTO t (a, b)", List.of(TEXT, TEXT), "");

    @Test
    void unnests_one_text_array_per_column_cast_to_the_column_type() {
        assertThat(UPSERT.sql()).isEqualTo("""
                INSERT INTO t (a, b, c, d)
                SELECT c0, c1, c2::date, c3::numeric FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) \
                AS r(c0, c1, c2, c3)
                ON CONFLICT (a, b) DO UPDATE SET c = LEAST(t.c, EXCLUDED.c)""");
        assertThat(INSERT.sql()).doesNotContain("ON CONFLICT");
    }

    @Test
    void a_key_given_twice_goes_in_a_second_round_after_the_first_so_each_key_sees_its_rows_in_order() {
        Object[] a1 = {"c1", "i1", "2026-01-01", "1"};
        Object[] b1 = {"c1", "i2", "2026-01-01", "1"};
        Object[] a2 = {"c1", "i1", "2026-01-02", "2"};
        Object[] c1 = {"c2", "i1", "2026-01-01", "3"};
        Object[] a3 = {"c1", "i1", "2026-01-03", "3"};

        List<List<Object[]>> rounds = UPSERT.rounds(List.of(a1, b1, a2, c1, a3));

        assertThat(rounds).hasSize(3);
        assertThat(rounds.get(0)).containsExactly(a1, b1, c1);
        assertThat(rounds.get(1)).containsExactly(a2);
        assertThat(rounds.get(2)).containsExactly(a3);
    }

    @Test
    void rows_without_a_conflict_key_go_in_one_statement() {
        Object[] a = {"c1", "i1"};
        assertThat(INSERT.rounds(List.of(a, a, a))).singleElement().satisfies(round -> assertThat(round).hasSize(3));
    }
}
