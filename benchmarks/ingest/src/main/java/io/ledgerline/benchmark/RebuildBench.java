package io.ledgerline.benchmark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Rebuild of receivables' account read models once the ingest phase has filled the store: asked for as an operator
 * would ({@code POST /admin/projections/accounts/rebuild} with an operator's token from the stack's issuer), then
 * timed from the database's own record of it ({@code projection_control}: requested at, finished at, events
 * replayed), so polling adds nothing to the figure. The live tables keep answering meanwhile; the rebuild replays
 * every event into shadow tables and swaps them in.
 */
final class RebuildBench {

    static final String PROJECTION = "accounts";

    record Result(long events, double seconds, long storeEvents, String autovacuum) {
        double perSecond() {
            return events / seconds;
        }
    }

    private final Settings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RebuildBench(Settings settings) {
        this.settings = settings;
    }

    static String operatorToken(HttpClient http, Settings settings) throws Exception {
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(settings.issuerUrl() + "/token?user="
                        + URLEncoder.encode("benchmark", StandardCharsets.UTF_8) + "&role=operator"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            throw new IllegalStateException("the token issuer answered " + token.statusCode() + ": " + token.body());
        }
        return token.body().trim();
    }

    Result run(Duration timeout) throws Exception {
        String url = settings.pgUrlFor(settings.receivablesDatabase());
        try (Connection db = DriverManager.getConnection(url, settings.pgUser(), settings.pgPassword())) {
            long storeEvents = count(db, "SELECT count(*) FROM events");
            long vacuumsBefore = count(db, VACUUMS);
            long workersAtStart = count(db, AUTOVACUUM_WORKERS);
            long generationBefore = generation(db);
            String token = operatorToken(http, settings);
            HttpResponse<String> asked = http.send(HttpRequest.newBuilder(
                            URI.create(settings.serviceUrl() + "/admin/projections/" + PROJECTION + "/rebuild"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (asked.statusCode() != 202) {
                throw new IllegalStateException("rebuild not accepted: HTTP " + asked.statusCode() + " " + asked.body());
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            try (PreparedStatement state = db.prepareStatement("""
                    SELECT rebuilding, rebuild_generation, rebuild_replayed,
                           extract(epoch FROM rebuild_finished_at - rebuild_requested_at) AS seconds
                      FROM projection_control WHERE name = ?""")) {
                state.setString(1, PROJECTION);
                long lastReport = System.nanoTime();
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = state.executeQuery()) {
                        if (rs.next() && rs.getLong("rebuild_generation") > generationBefore) {
                            if (!rs.getBoolean("rebuilding") && rs.getObject("seconds") != null) {
                                String autovacuum = String.format("autovacuum: %d worker(s) running when the rebuild"
                                        + " was asked for, %d autovacuum/autoanalyze run(s) of the service's tables"
                                        + " finished during it", workersAtStart, count(db, VACUUMS) - vacuumsBefore);
                                return new Result(rs.getLong("rebuild_replayed"), rs.getDouble("seconds"), storeEvents,
                                        autovacuum);
                            }
                            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                                System.out.printf("  rebuilding: %,d events replayed so far%n",
                                        rs.getLong("rebuild_replayed"));
                                lastReport = System.nanoTime();
                            }
                        }
                    }
                    Thread.sleep(200);
                }
            }
            throw new IllegalStateException("the rebuild did not finish within " + timeout.toSeconds() + " s");
        }
    }

    /** Autovacuum's finished runs on the service's tables, and its workers busy now (any database). */
    private static final String VACUUMS =
            "SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0) FROM pg_stat_user_tables";
    private static final String AUTOVACUUM_WORKERS =
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'";

    private static long generation(Connection db) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(
                "SELECT rebuild_generation FROM projection_control WHERE name = ?")) {
            s.setString(1, PROJECTION);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    static long count(Connection db, String sql) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
