package io.ledgerline.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.localstack.LocalStack;
import io.ledgerline.localstack.ServiceProcess;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The running system as its users reach it: the ingest topics (the ERP and the bank), REST with a token per person,
 * and the topics an analyst reads. Nothing here calls into a service's code.
 */
final class Ledgerline implements AutoCloseable {

    static final String RECEIVABLES = "receivables-service";
    static final String CREDIT = "credit-service";
    static final String COLLECTIONS = "collections-service";
    static final String DISPUTES = "disputes-service";
    static final String REPORTING = "reporting-service";

    /** Time for an effect to travel: publish, consume, decide, relay, consume again, on a busy 2-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(120);

    final LocalStack stack;
    final Erp erp;
    final TopicLog topics;
    // People, each with the roles the job needs.
    final String operator;
    final String reader;
    final String collector;
    final String disputeAnalyst;
    final String creditAnalyst;
    final String orderDesk;

    Ledgerline(LocalStack stack) {
        this.stack = stack;
        this.erp = new Erp(stack.kafkaBootstrapServers());
        this.topics = new TopicLog(stack.kafkaBootstrapServers(), List.of("ledgerline.receivables.events",
                "ledgerline.credit.events", "ledgerline.collections.events", "ledgerline.disputes.events",
                "ledgerline.reporting.aging", "ledgerline.reporting.kpis", "ledgerline.ingest.rejected"));
        this.operator = stack.token("olli", "operator");
        this.reader = stack.token("rita", "reader");
        this.collector = stack.token("jo", "collector");
        this.disputeAnalyst = stack.token("kim", "dispute-analyst");
        this.creditAnalyst = stack.token("cara", "credit-analyst");
        this.orderDesk = stack.token("erp-orders", "operator");
    }

    boolean has(String service) {
        return stack.services().stream().anyMatch(s -> s.name().equals(service));
    }

    Optional<String> missing(List<String> services) {
        return services.stream().filter(s -> !has(s)).findFirst();
    }

    String url(String service, String path) {
        ServiceProcess process = stack.service(service);
        return process.url() + path;
    }

    void today(LocalDate day) {
        stack.setToday(day);
    }

    static BigDecimal amount(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? null : new BigDecimal(node.asText());
    }

    @Override
    public void close() throws Exception {
        topics.close();
        erp.close();
    }
}
