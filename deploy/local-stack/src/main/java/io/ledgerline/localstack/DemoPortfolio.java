package io.ledgerline.localstack;

import java.io.PrintStream;

/** Placeholder, filled in below. */
final class DemoPortfolio {
    static void load(StackEndpoints endpoints, PrintStream out) {
    }
}
