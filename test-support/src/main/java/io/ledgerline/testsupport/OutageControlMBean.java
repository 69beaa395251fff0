package io.ledgerline.testsupport;

/** The operations {@link Outages} reaches through the platform MBean server (JMX standard MBean interface). */
public interface OutageControlMBean {
    void stopPostgres();

    void startPostgres();

    void stopKafka();

    void startKafka();
}
