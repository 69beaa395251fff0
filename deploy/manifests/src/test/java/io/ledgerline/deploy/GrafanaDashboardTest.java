package io.ledgerline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/ledgerline.json parses, every panel queries something, and every metric a query names is one that
 * deploy/README.md documents as a name the services expose.
 */
class GrafanaDashboardTest {

    static final JsonNode DASHBOARD = Documents.json(Documents.deployDir().resolve("grafana/ledgerline.json"));

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL functions, aggregations and keywords that can stand where a metric name could. */
    private static final Set<String> PROMQL = Set.of("sum", "max", "min", "avg", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "offset", "bool", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "delta", "deriv",
            "label_values", "vector", "scalar", "time");

    @Test
    void every_panel_queries_only_documented_metrics() {
        Set<String> documented = documentedMetrics();
        assertThat(documented).as("metric table in deploy/README.md").hasSizeGreaterThan(10);
        List<JsonNode> panels = panels();
        assertThat(panels).hasSizeGreaterThan(10);
        for (JsonNode panel : panels) {
            List<String> expressions = new ArrayList<>();
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
            assertThat(expressions).as(panel.path("title").asText()).isNotEmpty().doesNotContain("");
            for (String expression : expressions) {
                Set<String> metrics = metricsIn(expression);
                assertThat(metrics).as(panel.path("title").asText() + ": " + expression).isNotEmpty();
                metrics.forEach(m -> assertThat(documented).as(panel.path("title").asText()).contains(baseName(m)));
            }
        }
    }

    @Test
    void the_service_variable_queries_a_documented_metric() {
        Set<String> documented = documentedMetrics();
        for (JsonNode variable : DASHBOARD.at("/templating/list")) {
            if (variable.path("type").asText().equals("query")) {
                // label_values(METRIC, LABEL): the second argument is a label, not a metric.
                Matcher query = Pattern.compile("label_values\\(\\s*([^,)]+)").matcher(variable.at("/query/query").asText());
                assertThat(query.find()).as(variable.path("name").asText()).isTrue();
                Set<String> metrics = metricsIn(query.group(1));
                assertThat(metrics).isNotEmpty();
                metrics.forEach(m -> assertThat(documented).contains(m));
            }
        }
    }

    @Test
    void the_metric_reader_sees_through_labels_and_functions() {
        assertThat(metricsIn("sum by (code) (rate(ledgerline_ingest_rejected_total{application=~\"$service\", x=\"a b\"}[$__rate_interval]))"))
                .containsExactly("ledgerline_ingest_rejected_total");
        assertThat(metricsIn("histogram_quantile(0.99, sum by (le) (rate(http_server_requests_seconds_bucket[5m])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(baseName("http_server_requests_seconds_bucket")).isEqualTo("http_server_requests_seconds");
    }

    /** Panels at the top and inside collapsed rows; rows themselves only group. */
    static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : DASHBOARD.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** The first column of the table between the metrics markers of deploy/README.md. */
    static Set<String> documentedMetrics() {
        String readme = Documents.text(Documents.deployDir().resolve("README.md"));
        int begin = readme.indexOf("<!-- metrics:begin -->");
        int end = readme.indexOf("<!-- metrics:end -->");
        assertThat(begin).as("metrics markers in deploy/README.md").isNotNegative().isLessThan(end);
        Set<String> names = new LinkedHashSet<>();
        Matcher row = Pattern.compile("(?m)^\\|\\s*`([a-z_:][a-z0-9_:]*)`").matcher(readme.substring(begin, end));
        while (row.find()) {
            names.add(row.group(1));
        }
        return names;
    }

    static Set<String> metricsIn(String expression) {
        String bare = expression
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")      // string literals
                .replaceAll("\\{[^}]*}", " ")                        // label matchers
                .replaceAll("\\[[^]]*]", " ")                        // range selectors
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ") // grouping labels
                .replaceAll("\\$\\w+", " ");                          // dashboard variables
        Set<String> metrics = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String name = identifier.group();
            if (!PROMQL.contains(name)) {
                metrics.add(name);
            }
        }
        return metrics;
    }

    /** A histogram is documented once; Prometheus adds _bucket, _count and _sum. */
    static String baseName(String metric) {
        return metric.replaceFirst("_(bucket|count|sum)$", "");
    }
}
