package io.ledgerline.testsupport;

import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * Stops and starts the servers of {@link OutageTestResource} from a test. Quarkus loads test resources and test
 * classes in different class loaders, so the controls are registered as an MBean on the JVM's platform MBean server
 * and invoked by name: only JDK types cross between the loaders.
 */
public final class Outages {

    static final String NAME = "io.ledgerline.testsupport:type=OutageControl";

    private Outages() {
    }

    /** The MBean that does the work, registered by the test resource. */
    static final class OutageControl implements OutageControlMBean {
        private final RestartablePostgres postgres;
        private final RestartableKafka kafka;

        OutageControl(RestartablePostgres postgres, RestartableKafka kafka) {
            this.postgres = postgres;
            this.kafka = kafka;
        }

        @Override
        public void stopPostgres() {
            postgres.stop();
        }

        @Override
        public void startPostgres() {
            postgres.start();
        }

        @Override
        public void stopKafka() {
            kafka.stop();
        }

        @Override
        public void startKafka() {
            kafka.start();
        }
    }

    static void register(RestartablePostgres postgres, RestartableKafka kafka) {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new javax.management.StandardMBean(new OutageControl(postgres, kafka),
                    OutageControlMBean.class), name);
        } catch (JMException e) {
            throw new IllegalStateException("could not register the outage controls", e);
        }
    }

    static void unregister() {
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("could not unregister the outage controls", e);
        }
    }

    public static void stopPostgres() {
        invoke("stopPostgres");
    }

    public static void startPostgres() {
        invoke("startPostgres");
    }

    public static void stopKafka() {
        invoke("stopKafka");
    }

    public static void startKafka() {
        invoke("startKafka");
    }

    private static void invoke(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), operation, new Object[0],
                    new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("no OutageTestResource is running for this application, or " + operation
                    + " failed", e);
        }
    }
}
