package io.ledgerline.benchmark.peer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The peer: an account by id, one prepared statement on the reactive PostgreSQL client against receivables' own
 * read-model tables (the same rows the service reads), as JSON. What a minimal Quarkus GET-by-id costs on this machine
 * and this database; nothing a real service adds (tokens, roles, several tables, problem+json) is here.
 */
@Path("/accounts")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    public record Account(String customerId, String name, long version) {
    }

    private static final String BY_ID = "SELECT a.customer_id, c.name, a.version FROM account_view a"
            + " LEFT JOIN customer_view c ON c.customer_id = a.customer_id WHERE a.customer_id = $1";

    private final Pool pool;

    public AccountResource(Pool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/{id}")
    public Uni<Account> account(@PathParam("id") String id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> {
            if (rows.size() == 0) {
                throw new NotFoundException();
            }
            Row row = rows.iterator().next();
            return new Account(row.getString(0), row.getString(1), row.getLong(2));
        });
    }
}
