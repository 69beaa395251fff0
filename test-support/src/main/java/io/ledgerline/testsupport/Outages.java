package io.ledgerline.testsupport;

import java.util.Properties;

/**
 * Stops and starts the servers of {@link OutageTestResource} from a test. Quarkus loads test resources and test
 * classes in different class loaders, so the controls are kept as plain {@link Runnable}s in the JVM's system
 * properties (a JDK type every loader shares) rather than in a static field of this class.
 */
public final class Outages {

    private static final String PREFIX = "ledgerline.testsupport.outages.";

    private Outages() {
    }

    static void register(RestartablePostgres postgres, RestartableKafka kafka) {
        Properties jvm = System.getProperties();
        jvm.put(PREFIX + "postgres.stop", (Runnable) postgres::stop);
        jvm.put(PREFIX + "postgres.start", (Runnable) postgres::start);
        jvm.put(PREFIX + "kafka.stop", (Runnable) kafka::stop);
        jvm.put(PREFIX + "kafka.start", (Runnable) kafka::start);
    }

    static void unregister() {
        for (String action : new String[]{"postgres.stop", "postgres.start", "kafka.stop", "kafka.start"}) {
            System.getProperties().remove(PREFIX + action);
        }
    }

    public static void stopPostgres() {
        run("postgres.stop");
    }

    public static void startPostgres() {
        run("postgres.start");
    }

    public static void stopKafka() {
        run("kafka.stop");
    }

    public static void startKafka() {
        run("kafka.start");
    }

    private static void run(String action) {
        Object control = System.getProperties().get(PREFIX + action);
        if (!(control instanceof Runnable runnable)) {
            throw new IllegalStateException("no OutageTestResource is running for this application");
        }
        runnable.run();
    }
}
