package io.ledgerline.localstack;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoPortfolioTest {

    private static List<DemoPortfolio.Record> generated() {
        DemoPortfolio demo = new DemoPortfolio(new StackEndpoints("", "", Map.of(), Map.of(), null),
                new PrintStream(new ByteArrayOutputStream()), day -> { });
        return demo.generate();
    }

    @Test
    void theSamePortfolioEveryTime() {
        assertThat(generated()).isEqualTo(generated());
    }

    @Test
    void aYearOfAFewHundredCustomersNothingAfterTheDemosToday() {
        List<DemoPortfolio.Record> records = generated();
        assertThat(records.stream().filter(r -> r.type().equals("CustomerUpdated"))).hasSize(DemoPortfolio.CUSTOMERS);
        assertThat(records.stream().filter(r -> r.type().equals("InvoiceIssued")).count()).isBetween(4_000L, 7_000L);
        assertThat(records.stream().filter(r -> r.type().equals("PaymentReceived")).count()).isBetween(3_500L, 6_500L);
        assertThat(records).allMatch(r -> !r.date().isAfter(DemoPortfolio.TODAY));
        // Sent in date order, each part when the business date has reached it: never "in the future" for the ledger.
        assertThat(records).isSortedAccordingTo(java.util.Comparator.comparing(DemoPortfolio.Record::date));
        // Every record its own message id: loading twice is a repeat, never a conflict.
        assertThat(records.stream().map(DemoPortfolio.Record::id).distinct().count()).isEqualTo(records.size());
    }
}
