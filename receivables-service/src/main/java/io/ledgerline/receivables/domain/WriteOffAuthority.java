package io.ledgerline.receivables.domain;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * What the person asking for a write-off may do alone: write off up to {@code limit} (in the invoice's currency),
 * and before the invoice's due date only as a supervisor. Anything beyond becomes a request that a different person
 * in an approving role must approve. The service derives it from the caller's roles and the configured limits.
 */
public record WriteOffAuthority(Function<String, BigDecimal> limit, boolean mayWriteOffBeforeDue) {

    /** No limit and any date: for the ledger's own tests and tools, never for a person's request. */
    public static WriteOffAuthority unlimited() {
        return new WriteOffAuthority(currency -> new BigDecimal("1E+30"), true);
    }

    public BigDecimal limitIn(String currency) {
        return limit.apply(currency);
    }
}
