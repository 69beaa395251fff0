package io.ledgerline.localstack;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where a running stack's parts answer, as a client (the demo loader, a script) needs it. The launcher's control port
 * serves it as properties ({@code GET /stack}).
 *
 * @param kafkaBootstrap  the broker
 * @param issuerUrl       the token issuer
 * @param serviceUrls     each service's HTTP address by name
 * @param managementUrls  each service's management address (health, metrics) by name
 * @param today           the stack's business date, or null when the services follow the system date
 */
public record StackEndpoints(String kafkaBootstrap, String issuerUrl, Map<String, String> serviceUrls,
                             Map<String, String> managementUrls, LocalDate today) {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Optional<String> url(String service) {
        return Optional.ofNullable(serviceUrls.get(service));
    }

    /** A bearer token for a demo user from the stack's issuer. */
    public String token(String user, String... roles) {
        StringBuilder query = new StringBuilder("user=").append(URLEncoder.encode(user, StandardCharsets.UTF_8));
        for (String role : roles) {
            query.append("&role=").append(URLEncoder.encode(role, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(issuerUrl + "/token?" + query))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("token issuer answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body().strip();
        } catch (IOException e) {
            throw new UncheckedIOException("no token issuer at " + issuerUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String toProperties() {
        Properties properties = new Properties();
        properties.setProperty("kafka.bootstrap", kafkaBootstrap);
        properties.setProperty("issuer.url", issuerUrl);
        serviceUrls.forEach((name, url) -> properties.setProperty("service." + name + ".url", url));
        managementUrls.forEach((name, url) -> properties.setProperty("service." + name + ".management", url));
        if (today != null) {
            properties.setProperty("today", today.toString());
        }
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "Ledgerline local stack");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    static StackEndpoints fromProperties(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> urls = new LinkedHashMap<>();
        Map<String, String> management = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (key.startsWith("service.") && key.endsWith(".url")) {
                urls.put(key.substring(8, key.length() - 4), properties.getProperty(key));
            } else if (key.startsWith("service.") && key.endsWith(".management")) {
                management.put(key.substring(8, key.length() - 11), properties.getProperty(key));
            }
        }
        String today = properties.getProperty("today");
        return new StackEndpoints(properties.getProperty("kafka.bootstrap"), properties.getProperty("issuer.url"),
                urls, management, today == null ? null : LocalDate.parse(today));
    }
}
