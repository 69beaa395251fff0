package io.ledgerline.testsupport;

import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Plain JDBC to the database of the Quarkus application under test (its {@code quarkus.datasource.jdbc.*}), for what
 * a test does behind the application's back: reading rows it wrote, or planting a trigger that fails on purpose.
 */
public final class ApplicationDatabase {

    private ApplicationDatabase() {
    }

    public static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }

    /** Runs {@code statements} (several, separated by semicolons, are fine) in one round trip. */
    public static void execute(String statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
