package io.ledgerline.eventstore;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Where a projection is rebuilt while its live tables go on answering: a schema of its own ({@code rebuild_<name>})
 * holding an empty copy of each of its tables. The projection's own code writes there unchanged, because its
 * unqualified table names resolve through {@code search_path}, which a shadow batch points at that schema for its
 * transaction only.
 * <p>
 * When the shadow copy has caught up with the live checkpoint, {@link #swapIn} makes the live rows the shadow's in
 * one transaction ({@code DELETE} of the live rows that differ and {@code INSERT ... SELECT} of the shadow rows not
 * left, which are MVCC-safe: a reader sees the old rows until the commit and the new ones after it, never an empty
 * table). The live tables are kept rather than
 * renamed, so their names, indexes, constraints and grants, which migrations refer to, stay as they are.
 */
final class ShadowTables {

    private final String schema;
    private final List<String> tables;

    private final boolean withoutSecondaryIndexes;

    /** With {@code withoutSecondaryIndexes}, the copies keep only their primary keys and unique indexes. */
    ShadowTables(String projection, List<String> tables, boolean withoutSecondaryIndexes) {
        this.schema = "rebuild_" + projection.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        this.tables = tables.stream().map(ShadowTables::checkedName).toList();
        this.withoutSecondaryIndexes = withoutSecondaryIndexes;
    }

    String schema() {
        return schema;
    }

    /**
     * Drops whatever an earlier rebuild left and creates empty copies (columns, defaults, indexes) of the tables.
     * <p>
     * The copies are {@code UNLOGGED}: nobody reads them but the rebuild, and their rows reach the live tables (which
     * are logged) only by {@link #swapIn}, so writing them to the WAL as well was pure cost (every row of the replay
     * written twice, and flushed at every batch's commit). PostgreSQL empties unlogged tables after a crash of the
     * server (not of a service), which would silently lose the replay so far: so the schema also gets an unlogged
     * marker row, and {@link #intact} tells the rebuild to start over when it is gone.
     */
    Uni<Void> recreate(Mutiny.Session session) {
        Uni<Void> work = execute(session, "DROP SCHEMA IF EXISTS " + schema + " CASCADE")
                .chain(() -> execute(session, "CREATE SCHEMA " + schema));
        for (String table : tables) {
            work = work.chain(() -> execute(session,
                    "CREATE UNLOGGED TABLE " + schema + "." + table + " (LIKE " + table + " INCLUDING ALL)"));
            if (withoutSecondaryIndexes) {
                work = work.chain(() -> dropSecondaryIndexes(session, schema + "." + table));
            }
        }
        return work.chain(() -> execute(session, "CREATE UNLOGGED TABLE " + schema + "." + MARKER + " (intact boolean)"))
                .chain(() -> execute(session, "INSERT INTO " + schema + "." + MARKER + " VALUES (true)"));
    }

    /**
     * Drops the copy's non-unique indexes (see {@link Projection#rebuildsWithoutSecondaryIndexes()}): the primary key and
     * unique indexes stay, because upserts ({@code ON CONFLICT}) and updates by key need them. The live tables keep
     * all of theirs; the swap copies the rows into them.
     */
    private static Uni<Void> dropSecondaryIndexes(Mutiny.Session session, String qualifiedTable) {
        return session.createNativeQuery("SELECT cast(cast(i.indexrelid AS regclass) AS text) FROM pg_index i"
                        + " WHERE i.indrelid = cast(cast(?1 AS text) AS regclass) AND NOT i.indisunique", String.class)
                .setParameter(1, qualifiedTable)
                .getResultList()
                .chain(names -> {
                    Uni<Void> drops = Uni.createFrom().voidItem();
                    for (String name : names) {
                        // The name comes from the catalogue as regclass text: schema-qualified and quoted as needed.
                        drops = drops.chain(() -> execute(session, "DROP INDEX " + name));
                    }
                    return drops;
                });
    }

    /** Memory for the swap's comparison of the live rows with the shadow's (a transaction's setting). */
    private static final String SWAP_WORK_MEM = "64MB";

    /** Unlogged like the copies: emptied with them when the server recovers from a crash. */
    private static final String MARKER = "rebuild_intact";

    /**
     * Whether the shadow copies still hold what the rebuild wrote: false when the schema is gone or its marker row was
     * emptied by the server's crash recovery (then the rebuild must start again from the first event).
     */
    Uni<Boolean> intact(Mutiny.Session session) {
        return session.createNativeQuery("SELECT to_regclass(?1) IS NOT NULL", Boolean.class)
                .setParameter(1, schema + "." + MARKER)
                .getSingleResult()
                .chain(exists -> !exists ? Uni.createFrom().item(false)
                        : session.createNativeQuery("SELECT count(*) > 0 FROM " + schema + "." + MARKER, Boolean.class)
                                .getSingleResult());
    }

    /**
     * Runs {@code work} with the shadow schema first on the search path, flushes what it wrote while that still
     * holds, and puts the search path back.
     */
    Uni<Void> inShadow(Mutiny.Session session, Supplier<Uni<Void>> work) {
        return session.createNativeQuery("SELECT current_setting('search_path')", String.class).getSingleResult()
                .chain(live -> setSearchPath(session, schema)
                        .chain(() -> work.get())
                        .chain(session::flush)
                        .chain(() -> setSearchPath(session, live)));
    }

    /**
     * Makes the live rows exactly the shadow's, then drops the shadow schema; all in the caller's transaction.
     * <p>
     * A table with a primary key gets only the difference: the live rows with no identical shadow row under the same
     * key are deleted, then the shadow rows whose key is no longer live are inserted. "Identical" is PostgreSQL's
     * binary image comparison of the whole row ({@code *=}, as {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} uses),
     * so 10.0 and 10.00, or two spellings that compare equal under a collation, count as different and are replaced:
     * afterwards the live table holds the shadow's rows byte for byte. Most rows of a rebuild come back the same, and
     * those are neither deleted nor inserted again (no index entries, no WAL, no dead rows for vacuum). A table without
     * a primary key has every row replaced. Either way MVCC-safe: readers see the old rows until the commit.
     */
    Uni<Void> swapIn(Mutiny.Session session) {
        // The comparison hashes one side's rows: with the default 4 MB it spills to disk in batches for a read model
        // of a few hundred thousand rows. For this transaction only.
        Uni<Void> work = session.createNativeQuery("SELECT set_config('work_mem', ?1, true)", String.class)
                .setParameter(1, SWAP_WORK_MEM).getSingleResult().replaceWithVoid();
        for (String table : tables) {
            String shadow = schema + "." + table;
            work = work.chain(() -> primaryKey(session, table)).chain(key -> {
                if (key.isEmpty()) {
                    return execute(session, "DELETE FROM " + table)
                            .chain(() -> execute(session, "INSERT INTO " + table + " SELECT * FROM " + shadow));
                }
                String sameKey = key.stream().map(column -> "s." + column + " = l." + column)
                        .reduce((a, b) -> a + " AND " + b).orElseThrow();
                return execute(session, "DELETE FROM " + table + " l WHERE NOT EXISTS (SELECT 1 FROM " + shadow
                        + " s WHERE " + sameKey + " AND s OPERATOR(pg_catalog.*=) l)")
                        .chain(() -> execute(session, "INSERT INTO " + table + " SELECT * FROM " + shadow
                                + " s WHERE NOT EXISTS (SELECT 1 FROM " + table + " l WHERE " + sameKey + ")"));
            });
        }
        return work.chain(() -> execute(session, "DROP SCHEMA " + schema + " CASCADE"));
    }

    /** The live table's primary key columns, quoted for SQL text; empty when it has none. */
    private static Uni<List<String>> primaryKey(Mutiny.Session session, String table) {
        return session.createNativeQuery("SELECT quote_ident(cast(a.attname AS text)) FROM pg_index i"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
                        + " WHERE i.indrelid = cast(cast(?1 AS text) AS regclass) AND i.indisprimary"
                        + " ORDER BY a.attnum", String.class)
                .setParameter(1, table)
                .getResultList();
    }

    private static Uni<Void> setSearchPath(Mutiny.Session session, String path) {
        return session.createNativeQuery("SELECT set_config('search_path', ?1, true)", String.class)
                .setParameter(1, path)
                .getSingleResult()
                .replaceWithVoid();
    }

    private static Uni<Void> execute(Mutiny.Session session, String sql) {
        return session.createNativeQuery(sql).executeUpdate().replaceWithVoid();
    }

    /** Table names go into SQL text: only plain lower-case identifiers are accepted. */
    private static String checkedName(String table) {
        if (!table.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("a projection table must be a plain lower-case name: " + table);
        }
        return table;
    }
}
