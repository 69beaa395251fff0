package io.ledgerline.collections.service;

import io.ledgerline.collections.domain.Ledger;
import io.ledgerline.events.EventJson;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer rows lists and the worklist read (table {@code customer_view}), written with the facts that changed
 * them, and the collectors' load the portfolio rules assign by.
 */
public final class CustomerViews {

    private static final String UPSERT = """
            INSERT INTO customer_view (customer_id, name, country_code, time_zone, risk_class, past_due_amount,
                                       past_due, days_past_due, delinquent_as_of, updated_at)
            SELECT c, n, cc, tz, r, a, p, d, asof, now()
              FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::text[],
                          $8::int4[], $9::date[]) AS u(c, n, cc, tz, r, a, p, d, asof)
            ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name, country_code = excluded.country_code,
                time_zone = excluded.time_zone, risk_class = excluded.risk_class,
                past_due_amount = excluded.past_due_amount, past_due = excluded.past_due,
                days_past_due = excluded.days_past_due, delinquent_as_of = excluded.delinquent_as_of,
                updated_at = excluded.updated_at
            """;

    private CustomerViews() {
    }

    /** The past-due amounts per currency as receivables last said them (column {@code past_due}, JSON). */
    static List<CurrencyAmount> pastDue(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        return List.of(EventJson.read(json, CurrencyAmount[].class));
    }

    /**
     * The worklist's past-due figure (the currencies' amounts added, what the score weighs) without the column's four
     * decimals: 20.0000 reads 20.00.
     */
    static BigDecimal scoreAmount(BigDecimal amount) {
        BigDecimal plain = amount.stripTrailingZeros();
        return plain.scale() < 2 ? plain.setScale(2) : plain;
    }

    public static Uni<Void> upsert(SqlConnection tx, List<Ledger> ledgers) {
        if (ledgers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = ledgers.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        String[] countries = new String[n];
        String[] zones = new String[n];
        String[] risks = new String[n];
        BigDecimal[] amounts = new BigDecimal[n];
        String[] pastDue = new String[n];
        Integer[] days = new Integer[n];
        LocalDate[] asOf = new LocalDate[n];
        for (int i = 0; i < n; i++) {
            Ledger ledger = ledgers.get(i);
            ids[i] = ledger.customerId;
            names[i] = ledger.name;
            countries[i] = ledger.countryCode;
            zones[i] = ledger.timeZone;
            risks[i] = ledger.riskClass;
            amounts[i] = ledger.pastDueTotal();
            pastDue[i] = ledger.delinquency == null ? "[]" : EventJson.writeString(ledger.delinquency.pastDueAmounts());
            days[i] = ledger.delinquency == null ? 0 : ledger.delinquency.daysPastDue();
            asOf[i] = ledger.delinquency == null ? ledger.curedAsOf : ledger.delinquency.asOf();
        }
        return tx.preparedQuery(UPSERT).execute(Tuple.tuple().addArrayOfString(ids).addArrayOfString(names)
                .addArrayOfString(countries).addArrayOfString(zones).addArrayOfString(risks)
                .addArrayOfBigDecimal(amounts).addArrayOfString(pastDue).addArrayOfInteger(days)
                .addArrayOfLocalDate(asOf)).replaceWithVoid();
    }

    /** Open cases per collector, as the case read model has them now. */
    public static Uni<Map<String, Integer>> openCasesPerCollector(SqlClient client) {
        return client.query("SELECT collector, count(*) FROM case_view WHERE status = 'OPEN' AND collector IS NOT NULL"
                        + " GROUP BY collector").execute()
                .map(rows -> {
                    Map<String, Integer> load = new HashMap<>();
                    for (Row row : rows) {
                        load.put(row.getString(0), row.getLong(1).intValue());
                    }
                    return load;
                });
    }
}
