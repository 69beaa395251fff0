package io.ledgerline.deploy;

import java.util.List;

/** The five services as deploy/ runs them: name, database, HTTP port; health and metrics on HTTP port + 1000. */
record LedgerlineServices(String name, String database, int httpPort) {

    static final List<LedgerlineServices> ALL = List.of(
            new LedgerlineServices("receivables-service", "receivables", 8081),
            new LedgerlineServices("credit-service", "credit", 8082),
            new LedgerlineServices("collections-service", "collections", 8083),
            new LedgerlineServices("disputes-service", "disputes", 8084),
            new LedgerlineServices("reporting-service", "reporting", 8085));

    int managementPort() {
        return httpPort + 1000;
    }
}
