package io.ledgerline.receivables.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The customer's master data as last received from the ERP. */
@Entity
@Table(name = "customer_view")
public class CustomerView extends PanacheEntityBase {
    @Id
    @Column(name = "customer_id")
    public String customerId;
    public String name;
    @Column(name = "country_code")
    public String countryCode;
    public String currency;
}
