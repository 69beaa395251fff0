package io.ledgerline.benchmark.floor;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** The floor: an item by id from memory, as JSON. Nothing a real service does besides answering. */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    public record Item(String id, String name, String currency, BigDecimal amount) {
    }

    private static final Map<String, Item> ITEMS = new HashMap<>();

    static {
        for (int i = 0; i < 2000; i++) {
            String id = Integer.toString(i);
            ITEMS.put(id, new Item(id, "Item " + i, "EUR", BigDecimal.valueOf(1000 + i, 2)));
        }
    }

    @GET
    @Path("/{id}")
    public Item item(@PathParam("id") String id) {
        Item item = ITEMS.get(id);
        if (item == null) {
            throw new NotFoundException();
        }
        return item;
    }
}
