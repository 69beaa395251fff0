package io.ledgerline.receivables.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How far the read models have got in one account's stream: the summary's version (and ETag) is this, not the
 * stream's newest version, so a clerk sending it back as If-Match edits exactly the state the clerk saw.
 */
@Entity
@Table(name = "account_view")
public class AccountView extends PanacheEntityBase {

    @Id
    @Column(name = "customer_id")
    public String customerId;

    public long version;
}
