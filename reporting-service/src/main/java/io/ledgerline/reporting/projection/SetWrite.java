package io.ledgerline.reporting.projection;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One statement for many rows: the rows are sent as one text array per column and unnested by PostgreSQL
 * ({@code INSERT ... SELECT FROM unnest(...)}), so a poll costs one statement per table instead of one per row.
 *
 * <p>An upsert ({@code ON CONFLICT DO UPDATE}) cannot touch the same row twice in one statement, and what it does
 * to a row may depend on what an earlier row of the same key did. A statement with a conflict key therefore goes in
 * rounds: the n-th row of each key in round n, rounds in order, so every key sees its rows in the order given, as
 * one statement per row would. A poll rarely holds a key twice, so that is nearly always one round.
 */
public final class SetWrite {

    /** A column's SQL type, as the unnested text array is cast. */
    public enum Type {
        TEXT("text"), DATE("date"), NUMERIC("numeric"), INT("int4"), BIGINT("int8"), BOOL("bool");

        private final String sql;

        Type(String sql) {
            this.sql = sql;
        }
    }

    private final String sql;
    private final int width;
    private final int[] key;

    private SetWrite(String sql, int width, int[] key) {
        this.sql = sql;
        this.width = width;
        this.key = key;
    }

    /**
     * {@code head} is the statement up to its rows ({@code INSERT INTO t (a, b)}), {@code tail} what follows them
     * ({@code ON CONFLICT ...}, or empty); {@code key} the positions of the conflict key's columns (none: every row
     * in one statement).
     */
    public static SetWrite of(String head, List<Type> columns, String tail, int... key) {
        StringJoiner unnest = new StringJoiner(", ", "unnest(", ")");
        StringJoiner select = new StringJoiner(", ");
        for (int n = 0; n < columns.size(); n++) {
            unnest.add("$" + (n + 1) + "::text[]");
            select.add(columns.get(n) == Type.TEXT ? "c" + n : "c" + n + "::" + columns.get(n).sql);
        }
        StringJoiner names = new StringJoiner(", ", "(", ")");
        for (int n = 0; n < columns.size(); n++) {
            names.add("c" + n);
        }
        String sql = head + "\nSELECT " + select + " FROM " + unnest + " AS r" + names
                + (tail.isEmpty() ? "" : "\n" + tail);
        return new SetWrite(sql, columns.size(), key);
    }

    /** The statement, for tests and logs. */
    public String sql() {
        return sql;
    }

    /**
     * Writes {@code rows} (each {@link #width} values, nulls allowed) on {@code tx}; none: nothing sent. The rounds
     * are sent together (pipelined on the connection): PostgreSQL runs them in the order sent, so round n still sees
     * round n - 1, without a round trip between them.
     */
    public Uni<Void> execute(SqlConnection tx, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<List<Object[]>> rounds = rounds(rows);
        if (rounds.size() == 1) {
            return tx.preparedQuery(sql).execute(columns(rounds.getFirst())).replaceWithVoid();
        }
        List<Uni<?>> sent = new ArrayList<>();
        rounds.forEach(round -> sent.add(tx.preparedQuery(sql).execute(columns(round))));
        return Uni.combine().all().unis(sent).discardItems();
    }

    List<List<Object[]>> rounds(List<Object[]> rows) {
        if (key.length == 0) {
            return List.of(rows);
        }
        List<List<Object[]>> rounds = new ArrayList<>();
        Map<List<Object>, Integer> seen = new HashMap<>();
        for (Object[] row : rows) {
            Object[] k = new Object[key.length];
            for (int n = 0; n < key.length; n++) {
                k[n] = row[key[n]];
            }
            int round = seen.merge(Arrays.asList(k), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(row);
        }
        return rounds;
    }

    private Tuple columns(List<Object[]> rows) {
        String[][] columns = new String[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            if (row.length != width) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + width + " columns");
            }
            for (int c = 0; c < width; c++) {
                columns[c][r] = text(row[c]);
            }
        }
        return Tuple.from(Arrays.asList((Object[]) columns));
    }

    private static String text(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal amount -> amount.toPlainString();
            default -> value.toString();
        };
    }
}
