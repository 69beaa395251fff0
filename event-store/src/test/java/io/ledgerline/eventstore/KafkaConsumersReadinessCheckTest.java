package io.ledgerline.eventstore;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConsumersReadinessCheckTest {

    @Test
    void theChannelsWaitedForAreTheKafkaConsumersThatAreSwitchedOn() {
        var config = new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(Map.of(
                "mp.messaging.incoming.ingest.connector", "smallrye-kafka",
                "mp.messaging.incoming.ingest.topics", "a,b",
                "mp.messaging.incoming.upstream.connector", "smallrye-kafka",
                "mp.messaging.incoming.off.connector", "smallrye-kafka",
                "mp.messaging.incoming.off.enabled", "false",
                "mp.messaging.incoming.memory.connector", "smallrye-in-memory",
                "mp.messaging.outgoing.rejected.connector", "smallrye-kafka"), "test", 100)).build();

        assertThat(KafkaConsumersReadinessCheck.kafkaConsumerChannels(config)).containsExactly("ingest", "upstream");
    }
}
