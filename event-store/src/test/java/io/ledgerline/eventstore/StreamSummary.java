package io.ledgerline.eventstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The test projection's read model: how many events each stream has and which came last. */
@Entity
@Table(name = "test_stream_summary")
public class StreamSummary extends PanacheEntityBase {

    @Id
    @Column(name = "stream_id")
    public String streamId;

    public long events;

    @Column(name = "last_version")
    public long lastVersion;

    @Column(name = "last_event_type")
    public String lastEventType;
}
