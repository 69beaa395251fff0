package io.ledgerline.localstack;

/** A start failure the user can act on: its message is printed without a stack trace. */
final class StackStartException extends RuntimeException {

    StackStartException(String message) {
        super(message);
    }

    StackStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
