package io.ledgerline.collections.it;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Puts the tests' {@link MovableClock} in place of the business clock. */
public class TestClockProducer {

    @Produces
    @Alternative
    @Priority(10)
    @Singleton
    Clock clock() {
        return MovableClock.SHARED;
    }
}
