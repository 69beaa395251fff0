package io.ledgerline.localstack;

import java.nio.file.Path;
import java.util.List;

/**
 * A Ledgerline service the stack runs: its Maven module folder, HTTP port and own database.
 * Adding a service to the stack is one line in {@link #ALL}.
 */
record Service(String name, String folder, int port, String database) {

    static final List<Service> ALL = List.of(
            new Service("receivables-service", "receivables-service", 8081, "receivables"),
            new Service("credit-service", "credit-service", 8082, "credit"),
            new Service("collections-service", "collections-service", 8083, "collections"),
            new Service("disputes-service", "disputes-service", 8084, "disputes"),
            new Service("reporting-service", "reporting-service", 8085, "reporting"));

    /** Where {@code ./mvnw install} puts the service's Quarkus fast-jar. */
    Path runner(Path repositoryRoot) {
        return repositoryRoot.resolve(folder).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Health and metrics: the management interface, on the HTTP port + 1000 (see identity/README.md). */
    int managementPort() {
        return port + 1000;
    }

    String managementUrl() {
        return "http://127.0.0.1:" + managementPort();
    }
}
