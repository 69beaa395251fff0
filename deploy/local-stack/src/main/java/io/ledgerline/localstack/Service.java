package io.ledgerline.localstack;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Ledgerline service the stack runs: its Maven module folder, HTTP port, own database and heap (the JVM's
 * {@code -Xmx} and {@code -Xms} value). Adding a service to the stack is one line in {@link #ALL}.
 */
record Service(String name, String folder, int port, String database, String heap) {

    /**
     * receivables-service keeps ingest's accounts in memory (ledgerline.accounts.cache-documents): its README's
     * "Sizing the heap" rule puts the default configuration at about 270 MiB of live heap, which 512 MiB could not
     * hold without back-to-back full collections beside another service's load (the disputes benchmark, 2026-12-02).
     */
    static final List<Service> ALL = List.of(
            new Service("receivables-service", "receivables-service", 8081, "receivables", "1g"),
            new Service("credit-service", "credit-service", 8082, "credit", "512m"),
            new Service("collections-service", "collections-service", 8083, "collections", "512m"),
            new Service("disputes-service", "disputes-service", 8084, "disputes", "512m"),
            new Service("reporting-service", "reporting-service", 8085, "reporting", "512m"));

    /**
     * The services to start with the stack, from {@code LEDGERLINE_SERVICES}: names separated by commas, with or
     * without "-service" ({@code receivables} or {@code receivables-service}); blank means every one. The others stay
     * known to the launcher, not started, so its control port can start them later. An unknown name is an error, not
     * a smaller stack than asked for.
     */
    static Set<String> selection(String value) {
        Set<String> names = new LinkedHashSet<>();
        if (value == null || value.isBlank()) {
            ALL.forEach(s -> names.add(s.name()));
            return names;
        }
        for (String part : value.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            String full = name.endsWith("-service") ? name : name + "-service";
            if (ALL.stream().noneMatch(s -> s.name().equals(full))) {
                throw new StackStartException("LEDGERLINE_SERVICES names no service '" + name + "'; known: "
                        + ALL.stream().map(Service::name).toList());
            }
            names.add(full);
        }
        return names;
    }

    /** Where {@code ./mvnw package} puts the service's Quarkus jar (aot-jar packaging, fast-jar's layout). */
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
