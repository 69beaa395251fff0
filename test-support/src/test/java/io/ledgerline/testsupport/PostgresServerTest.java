package io.ledgerline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    private final PostgresServer server = PostgresServer.shared();

    @Test
    void eachCallCreatesADistinctEmptyDatabase() throws SQLException {
        PostgresServer.Database first = server.createDatabase("Ledger-Test");
        PostgresServer.Database second = server.createDatabase("Ledger-Test");

        assertThat(first.name()).startsWith("ledger_test_").isNotEqualTo(second.name());
        assertThat(first.reactiveUrl()).isEqualTo("postgresql://" + server.host() + ":" + server.port() + "/" + first.name());

        try (Connection connection = first.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (id int)");
        }
        try (Connection connection = second.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_database(), to_regclass('marker') IS NULL")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(second.name());
            assertThat(rs.getBoolean(2)).as("table from the other database is invisible").isTrue();
        }
    }

    @Test
    void supportsXid8TransactionIds() throws SQLException {
        PostgresServer.Database database = server.createDatabase("xid8");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertThat(rs.getInt(1)).as("xid8 and pg_current_xact_id() need PostgreSQL 13+").isGreaterThanOrEqualTo(130000);
            }
            try (ResultSet rs = statement.executeQuery(
                    "SELECT pg_current_xact_id(), pg_typeof(pg_current_xact_id())::text")) {
                rs.next();
                assertThat(Long.parseLong(rs.getString(1))).isPositive();
                assertThat(rs.getString(2)).isEqualTo("xid8");
            }
        }
    }

    @Test
    void databaseNamesAreSafeIdentifiers() {
        assertThat(PostgresServer.databaseName("9 Weird/Name!")).matches("db_9_weird_name__[0-9a-f]{12}");
        assertThat(PostgresServer.databaseName("x".repeat(100))).hasSize(63);
    }
}
