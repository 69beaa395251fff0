package io.ledgerline.events;

/**
 * What every service's domain event has in common: it belongs to one customer, whose id is also the Kafka key it is
 * published under (so one customer's events stay in order on each topic). The sealed interfaces of the areas
 * ({@code ReceivablesEvent}, {@code CreditEvent}, {@code CollectionsEvent}, {@code DisputesEvent}) extend it, so a
 * consumer of several topics can switch over all of them at once.
 */
public interface DomainEvent {

    String customerId();
}
